// A build takes an unchanged article from the text cache instead of reading its YAML and Markdown again.
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { projectPaths } from "../../src/build/project-paths.ts";
import { ArticleTextCache } from "../../src/cache/article-text-cache.ts";
import { articleText, makeContentDir, ROOT, VALID_FRONT_MATTER } from "../helpers/fixture-site.ts";
import { loadArticles } from "../helpers/load-articles.ts";

const { image: _image, ...TEXT_ONLY } = VALID_FRONT_MATTER;
const CACHED = articleText({ ...TEXT_ONLY, title: "Cached" }, "Cached *text*.\n");

describe("loading articles from a warm text cache", () => {
  let contentDir: string;
  const paths = () => ({ ...projectPaths(ROOT), contentDir, cacheDir: `${contentDir}-cache`, includeDrafts: false });

  before(async () => {
    contentDir = await makeContentDir([{ file: "articles/cached.md", text: CACHED }]);
    // What an earlier build remembered, written directly: making it by parsing would load the parser here.
    const cache = await ArticleTextCache.open(paths().cacheDir);
    cache.set(CACHED, {
      frontMatter: { ...TEXT_ONLY, title: "Cached" },
      html: "<p>Remembered <em>text</em>.</p>\n",
      pictures: [],
      readingMinutes: 1,
    });
    await cache.save();
  });
  after(async () => {
    await rm(contentDir, { recursive: true, force: true });
    await rm(`${contentDir}-cache`, { recursive: true, force: true });
  });

  it("takes every article from the cache instead of parsing it again", async () => {
    const textCache = await ArticleTextCache.open(paths().cacheDir);
    const { articles } = await loadArticles({ ...paths(), textCache });
    assert.deepEqual(
      articles.map((article) => [article.title, article.html]),
      [["Cached", "<p>Remembered <em>text</em>.</p>\n"]],
    );
  });

  it("parses the articles the cache does not hold", async () => {
    const textCache = await ArticleTextCache.open(paths().cacheDir);
    const fresh = await makeContentDir([
      { file: "articles/cached.md", text: CACHED },
      { file: "articles/new.md", text: articleText({ ...TEXT_ONLY, title: "New" }, "New *text*.\n") },
    ]);
    try {
      const { articles } = await loadArticles({ ...paths(), contentDir: fresh, textCache });
      assert.deepEqual(articles.map((article) => article.title).sort(), ["Cached", "New"]);
      assert.equal(articles.find((article) => article.title === "New")?.html, "<p>New <em>text</em>.</p>\n");
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});
