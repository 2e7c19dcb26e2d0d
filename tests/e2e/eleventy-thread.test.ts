// Eleventy on its own thread (src/build/eleventy-thread.ts), as `npm run build` runs it: a real worker thread
// importing real Eleventy, rendering the two pages in src/render/pages/ from what the main thread sends.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { pageGlobals } from "../../src/build/eleventy-config.ts";
import { startEleventyThread } from "../../src/build/eleventy-thread.ts";
import { projectPaths } from "../../src/build/project-paths.ts";
import { loadBuildData } from "../../src/render/build-data.ts";
import { minifyTemplates } from "../../src/render/template-environment.ts";
import { articleText, makeContentDir, ROOT, VALID_FRONT_MATTER } from "../helpers/fixture-site.ts";

const WORKER = new URL("../../src/build/eleventy-worker.ts", import.meta.url);

describe("Eleventy's thread", () => {
  let work: string;
  let contentDir: string;
  let inputs: Parameters<ReturnType<typeof startEleventyThread>["send"]>[0];

  before(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), "newsroom-eleventy-thread-"));
    const { image: _image, ...withoutImage } = VALID_FRONT_MATTER;
    contentDir = await makeContentDir([{ file: "articles/story.md", text: articleText({ ...withoutImage, title: "The newest story" }) }]);
    const paths = projectPaths(ROOT, { NEWSROOM_CONTENT_DIR: contentDir, NEWSROOM_CACHE_DIR: `${contentDir}-cache` });
    const data = await loadBuildData(paths, { includeDrafts: false });
    inputs = { globals: pageGlobals(data), templates: await minifyTemplates(paths) };
  });

  after(() => Promise.all([work, contentDir, `${contentDir}-cache`].map((folder) => rm(folder, { recursive: true, force: true }))));

  it("renders the 404 page and robots.txt from the global data and templates the main thread sends", async () => {
    const outputDir = path.join(work, "site");
    const thread = startEleventyThread(WORKER, { root: ROOT, outputDir });
    thread.send(inputs);
    await thread.written;
    const notFound = await readFile(path.join(outputDir, "404.html"), "utf8");
    assert.match(notFound, /<h1>Page not found<\/h1>/);
    assert.match(notFound, /The newest story/, "it lists the newest articles");
    assert.match(await readFile(path.join(outputDir, "robots.txt"), "utf8"), /^Sitemap: https:\/\/\S+\/sitemap\.xml$/m);
  });

  it("fails with the system error's code and path, so the build can say which folder it could not write", async () => {
    const blocker = path.join(work, "a-file");
    await writeFile(blocker, "not a folder");
    const thread = startEleventyThread(WORKER, { root: ROOT, outputDir: path.join(blocker, "site") });
    thread.send(inputs);
    await assert.rejects(thread.written, (error: NodeJS.ErrnoException) => {
      const chain: NodeJS.ErrnoException[] = [];
      for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) chain.push(cause);
      const system = chain.find((each) => each.code === "ENOTDIR");
      assert.ok(system, chain.map((each) => `${each.code}: ${each.message}`).join("\n"));
      assert.ok(system.path?.startsWith(blocker), system.path);
      return true;
    });
  });

  it("stops when the build no longer needs it, before it was sent anything, and says it wrote nothing", async () => {
    const thread = startEleventyThread(WORKER, { root: ROOT, outputDir: path.join(work, "never") });
    await thread.stop();
    await assert.rejects(thread.written, /stopped .* before writing its pages/);
  });
});
