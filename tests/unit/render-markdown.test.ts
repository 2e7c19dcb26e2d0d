import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseHTML } from "linkedom";
import { linkScheme, MarkdownError, renderMarkdown } from "../../src/content/render-markdown.ts";

function refusal(body: string): MarkdownError {
  try {
    renderMarkdown(body);
  } catch (error) {
    if (error instanceof MarkdownError) return error;
    throw error;
  }
  throw new Error(`expected the body to be refused: ${body}`);
}

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
    assert.match(refusal(`${">".repeat(40)} lost`).message, /nests more than 18 levels deep/);
  });

  it("shows template syntax as text: the body is never run through Nunjucks", () => {
    const { document } = parseHTML(`<div>${renderMarkdown("{{ 7 * 7 }} and {% include 'base.njk' %}")}</div>`);
    assert.equal(document.querySelector("p")?.textContent, "{{ 7 * 7 }} and {% include 'base.njk' %}");
  });

  it("keeps links to https, http, mailto, tel, this site and the page itself", () => {
    const html = renderMarkdown("[a](https://a.example) [b](http://b.example) [c](mailto:x@y.org) [d](tel:+123) [e](/about/) [f](#notes)");
    const { document } = parseHTML(`<div>${html}</div>`);
    assert.deepEqual(
      [...document.querySelectorAll("a")].map((a) => a.getAttribute("href")),
      ["https://a.example", "http://b.example", "mailto:x@y.org", "tel:+123", "/about/", "#notes"],
    );
  });

  it("refuses links with a dangerous scheme, however they are spelled, and names the line", () => {
    const cases = [
      "[x](javascript:alert(1))",
      "[x](JAVASCRIPT:alert(1))",
      "[x](&#106;avascript:alert(1))",
      "<javascript:alert(1)>",
      "[x](vbscript:msgbox)",
      "[x](data:text/html;base64,PHNjcmlwdD4=)",
      "[x](file:///etc/passwd)",
      "[x][ref]\n\n[ref]: javascript:alert(1)",
    ];
    for (const body of cases) {
      const [problem] = refusal(`Intro.\n\n${body}`).problems;
      assert.match(problem?.message ?? "", /^the link ".*" uses (javascript|vbscript|data|file):, which is not allowed$/, body);
      assert.equal(problem?.line, 3, body);
    }
  });

  it("refuses pictures in the text: they would load from anywhere and are never published", () => {
    for (const src of ["https://tracker.example/pixel.gif", "images/photo.jpg", "data:image/png;base64,iVBORw0KGgo="]) {
      const [problem] = refusal(`![alt](${src})`).problems;
      assert.equal(problem?.message, `the text contains a picture (${src}): pictures in the text are not published`);
    }
  });

  it("reads link schemes as a browser does", () => {
    assert.equal(linkScheme("java\tscript:x"), "javascript:");
    assert.equal(linkScheme(" JavaScript:x"), "javascript:");
    assert.equal(linkScheme("java%09script:x"), "", "a percent-escaped scheme is a relative path to a browser");
    assert.equal(linkScheme("/a/b"), "");
  });

  it("refuses invisible control characters, which would break the page and the XML feeds, naming the line", () => {
    for (const [character, name] of [
      ["\u0007", "U+0007"],
      ["\u0000", "U+0000"],
      ["\u0085", "U+0085"],
      ["\uffff", "U+FFFF"],
      ["\ud800", "U+D800"],
    ]) {
      const [problem] = refusal(`First.\n\nSecond${character} line.`).problems;
      assert.equal(
        problem?.message,
        `the text contains an invisible control character (${name}), which would break the page and the feeds`,
      );
      assert.equal(problem?.line, 3);
    }
    assert.ok(renderMarkdown("Tabs\tand emoji 🗞️ are fine.\r\n").includes("🗞️"));
  });
});
