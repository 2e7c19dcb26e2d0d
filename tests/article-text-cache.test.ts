// The article text cache: a warm build takes unchanged articles from it, never a stale or broken entry.
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ArticleTextCache } from "../src/article-text-cache.ts";
import { loadArticles } from "../src/load-articles.ts";
import { projectPaths } from "../src/project-paths.ts";
import { articleText, makeContentDir, ROOT, VALID_FRONT_MATTER } from "./helpers/fixture-site.ts";

const { image: _image, ...TEXT_ONLY } = VALID_FRONT_MATTER;

describe("ArticleTextCache", () => {
  let cacheDir: string;
  before(async () => {
    cacheDir = await mkdtemp(path.join(os.tmpdir(), "newsroom-text-cache-"));
  });
  after(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  const parsed = { frontMatter: { ...TEXT_ONLY, description: "D" }, html: "<p>x</p>\n", readingMinutes: 1 } as const;

  it("gives back what was remembered for the same text, and nothing for other text", async () => {
    const cache = await ArticleTextCache.open(cacheDir, ROOT);
    assert.equal(cache.get("text"), undefined);
    cache.set("text", parsed);
    assert.deepEqual(cache.get("text"), parsed);
    assert.equal(cache.get("text "), undefined);
  });

  it("treats an entry cut short as missing", async () => {
    const cache = await ArticleTextCache.open(cacheDir, ROOT);
    cache.set("cut", parsed);
    const folder = path.join(cacheDir, "articles");
    for (const entry of await readdir(folder)) await writeFile(path.join(folder, entry), '{"frontMatter":{"title":"x"');
    assert.equal(cache.get("cut"), undefined);
  });
});

describe("loading articles through the text cache", () => {
  let contentDir: string;
  before(async () => {
    contentDir = await makeContentDir([
      { file: "good.md", text: articleText(TEXT_ONLY, "Some *text*.\n") },
      { file: "bad.md", text: articleText({ ...TEXT_ONLY, title: "" }) },
    ]);
  });
  after(async () => {
    await rm(contentDir, { recursive: true, force: true });
    await rm(`${contentDir}-cache`, { recursive: true, force: true });
  });

  const load = async () => {
    const paths = { ...projectPaths(ROOT), contentDir, cacheDir: `${contentDir}-cache` };
    const textCache = await ArticleTextCache.open(paths.cacheDir, ROOT);
    return loadArticles({ ...paths, includeDrafts: false, textCache }).then(
      () => assert.fail("bad.md must be refused"),
      (error: { problems: { file: string; field: string }[] }) => error.problems,
    );
  };

  it("remembers only articles without problems, and refuses a bad one again on the next build", async () => {
    const first = await load();
    assert.deepEqual(
      first.map((problem) => problem.field),
      ["title"],
    );
    assert.equal((await readdir(path.join(`${contentDir}-cache`, "articles"))).length, 1);
    assert.deepEqual(await load(), first);
  });
});
