// `npm run build` as shipped: precompiled into .build/, with the content loaded in a worker thread. The other
// end-to-end tests build through tsx, where no worker runs; this one checks the worker's two answers.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { articleText, makeContentDir, makePhoto, VALID_FRONT_MATTER } from "./helpers/fixture-site.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const run = promisify(execFile);

async function npmRunBuild(contentDir: string, outputDir: string) {
  const env = {
    ...process.env,
    NEWSROOM_CONTENT_DIR: contentDir,
    NEWSROOM_CACHE_DIR: `${contentDir}-cache`,
    NEWSROOM_OUTPUT_DIR: outputDir,
  };
  const manifest = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as { scripts: { build: string } };
  return run("sh", ["-c", manifest.scripts.build], { cwd: ROOT, env });
}

describe("the precompiled build", () => {
  const folders: string[] = [];
  let contentDir: string;
  before(async () => {
    contentDir = await makeContentDir([{ file: "articles/story.md", text: articleText(VALID_FRONT_MATTER) }], {
      "articles/images/photo.jpg": await makePhoto(1300, 1250),
    });
    folders.push(contentDir, `${contentDir}-cache`);
  });
  after(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it("builds the pages and images, says what it encodes, and takes everything from the cache the second time", async () => {
    const outputDir = path.join(os.tmpdir(), `newsroom-precompiled-${process.pid}`);
    folders.push(outputDir);
    const cold = await npmRunBuild(contentDir, outputDir);
    assert.match(cold.stdout, /Encoding 18 image derivatives of .*photo\.jpg \(0 from the cache\)/);
    assert.match(cold.stdout, /Built \d+ pages, 17 images, /);
    assert.ok((await readFile(path.join(outputDir, "story", "index.html"), "utf8")).includes("Fixture headline"));
    const warm = await npmRunBuild(contentDir, outputDir);
    assert.doesNotMatch(warm.stdout, /Encoding/);
    assert.match(warm.stdout, /Built \d+ pages, 17 images, /);
  });

  it("refuses bad content from the worker with every problem listed, exits 1 and leaves no staging folder", async () => {
    const broken = await makeContentDir([{ file: "bad.md", text: articleText({ title: "", author: "A", description: "D" }) }]);
    const parent = await mkdtemp(path.join(os.tmpdir(), "newsroom-precompiled-bad-"));
    folders.push(broken, `${broken}-cache`, parent);
    await assert.rejects(npmRunBuild(broken, path.join(parent, "site")), (error: unknown) => {
      const failure = error as { code: number; stderr: string };
      assert.equal(failure.code, 1);
      assert.match(failure.stderr, /bad\.md:\d+ → title/);
      assert.match(failure.stderr, /bad\.md → date/);
      return true;
    });
    // Regression: Eleventy's passthrough copy ran beside the failing data load and recreated the staging folder after
    // the build had removed it, leaving `site.building-*` beside the output.
    assert.deepEqual(await readdir(parent), []);
  });
});
