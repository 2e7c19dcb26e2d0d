import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readArticle } from "../src/read-article.ts";

describe("readArticle", () => {
  it("splits YAML front matter from the Markdown body", () => {
    const result = readArticle("a.md", "---\ntitle: Hello\ntags:\n  - one\n---\n\nBody *text*.\n");
    assert.ok(result.ok);
    assert.deepEqual(result.article.data, { title: "Hello", tags: ["one"] });
    assert.equal(result.article.body, "\nBody *text*.\n", "the body starts right after the closing fence line");
    assert.equal(result.article.lineOf(["tags", 0]), 4);
  });

  it("keeps dates as the strings the editor wrote", () => {
    const result = readArticle("a.md", "---\ndate: 2024-02-30\n---\n");
    assert.ok(result.ok);
    assert.deepEqual(result.article.data, { date: "2024-02-30" });
  });

  for (const engine of ["js", "javascript", "json", "coffee"]) {
    it(`refuses ---${engine} front matter instead of running it`, () => {
      const result = readArticle("evil.md", `---${engine}\n{ title: (globalThis.ran = true) }\n---\n`);
      assert.equal(result.ok, false);
      assert.match(result.ok ? "" : (result.problems[0]?.message ?? ""), new RegExp(`must be YAML.*---${engine}`));
      assert.equal((globalThis as { ran?: boolean }).ran, undefined);
    });
  }

  it("refuses a file without front matter, and unclosed front matter", () => {
    assert.equal(readArticle("a.md", "Just text").ok, false);
    const unclosed = readArticle("a.md", "---\ntitle: x\n");
    assert.equal(unclosed.ok, false);
    assert.match(unclosed.ok ? "" : (unclosed.problems[0]?.message ?? ""), /never closed/);
  });

  it("reports invalid YAML and duplicate keys with a line number", () => {
    const result = readArticle("a.md", "---\ntitle: one\ntitle: two\n---\n");
    assert.equal(result.ok, false);
    assert.equal(result.ok ? 0 : result.problems[0]?.line, 3);
  });

  it("does not resolve custom YAML tags", () => {
    const result = readArticle("a.md", "---\ntitle: !!js/function 'function(){}'\n---\n");
    assert.equal(result.ok, false);
  });
});
