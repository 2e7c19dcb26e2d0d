// Two clean builds of the same sources are byte-identical: one in this process, one in a child with a single libuv
// thread (UV_THREADPOOL_SIZE=1, so sharp encodes one image at a time), each from a copy of the project whose
// files carry different modification times. Nothing may depend on thread count, timing or a file's mtime.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cp, mkdir, readdir, readFile, rm, symlink, utimes } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { buildSite } from "../../src/build/build-site.ts";
import { articleText, makeContentDir, makePhoto, namesIn, snapshotFolder, VALID_FRONT_MATTER } from "../helpers/fixture-site.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const run = promisify(execFile);

/** Copies what a build reads into `target` and sets every file's mtime to `date`. */
async function copyProject(target: string, contentDir: string, date: Date): Promise<string> {
  await mkdir(target, { recursive: true });
  for (const name of [".eleventy.ts", "package.json", "src", "assets"])
    await cp(path.join(ROOT, name), path.join(target, name), { recursive: true });
  await cp(contentDir, path.join(target, "content"), { recursive: true });
  await symlink(path.join(ROOT, "node_modules"), path.join(target, "node_modules"));
  const entries = await readdir(target, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (entry.isFile() || entry.isDirectory()) await utimes(path.join(entry.parentPath, entry.name), date, date);
  }
  return target;
}

describe("reproducible builds", () => {
  const work = path.join(os.tmpdir(), `newsroom-reproducible-${process.pid}`);
  let first: Map<string, string>;
  let second: Map<string, string>;
  let contentDir: string;

  before(async () => {
    contentDir = await makeContentDir(
      [
        { file: "articles/first-story.md", text: articleText({ ...VALID_FRONT_MATTER, title: "First story" }) },
        { file: "articles/second-story.md", text: articleText({ ...VALID_FRONT_MATTER, title: "Second story", date: "2024-06-01" }) },
      ],
      { "articles/images/photo.jpg": await makePhoto(1300, 1250, { orientation: 6 }) },
    );
    const rootA = await copyProject(path.join(work, "a"), contentDir, new Date("2001-01-01T00:00:00Z"));
    const rootB = await copyProject(path.join(work, "b"), contentDir, new Date("2030-06-15T12:34:56Z"));

    // Eleventy reads its folders relative to the working directory: each build runs from its copy's root.
    const cwd = process.cwd();
    process.env["NEWSROOM_CACHE_DIR"] = path.join(work, "cache-a");
    process.chdir(rootA);
    try {
      await buildSite({ root: rootA, outputDir: path.join(work, "site-a"), log: () => {} });
    } finally {
      process.chdir(cwd);
      delete process.env["NEWSROOM_CACHE_DIR"];
    }
    const childEnv: NodeJS.ProcessEnv = { ...process.env, UV_THREADPOOL_SIZE: "1", NEWSROOM_CACHE_DIR: path.join(work, "cache-b") };
    delete childEnv["NEWSROOM_CONTENT_DIR"];
    await run(process.execPath, ["--import", "tsx", path.join(rootB, "src", "cli", "build.ts")], {
      cwd: rootB,
      env: { ...childEnv, NEWSROOM_OUTPUT_DIR: path.join(work, "site-b") },
    });
    first = await snapshotFolder(path.join(work, "site-a"));
    second = await snapshotFolder(path.join(work, "site-b"));
  });

  after(async () => {
    await rm(work, { recursive: true, force: true });
    await rm(contentDir, { recursive: true, force: true });
  });

  it("publishes the same files", () => {
    assert.ok(first.size > 20, `${first.size} files`);
    assert.deepEqual([...second.keys()].sort(), [...first.keys()].sort());
  });

  it("publishes byte-identical files (pages, feeds, sitemap, _headers, AVIF/WebP/JPEG images)", () => {
    const different = [...first].filter(([file, bytes]) => second.get(file) !== bytes).map(([file]) => file);
    assert.deepEqual(different, []);
    assert.ok([...first.keys()].some((file) => file.endsWith(".avif")));
    assert.ok(first.has("_headers"));
  });
});

describe("atomic builds", () => {
  it("leaves no stale file: an article removed from content/ is gone from the next build, and no staging folder remains", async () => {
    const outputDir = path.join(os.tmpdir(), `newsroom-stale-${process.pid}`, "site");
    const { image: _image, ...withoutImage } = VALID_FRONT_MATTER;
    const both = await makeContentDir([
      { file: "articles/kept-story.md", text: articleText({ ...withoutImage, title: "Kept" }) },
      { file: "articles/removed-story.md", text: articleText({ ...withoutImage, title: "Removed" }) },
    ]);
    const one = await makeContentDir([{ file: "articles/kept-story.md", text: articleText({ ...withoutImage, title: "Kept" }) }]);
    try {
      for (const contentDir of [both, one]) {
        process.env["NEWSROOM_CONTENT_DIR"] = contentDir;
        process.env["NEWSROOM_CACHE_DIR"] = `${contentDir}-cache`;
        await buildSite({ root: ROOT, outputDir, log: () => {} });
      }
      const files = [...(await snapshotFolder(outputDir)).keys()];
      assert.ok(files.includes(path.join("kept-story", "index.html")));
      assert.ok(!files.some((file) => file.startsWith("removed-story")));
      assert.ok(!(await readFile(path.join(outputDir, "sitemap.xml"), "utf8")).includes("removed-story"));
      assert.deepEqual(await namesIn(path.dirname(outputDir)), ["site"]);
    } finally {
      delete process.env["NEWSROOM_CONTENT_DIR"];
      delete process.env["NEWSROOM_CACHE_DIR"];
      await rm(path.dirname(outputDir), { recursive: true, force: true });
      for (const folder of [both, one]) {
        await rm(folder, { recursive: true, force: true });
        await rm(`${folder}-cache`, { recursive: true, force: true });
      }
    }
  });
});
