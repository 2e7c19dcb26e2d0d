// The article text cache: a warm build takes unchanged articles from it, never a stale or broken entry.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { projectPaths } from "../../src/build/project-paths.ts";
import { ArticleTextCache, codeVersion, hasTextCache, pruneTextCache } from "../../src/cache/article-text-cache.ts";
import { loadArticles } from "../../src/content/load-articles.ts";
import { articleText, makeContentDir, ROOT, VALID_FRONT_MATTER } from "../helpers/fixture-site.ts";

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
    assert.deepEqual(cache.get("text"), parsed, "within one process");
    const packs = await cache.save();
    assert.equal(packs.length, 1);
    const reopened = await ArticleTextCache.open(cacheDir, ROOT);
    assert.deepEqual(reopened.get("text"), parsed, "in the next build");
    assert.equal(reopened.get("text "), undefined);
    assert.deepEqual(await reopened.save(), packs, "nothing new: the pack it read is kept as it is");
  });

  it("keeps only the packs a build used", async () => {
    const first = await ArticleTextCache.open(cacheDir, ROOT);
    first.set("other", parsed);
    const kept = await first.save();
    await pruneTextCache(cacheDir, kept);
    assert.deepEqual(await readdir(path.join(cacheDir, "articles")), kept);
    const next = await ArticleTextCache.open(cacheDir, ROOT);
    assert.deepEqual(next.get("other"), parsed);
    assert.equal(next.get("text"), undefined, "the pruned pack's entries are gone");
  });

  it("says whether an earlier build of this code left entries, which decides how many workers parse", async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), "newsroom-text-cache-empty-"));
    try {
      const version = codeVersion(ROOT);
      assert.equal(await hasTextCache(empty, version), false, "no cache folder at all");
      const cache = await ArticleTextCache.open(empty, ROOT, version);
      cache.set("text", parsed);
      await cache.save();
      assert.equal(await hasTextCache(empty, version), true);
      assert.equal(await hasTextCache(empty, "f".repeat(64)), false, "entries of other code do not count");
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it("keys entries by the code that read them: a changed source is another version", async () => {
    const project = await mkdtemp(path.join(os.tmpdir(), "newsroom-code-version-"));
    try {
      await mkdir(path.join(project, "src"));
      await writeFile(path.join(project, "src", "a.ts"), "export const a = 1;\n");
      await writeFile(path.join(project, "package.json"), "{}");
      const before = codeVersion(project);
      assert.equal(codeVersion(project), before, "stable while nothing changes");
      await writeFile(path.join(project, "src", "a.ts"), "export const a = 2;\n");
      assert.notEqual(codeVersion(project), before);
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });

  it("ignores a pack cut short", async () => {
    const cache = await ArticleTextCache.open(cacheDir, ROOT);
    cache.set("cut", parsed);
    const [pack] = await cache.save();
    await writeFile(path.join(cacheDir, "articles", pack ?? ""), '{"abc":{"frontMatter":{"title":"x"');
    assert.equal((await ArticleTextCache.open(cacheDir, ROOT)).get("cut"), undefined);
  });
});

describe("loading articles through the text cache", () => {
  let contentDir: string;
  before(async () => {
    contentDir = await makeContentDir([
      { file: "articles/good.md", text: articleText(TEXT_ONLY, "Some *text*.\n") },
      { file: "articles/bad.md", text: articleText({ ...TEXT_ONLY, title: "" }) },
    ]);
  });
  after(async () => {
    await rm(contentDir, { recursive: true, force: true });
    await rm(`${contentDir}-cache`, { recursive: true, force: true });
  });

  const load = async () => {
    const paths = { ...projectPaths(ROOT), contentDir, cacheDir: `${contentDir}-cache` };
    const textCache = await ArticleTextCache.open(paths.cacheDir, ROOT);
    const problems = await loadArticles({ ...paths, includeDrafts: false, textCache }).then(
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
    const folder = path.join(`${contentDir}-cache`, "articles");
    const [pack] = await readdir(folder);
    const entries = JSON.parse(await readFile(path.join(folder, pack ?? ""), "utf8")) as Record<string, { frontMatter: { title: string } }>;
    assert.deepEqual(
      Object.values(entries).map((entry) => entry.frontMatter.title),
      [TEXT_ONLY.title],
    );
    assert.deepEqual(await load(), first);
  });
});
