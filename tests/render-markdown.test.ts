import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MarkdownNestingError, renderMarkdown } from "../src/render-markdown.ts";

describe("renderMarkdown", () => {
  it("renders paragraphs and emphasis", () => {
    assert.equal(renderMarkdown("Hello *world*.\n\nSecond."), "<p>Hello <em>world</em>.</p>\n<p>Second.</p>\n");
  });

  it("publishes the editor's characters unchanged (no typographic replacements)", () => {
    assert.equal(renderMarkdown('He said "hi" -- (c) 1/2'), "<p>He said &quot;hi&quot; -- (c) 1/2</p>\n");
  });

  it("shows raw HTML as text instead of markup", () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\nText <img src=x onerror="alert(1)">');
    assert.ok(!html.includes("<script"));
    assert.ok(!html.includes("<img"));
    assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
  });

  it("turns body level-one headings into h2, because the headline is the page's h1", () => {
    assert.equal(renderMarkdown("# Section"), "<h2>Section</h2>\n");
  });

  it("refuses nesting so deep that markdown-it would drop the rest of the text", () => {
    assert.ok(renderMarkdown(`${">".repeat(15)} still here`).includes("still here"));
    assert.throws(() => renderMarkdown(`${">".repeat(40)} lost`), MarkdownNestingError);
  });
});
