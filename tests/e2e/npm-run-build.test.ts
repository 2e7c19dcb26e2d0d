// `npm run build` exactly as users run it: the package.json script, precompiled into .build/, in its own process.
// The other end-to-end tests call the same buildSite (src/build/build-site.ts) in-process under tsx.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { articleText, makeContentDir, makePhoto, VALID_FRONT_MATTER } from "../helpers/fixture-site.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const run = promisify(execFile);

const BUILD_SCRIPT = (JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as { scripts: { build: string } }).scripts.build;

const buildEnv = (contentDir: string, outputDir: string, cacheDir = `${contentDir}-cache`) => ({
  ...process.env,
  NEWSROOM_CONTENT_DIR: contentDir,
  NEWSROOM_CACHE_DIR: cacheDir,
  NEWSROOM_OUTPUT_DIR: outputDir,
});

function npmRunBuild(contentDir: string, outputDir: string) {
  return run("sh", ["-c", BUILD_SCRIPT], { cwd: ROOT, env: buildEnv(contentDir, outputDir) });
}

/** A process and all it started, from /proc (Linux). */
function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // Gone already.
  }
  return [pid, ...children.flatMap(processTree)];
}

/**
 * Runs a shell command and returns the largest peak resident memory (VmHWM) of a Node process it started, in MB:
 * polled from /proc while it runs. VmHWM only grows, so a late poll still sees an earlier peak.
 */
async function peakNodeMegabytes(command: string, env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn("sh", ["-c", command], { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"] });
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    errors += chunk;
  });
  let peakKilobytes = 0;
  const poll = setInterval(() => {
    for (const pid of processTree(child.pid ?? 0)) {
      try {
        if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "node") continue;
        const kilobytes = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
        peakKilobytes = Math.max(peakKilobytes, kilobytes);
      } catch {
        // Exited between the listing and the read.
      }
    }
  }, 10);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearInterval(poll);
  assert.equal(code, 0, `${command} failed:\n${errors}`);
  return peakKilobytes / 1024;
}

describe("the precompiled build", () => {
  const folders: string[] = [];
  let contentDir: string;
  before(async () => {
    const { image: _image, ...textOnly } = VALID_FRONT_MATTER;
    contentDir = await makeContentDir(
      [
        { file: "articles/story.md", text: articleText(VALID_FRONT_MATTER) },
        { file: "articles/unfinished.md", text: articleText({ ...textOnly, title: "Unfinished draft", draft: true }) },
      ],
      {
        "articles/images/photo.jpg": await makePhoto(1300, 1250),
      },
    );
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
    const coldPage = await readFile(path.join(outputDir, "story", "index.html"), "utf8");
    assert.ok(coldPage.includes("Fixture headline"));
    const warm = await npmRunBuild(contentDir, outputDir);
    assert.doesNotMatch(warm.stdout, /Encoding/);
    assert.match(warm.stdout, /Built \d+ pages, 17 images, /);
    assert.equal(await readFile(path.join(outputDir, "story", "index.html"), "utf8"), coldPage);
  });

  it("refuses bad content from the worker with every problem listed, exits 1 and leaves no staging folder", async () => {
    const broken = await makeContentDir([{ file: "articles/bad.md", text: articleText({ title: "", author: "A", description: "D" }) }]);
    const parent = await mkdtemp(path.join(os.tmpdir(), "newsroom-precompiled-bad-"));
    folders.push(broken, `${broken}-cache`, parent);
    await assert.rejects(npmRunBuild(broken, path.join(parent, "site")), (error: unknown) => {
      const failure = error as { code: number; stderr: string };
      assert.equal(failure.code, 1);
      assert.match(failure.stderr, /bad\.md:\d+ → title/);
      assert.match(failure.stderr, /bad\.md:1 → date: is required but missing/);
      return true;
    });
    // Regression: Eleventy's passthrough copy ran beside the failing data load and recreated the staging folder after
    // the build had removed it, leaving `site.building-*` beside the output.
    assert.deepEqual(await readdir(parent), []);
  });

  it("refuses a missing content folder with one problem naming it, not a stack trace", async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), "newsroom-precompiled-missing-"));
    folders.push(parent);
    await assert.rejects(npmRunBuild(path.join(parent, "no-content"), path.join(parent, "site")), (error: unknown) => {
      const failure = error as { code: number; stderr: string };
      assert.equal(failure.code, 1);
      assert.match(failure.stderr, /no-content → \(folder\): the content folder does not exist/);
      assert.doesNotMatch(failure.stderr, /\n\s+at /, "no stack trace");
      return true;
    });
    // The minified templates may be cached meanwhile; no site and no staging folder are written.
    assert.deepEqual(
      (await readdir(parent)).filter((name) => !name.endsWith("-cache")),
      [],
      "nothing written",
    );
  });

  it("publishes no draft: not its page, nor in the front page, the feeds or the sitemap", async () => {
    const outputDir = path.join(os.tmpdir(), `newsroom-precompiled-drafts-${process.pid}`);
    folders.push(outputDir);
    await npmRunBuild(contentDir, outputDir);
    await assert.rejects(readFile(path.join(outputDir, "unfinished", "index.html")), { code: "ENOENT" });
    for (const file of ["index.html", "feed.xml", "feed.json", "sitemap.xml"]) {
      const text = await readFile(path.join(outputDir, file), "utf8");
      assert.ok(text.includes("story"), `${file} lists the published article`);
      assert.ok(!text.includes("nfinished"), `${file} leaves the draft out`);
    }
  });

  describe("a site of many articles", () => {
    const { image: _image, ...textOnly } = VALID_FRONT_MATTER;
    const count = 130;
    const articles = Array.from({ length: count }, (_, index) => ({
      file: `articles/story-${String(index).padStart(3, "0")}.md`,
      text: articleText(
        { ...textOnly, title: `Story ${index}`, date: new Date(Date.UTC(2024, 0, 1, 0, index)).toISOString() },
        `Paragraph of story ${index}, [linking the first one](/story-000/).\n`,
      ),
    }));

    it("refuses two articles with one address far apart in the list, and publishes nothing", async () => {
      const clash = articles.map((article, index) =>
        index === count - 1 ? { ...article, text: articleText({ ...textOnly, title: "Clash", slug: "story-000" }) } : article,
      );
      const content = await makeContentDir(clash);
      const parent = await mkdtemp(path.join(os.tmpdir(), "newsroom-precompiled-clash-"));
      folders.push(content, `${content}-cache`, parent);
      await assert.rejects(npmRunBuild(content, path.join(parent, "site")), (error: unknown) => {
        const failure = error as { code: number; stderr: string };
        assert.equal(failure.code, 1);
        assert.match(
          failure.stderr,
          new RegExp(`story-${count - 1}\\.md → slug: the address /story-000/ is already used by .*story-000\\.md`),
        );
        return true;
      });
      // The article pages had been written into the staging folder; it is gone, and no site appeared.
      assert.deepEqual(await readdir(parent), []);
    });
  });
});

