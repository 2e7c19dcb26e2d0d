import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { ARTICLE_IMAGE_SCHEMA, ARTICLE_SCHEMA } from "../../src/content/article-schema.ts";
import { readArticle } from "../../src/content/read-article.ts";
import {
  findPlaceholders,
  localDay,
  PLACEHOLDER_BODY,
  PLACEHOLDER_DESCRIPTION,
  scaffoldArticle,
} from "../../src/content/scaffold-article.ts";
import { validateArticle } from "../../src/content/validate-article.ts";
import { makeContentDir } from "../helpers/fixture-site.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const NOW = new Date(2024, 4, 1, 23, 30);

function validate(text: string) {
  const read = readArticle("content/articles/new.md", text);
  assert.ok(read.ok, JSON.stringify(read.ok ? [] : read.problems));
  return validateArticle(read.article);
}

describe("scaffoldArticle", () => {
  const text = scaffoldArticle({ headline: 'Minsk: "a turn" # west', now: NOW, author: "Jane Doe" });

  it("validates against the schema as written: a draft dated today, headline kept exactly", () => {
    const result = validate(text);
    assert.ok(result.ok, JSON.stringify(result.ok ? [] : result.problems));
    assert.equal(result.frontMatter.title, 'Minsk: "a turn" # west');
    assert.equal(result.frontMatter.date, "2024-05-01");
    assert.equal(result.frontMatter.author, "Jane Doe");
    assert.equal(result.frontMatter.draft, true);
  });

  it("names every field of the schema, so a new field cannot be forgotten here", () => {
    for (const field of Object.keys(ARTICLE_SCHEMA.shape)) assert.match(text, new RegExp(`^#? ?${field}:`, "m"), field);
    for (const field of Object.keys(ARTICLE_IMAGE_SCHEMA.shape)) assert.match(text, new RegExp(`^#\\s+${field}:`, "m"), `image.${field}`);
  });

  it("still validates when the editor removes the # from every optional field", () => {
    const uncommented = text
      .replace(/^# ((?:updated|slug|section|tags|image|donation|aliases|lang|corrections):.*)$/gm, "$1")
      .replace(/^#(\s+(?:- )?\w+:.*)$/gm, "$1");
    const result = validate(uncommented);
    assert.ok(result.ok, JSON.stringify(result.ok ? [] : result.problems));
    assert.equal(result.frontMatter.image?.src, "images/my-photo.jpg");
    assert.deepEqual(result.frontMatter.tags, ["Belarus", "Russia"]);
  });

  it("falls back to a generic byline when no author is known", () => {
    const result = validate(scaffoldArticle({ headline: "Headline", now: NOW }));
    assert.equal(result.ok && result.frontMatter.author, "Newsroom Staff");
  });

  it("dates the article by the local calendar day", () => {
    assert.equal(localDay(new Date(2024, 0, 9, 0, 5)), "2024-01-09");
  });
});

describe("findPlaceholders", () => {
  const article = {
    sourceFile: "content/articles/new.md",
    description: PLACEHOLDER_DESCRIPTION,
    html: `<p>${PLACEHOLDER_BODY}</p>\n`,
    draft: false,
  };

  it("refuses to publish the scaffold's placeholder standfirst and text", () => {
    assert.deepEqual(
      findPlaceholders([article]).map((problem) => problem.field),
      ["description", "(body)"],
    );
  });

  it("lets a draft keep them, and passes an article whose text was written", () => {
    assert.deepEqual(findPlaceholders([{ ...article, draft: true }]), []);
    assert.deepEqual(findPlaceholders([{ ...article, description: "Real standfirst.", html: "<p>Real text.</p>" }]), []);
  });
});

describe("npm run new", () => {
  const run = (contentDir: string, ...args: string[]) =>
    promisify(execFile)(process.execPath, ["--import", "tsx", path.join(ROOT, "src/cli/new-article.ts"), ...args], {
      cwd: ROOT,
      env: { ...process.env, NEWSROOM_CONTENT_DIR: contentDir },
    });

  it("writes content/articles/<slug>.md, prints its path and next steps, and refuses to overwrite it", async () => {
    const contentDir = await makeContentDir([{ file: "articles/.keep", text: "" }]);
    try {
      const { stdout } = await run(contentDir, "Minsk Turns West");
      const file = path.join(contentDir, "articles", "minsk-turns-west.md");
      assert.match(stdout, /minsk-turns-west\.md/);
      assert.match(stdout, /npm run check/);
      const written = await readFile(file, "utf8");
      assert.ok(validate(written).ok);

      await assert.rejects(run(contentDir, "Minsk turns west!"), (error: { code: number; stderr: string }) => {
        assert.equal(error.code, 1);
        assert.match(error.stderr, /already exists/);
        return true;
      });
      assert.equal(await readFile(file, "utf8"), written);
    } finally {
      await rm(contentDir, { recursive: true, force: true });
    }
  });

  it("creates content/articles/ when the site has no article yet", async () => {
    const contentDir = await makeContentDir([]);
    try {
      await run(contentDir, "First story");
      assert.deepEqual(await readdir(path.join(contentDir, "articles")), ["first-story.md"]);
    } finally {
      await rm(contentDir, { recursive: true, force: true });
    }
  });

  it("asks for --slug when the headline has no ASCII letters, and uses it when given", async () => {
    const contentDir = await makeContentDir([{ file: "articles/.keep", text: "" }]);
    try {
      await assert.rejects(run(contentDir, "北京"), /--slug/);
      await run(contentDir, "北京", "--slug", "beijing");
      assert.deepEqual((await readdir(path.join(contentDir, "articles"))).sort(), [".keep", "beijing.md"]);
    } finally {
      await rm(contentDir, { recursive: true, force: true });
    }
  });
});
