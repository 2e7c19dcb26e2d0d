// The article text cache: a warm build takes unchanged articles from it, never a stale, broken or foreign entry.
import assert from "node:assert/strict";
import { copyFile, mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { projectPaths } from "../../src/build/project-paths.ts";
import { ArticleTextCache } from "../../src/cache/article-text-cache.ts";
import { articleText, makeContentDir, ROOT, VALID_FRONT_MATTER } from "../helpers/fixture-site.ts";
import { loadArticles } from "../helpers/load-articles.ts";

const { image: _image, ...TEXT_ONLY } = VALID_FRONT_MATTER;

describe("ArticleTextCache", () => {
  let cacheDir: string;
  before(async () => {
    cacheDir = await mkdtemp(path.join(os.tmpdir(), "newsroom-text-cache-"));
  });
  after(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  const parsed = { frontMatter: { ...TEXT_ONLY, description: "D" }, html: "<p>x</p>\n", pictures: [], readingMinutes: 1 } as const;

  it("gives back what was remembered for the same text, and nothing for other text", async () => {
    const cache = await ArticleTextCache.open(cacheDir);
    assert.equal(cache.get("text"), undefined);
    cache.set("text", parsed);
    assert.deepEqual(cache.get("text"), parsed, "within one process");
    await cache.save();
    const reopened = await ArticleTextCache.open(cacheDir);
    assert.deepEqual(reopened.get("text"), parsed, "in the next build");
    assert.equal(reopened.get("text "), undefined);
  });

  it("misses an entry that is truncated, of the wrong types, failing the schema, or another text's", async () => {
    const cache = await ArticleTextCache.open(cacheDir);
    const fileOf = (text: string) => cache.store.pathOf(cache.keyOf(text));
    for (const text of ["cut", "typed", "schema", "foreign", "donor"]) cache.set(text, parsed);
    await cache.save();
    await truncate(fileOf("cut"), 40);
    // Stored whole under the right key, so only checking the data can catch them.
    await cache.store.put(cache.keyOf("typed"), Buffer.from(JSON.stringify({ ...parsed, html: { includes: 1 }, readingMinutes: "1" })));
    await cache.store.put(
      cache.keyOf("schema"),
      Buffer.from(JSON.stringify({ ...parsed, frontMatter: { ...parsed.frontMatter, date: "2021-02-30" } })),
    );
    await copyFile(fileOf("donor"), fileOf("foreign"));
    const reopened = await ArticleTextCache.open(cacheDir);
    for (const text of ["cut", "typed", "schema", "foreign"]) assert.equal(reopened.get(text), undefined, text);
    assert.deepEqual(reopened.get("donor"), parsed);
  });

  it("warns once and never throws when it cannot write, and still serves this process", async (context) => {
    const blocked = path.join(cacheDir, "a-file");
    await writeFile(blocked, "a file where the cache folder should be");
    const warnings: string[] = [];
    const cache = await ArticleTextCache.open(path.join(blocked, "cache"), { warn: (message) => warnings.push(message) });
    cache.set("one", parsed);
    cache.set("two", parsed);
    await cache.save();
    assert.equal(warnings.length, 1);
    assert.deepEqual(cache.get("one"), parsed);
    context.diagnostic(warnings[0] ?? "");
  });
});

describe("loading articles through the text cache", () => {
  let contentDir: string;
  const goodText = articleText(TEXT_ONLY, "Some *text*.\n");
  before(async () => {
    contentDir = await makeContentDir([
      { file: "articles/good.md", text: goodText },
      { file: "articles/bad.md", text: articleText({ ...TEXT_ONLY, title: "" }) },
    ]);
  });
  after(async () => {
    await rm(contentDir, { recursive: true, force: true });
    await rm(`${contentDir}-cache`, { recursive: true, force: true });
  });

  const paths = () => ({ ...projectPaths(ROOT), contentDir, cacheDir: `${contentDir}-cache`, includeDrafts: false });
  const load = async () => {
    const textCache = await ArticleTextCache.open(paths().cacheDir);
    const problems = await loadArticles({ ...paths(), textCache }).then(
      () => assert.fail("bad.md must be refused"),
      (error: { problems: { file: string; field: string }[] }) => error.problems,
    );
    await textCache.save();
    return problems;
  };

  it("remembers only articles without problems, and refuses a bad one again on the next build", async () => {
    const first = await load();
    assert.deepEqual(
      first.map((problem) => problem.field),
      ["title"],
    );
    const reopened = await ArticleTextCache.open(paths().cacheDir);
    assert.equal(reopened.get(goodText)?.frontMatter.title, TEXT_ONLY.title);
    assert.deepEqual(await load(), first);
  });

  it("renders an article again when its entry holds valid JSON of the wrong types", async () => {
    const onlyGood = await makeContentDir([{ file: "articles/good.md", text: goodText }]);
    try {
      const textCache = await ArticleTextCache.open(paths().cacheDir);
      await textCache.store.put(
        textCache.keyOf(goodText),
        Buffer.from(JSON.stringify({ frontMatter: TEXT_ONLY, html: 42, readingMinutes: [] })),
      );
      const { articles } = await loadArticles({
        ...paths(),
        contentDir: onlyGood,
        textCache: await ArticleTextCache.open(paths().cacheDir),
      });
      assert.deepEqual(
        articles.map((article) => article.html),
        ["<p>Some <em>text</em>.</p>\n"],
      );
    } finally {
      await rm(onlyGood, { recursive: true, force: true });
    }
  });
});
