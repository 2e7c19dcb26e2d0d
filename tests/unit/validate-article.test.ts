import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isRealDate } from "../../src/content/article-schema.ts";
import { readArticle } from "../../src/content/read-article.ts";
import { validateArticle } from "../../src/content/validate-article.ts";

function validate(yaml: string) {
  const read = readArticle("content/articles/a.md", `---\n${yaml}\n---\nBody\n`);
  if (!read.ok) throw new Error("fixture front matter did not parse");
  return validateArticle(read.article);
}

const VALID = 'title: Headline\ndescription: Standfirst.\ndate: "2024-05-01"\nauthor: Jane Doe';

describe("validateArticle", () => {
  it("accepts the minimal article and a list of authors", () => {
    assert.ok(validate(VALID).ok);
    const many = validate(`${VALID.replace("author: Jane Doe", "author: [Jane Doe, John Roe]")}`);
    assert.ok(many.ok);
    assert.deepEqual(many.frontMatter.author, ["Jane Doe", "John Roe"]);
  });

  it("lists every problem at once, each with its field, line and a hint", () => {
    const result = validate('title: ""\ndate: "2024-13-01"\nauthor: 3');
    assert.equal(result.ok, false);
    const byField = new Map(result.ok ? [] : result.problems.map((problem) => [problem.field, problem]));
    assert.deepEqual([...byField.keys()].sort(), ["author", "date", "description", "title"]);
    assert.equal(byField.get("description")?.message, "is required but missing");
    assert.equal(byField.get("date")?.line, 3, "line 1 is the opening ---");
    assert.ok(byField.get("date")?.hint?.includes("2024-05-01"));
  });

  it("refuses fields that would steer the build, such as permalink and layout", () => {
    const result = validate(`${VALID}\npermalink: /evil/\nlayout: other.njk`);
    assert.equal(result.ok, false);
    assert.match(result.ok ? "" : (result.problems[0]?.message ?? ""), /unknown fields "permalink", "layout"/);
  });

  it("points an unknown field at its own line, also inside the image block", () => {
    const result = validate(`${VALID}\nsubtitle: oops\nimage:\n  src: images/a.jpg\n  alt: A\n  captoin: typo`);
    const lines = result.ok ? [] : result.problems.map((problem) => [problem.field, problem.line]);
    assert.deepEqual(lines.sort(), [
      ["(front matter)", 6],
      ["image", 10],
    ]);
  });

  it("requires alt text when there is an image", () => {
    const result = validate(`${VALID}\nimage:\n  src: images/a.jpg`);
    assert.equal(result.ok, false);
    assert.equal(result.ok ? "" : result.problems[0]?.field, "image.alt");
  });

  it("refuses invisible characters in text: C0 and C1 controls, lone surrogates, U+FFFF", () => {
    for (const yamlEscape of ["\\a", "\\x85", "\\ud800", "\\uffff"]) {
      const result = validate(VALID.replace("title: Headline", `title: "Head${yamlEscape}line"`));
      assert.deepEqual(
        result.ok ? [] : result.problems.map((problem) => [problem.field, problem.message]),
        [["title", "contains invisible control characters"]],
        yamlEscape,
      );
    }
  });

  it("refuses an update before publication", () => {
    const result = validate(`${VALID}\nupdated: "2024-04-01"`);
    assert.equal(result.ok ? "" : result.problems[0]?.field, "updated");
  });
});

describe("isRealDate", () => {
  it("accepts real dates and date-times with a zone", () => {
    for (const date of ["2024-02-29", "2024-05-01T09:30:00Z", "2024-05-01T09:30+02:00", "2024-05-01T09:30:00.123Z"]) {
      assert.ok(isRealDate(date), date);
    }
  });
  it("refuses dates that JavaScript would silently roll over, and times without a zone", () => {
    for (const date of ["2023-02-29", "2024-02-30", "2024-04-31", "2024-13-01", "2024-05-01T24:00:00Z", "2024-05-01T09:30:00", "May 1"]) {
      assert.equal(isRealDate(date), false, date);
    }
  });
});