describe("the build's memory with pictures", () => {
  // glibc keeps, per thread, the memory libvips' threads free while sharp encodes; the script's MALLOC_* settings
  // give it back (docs/performance.md, "Memory with pictures"). Other C libraries ignore them.
  const glibc = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime;
  const skip =
    glibc === undefined || !existsSync(`/proc/${process.pid}/task/${process.pid}/children`)
      ? "needs Linux with glibc and /proc's children lists"
      : false;
  const folders: string[] = [];
  after(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it("peaks lower in a cold build with pictures with the allocator settings npm run build gives Node", { skip }, async (context) => {
    const articles = [0, 1, 2].map((n) => ({
      file: `articles/story-${n}.md`,
      text: articleText({
        ...VALID_FRONT_MATTER,
        title: `Story ${n}`,
        image: { ...VALID_FRONT_MATTER.image, src: `images/photo-${n}.jpg` },
      }),
    }));
    const photos = Object.fromEntries(
      await Promise.all([0, 1, 2].map(async (n) => [`articles/images/photo-${n}.jpg`, await makePhoto(1800 + n * 200, 1300)] as const)),
    );
    const contentDir = await makeContentDir(articles, photos);
    const outputDir = path.join(os.tmpdir(), `newsroom-memory-${process.pid}`);
    folders.push(contentDir, outputDir, `${contentDir}-with`, `${contentDir}-without`);
    const withoutSettings = BUILD_SCRIPT.replace(/\bMALLOC_\w+=\S+\s+/g, "");
    assert.notEqual(withoutSettings, BUILD_SCRIPT, "the script gives Node allocator settings");
    // Each build from an empty cache, so each encodes every derivative.
    const withThem = await peakNodeMegabytes(BUILD_SCRIPT, buildEnv(contentDir, outputDir, `${contentDir}-with`));
    // Unset, not inherited: a machine that sets them for every process would compare the settings with themselves.
    const defaults = { MALLOC_ARENA_MAX: undefined, MALLOC_MMAP_THRESHOLD_: undefined, GLIBC_TUNABLES: undefined };
    const without = await peakNodeMegabytes(withoutSettings, { ...buildEnv(contentDir, outputDir, `${contentDir}-without`), ...defaults });
    context.diagnostic(
      `peak memory of a cold build of 3 photos: ${withThem.toFixed(0)} MB with the settings, ${without.toFixed(0)} MB without`,
    );
    assert.ok(withThem < 0.9 * without, `${withThem.toFixed(0)} MB with the settings, ${without.toFixed(0)} MB without`);
  });
});
