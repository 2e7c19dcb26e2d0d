// Drafts end to end: `npm start` (Eleventy's serve mode) shows them, marked; a production build publishes them nowhere.
import assert from "node:assert/strict";
import { readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import Eleventy from "@11ty/eleventy";
import { parseHTML } from "linkedom";
import { buildSite } from "../../src/build/build-site.ts";
import { articleText, makeContentDir, VALID_FRONT_MATTER } from "../helpers/fixture-site.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const { image: _image, ...WITHOUT_IMAGE } = VALID_FRONT_MATTER;
const DRAFT_TITLE = "Embargoed scoop headline";

async function readAll(folder: string): Promise<Map<string, string>> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  return new Map(await Promise.all(files.map(async (file) => [path.relative(folder, file), await readFile(file, "latin1")] as const)));
}

describe("drafts", () => {
  let contentDir: string;
  const production = path.join(os.tmpdir(), `newsroom-drafts-build-${process.pid}`);
  const preview = path.join(os.tmpdir(), `newsroom-drafts-serve-${process.pid}`);

  before(async () => {
    contentDir = await makeContentDir([
      { file: "articles/published-story.md", text: articleText({ ...WITHOUT_IMAGE, title: "Published story" }) },
      { file: "articles/embargoed-scoop.md", text: articleText({ ...WITHOUT_IMAGE, title: DRAFT_TITLE, draft: true }) },
    ]);
    process.env["NEWSROOM_CONTENT_DIR"] = contentDir;
    process.env["NEWSROOM_CACHE_DIR"] = `${contentDir}-cache`;
    const runMode = process.env["ELEVENTY_RUN_MODE"];
    try {
      await buildSite({ root: ROOT, outputDir: production, log: () => {} });
      // What `npm start` renders: the same configuration in Eleventy's serve mode, written to a folder instead of served.
      const eleventy = new Eleventy(path.join(ROOT, "src/render/pages"), preview, {
        configPath: path.join(ROOT, ".eleventy.ts"),
        quietMode: true,
        runMode: "serve",
      });
      await eleventy.write();
    } finally {
      delete process.env["NEWSROOM_CONTENT_DIR"];
      delete process.env["NEWSROOM_CACHE_DIR"];
      if (runMode === undefined) delete process.env["ELEVENTY_RUN_MODE"];
      else process.env["ELEVENTY_RUN_MODE"] = runMode;
    }
  });

  after(() =>
    Promise.all([production, preview, contentDir, `${contentDir}-cache`].map((dir) => rm(dir, { recursive: true, force: true }))),
  );

  it("are published nowhere in a production build: no page, no list entry, no feed or sitemap entry", async () => {
    const files = await readAll(production);
    assert.ok(files.has(path.join("published-story", "index.html")));
    for (const [file, text] of files) {
      assert.ok(!file.includes("embargoed-scoop"), file);
      assert.ok(!text.includes("embargoed-scoop") && !text.includes(DRAFT_TITLE), `${file} mentions the draft`);
    }
    const feeds = [...files.keys()].filter((file) => /\.(xml|json)$/.test(file));
    assert.ok(feeds.length > 0 && feeds.every((file) => files.get(file)?.includes("published-story")), feeds.join(", "));
  });

  it("are previewed into _preview/, never into _site/, so a deployed folder cannot hold one", async () => {
    const scripts = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")).scripts as Record<string, string>;
    assert.match(scripts["start"] ?? "", /--serve\b.*--output=_preview\b/);
  });

  it("are shown by npm start, marked as drafts on the article page and in the list", async () => {
    const page = parseHTML(await readFile(path.join(preview, "embargoed-scoop", "index.html"), "utf8")).document;
    assert.equal(page.querySelector("h1")?.textContent, DRAFT_TITLE);
    assert.match(page.querySelector(".draft-marker")?.textContent ?? "", /^Draft/);
    const published = parseHTML(await readFile(path.join(preview, "published-story", "index.html"), "utf8")).document;
    assert.equal(published.querySelector(".draft-marker"), null);
    const home = parseHTML(await readFile(path.join(preview, "index.html"), "utf8")).document;
    const entry = [...home.querySelectorAll(".lead, .article-list li")].find((li) => li.textContent?.includes(DRAFT_TITLE));
    assert.match(entry?.textContent ?? "", /Draft/);
  });
});
