// Property-based tests: random front matter and Markdown thrown at the pipeline. It never crashes with an unhandled
// error, never emits an executable script or a script URL, and always either builds or refuses cleanly.
// Run counts are modest (CI has two cores): many runs of the pure steps, a few full Eleventy builds.
import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseHTML } from "linkedom";
import { ContentError } from "../../src/content/content-error.ts";
import { readArticle } from "../../src/content/read-article.ts";
import { LINK_SCHEMES, linkScheme, MarkdownError, renderMarkdown } from "../../src/content/render-markdown.ts";
import { validateArticle } from "../../src/content/validate-article.ts";
import { buildFixtureSite, makeContentDir } from "../helpers/fixture-site.ts";

/** Pieces of Markdown and HTML that attackers and accidents are made of. */
const MARKDOWN_PIECES = [
  "*",
  "_",
  "**",
  "[",
  "]",
  "](",
  ")",
  "<",
  ">",
  "![",
  "javascript:",
  "JaVaScRiPt:",
  "vbscript:",
  "data:text/html,",
  "data:image/png;base64,AAAA",
  "&#106;",
  "&#x6A;",
  "&colon;",
  "\n",
  "\n\n",
  " ",
  "\t",
  "`",
  "```",
  "# ",
  "> ",
  "- ",
  "1. ",
  "|",
  "|-|",
  "---",
  "\\",
  "<script>",
  "</script>",
  "<img src=x onerror=alert(1)>",
  "<iframe src=//x>",
  "onerror=",
  '"',
  "'",
  "&",
  ";",
  ":",
  "%0a",
  "%",
  "http://",
  "https://x.org/",
  "mailto:",
  "//",
  "{{ 7*7 }}",
  "{% raw %}",
  "a",
  "b",
  "word ",
  "\u2028",
  "\u0000",
  "[x]: ",
  "<javascript:alert(1)>",
  "<https://x.org>",
];
const markdownText = fc.oneof(
  fc.array(fc.constantFrom(...MARKDOWN_PIECES), { maxLength: 60 }).map((pieces) => pieces.join("")),
  fc.string({ maxLength: 200 }),
);

const YAML_VALUES = [
  ".nan",
  ".inf",
  "-.inf",
  "!!js/function 'function () {}'",
  "!!binary AAAA",
  "&a [1, 2]",
  "*a",
  '"2021-02-30"',
  '"2024-05-01"',
  "2024-05-01",
  "[",
  "{",
  '"',
  "|",
  ">",
  "~",
  "null",
  "true",
  "1e400",
  "<script>alert(1)</script>",
  '"{{ 7*7 }}"',
  "images/../../etc/passwd",
  "/etc/passwd",
  "[a, b]",
  "{ src: x.jpg, alt: y }",
];
const KEYS = [
  "title",
  "description",
  "date",
  "updated",
  "author",
  "slug",
  "section",
  "tags",
  "draft",
  "donation",
  "image",
  "permalink",
  "layout",
  "eleventyComputed",
  "<<",
];
const frontMatterLine = fc
  .tuple(fc.constantFrom(...KEYS), fc.oneof(fc.constantFrom(...YAML_VALUES), fc.string({ maxLength: 40 })))
  .map(([key, value]) => `${key}: ${value}`);
const articleFile = fc.oneof(
  fc
    .tuple(fc.constantFrom("---", "---js", "---yaml", "--- ", "---\r"), fc.array(frontMatterLine, { maxLength: 12 }), markdownText)
    .map(([fence, lines, body]) => `${fence}\n${lines.join("\n")}\n---\n${body}`),
  fc.string({ maxLength: 300 }),
);

/** Fails when the HTML holds anything that could run: a script element, an event handler, a script URL. */
function assertInert(html: string): void {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  assert.equal(document.querySelectorAll("script, iframe, object, embed, img, svg, style, form, base").length, 0, html);
  for (const element of document.querySelectorAll("*")) {
    for (const name of element.getAttributeNames()) {
      assert.ok(!name.toLowerCase().startsWith("on"), html);
      if (name === "href" || name === "src") {
        const scheme = linkScheme(element.getAttribute(name) ?? "");
        assert.ok(scheme === "" || LINK_SCHEMES.has(scheme), `${name}=${element.getAttribute(name)}`);
      }
    }
  }
}

describe("random input (fast-check)", () => {
  it("readArticle and validateArticle never throw: every file is read or refused with problems (2,000 runs)", () => {
    fc.assert(
      fc.property(articleFile, (text) => {
        const read = readArticle("content/articles/random.md", text);
        if (!read.ok) {
          assert.ok(read.problems.length > 0 && read.problems.every((problem) => problem.message.length > 0));
          return;
        }
        const validated = validateArticle(read.article);
        if (!validated.ok) assert.ok(validated.problems.every((problem) => problem.field.length > 0 && problem.message.length > 0));
      }),
      { numRuns: 2000 },
    );
  });

  it("renderMarkdown returns inert HTML or refuses with a MarkdownError, nothing else (3,000 runs)", () => {
    fc.assert(
      fc.property(markdownText, (body) => {
        let html: string;
        try {
          html = renderMarkdown(body);
        } catch (error) {
          assert.ok(error instanceof MarkdownError, String(error));
          assert.ok(error.problems.length > 0);
          return;
        }
        assertInert(html);
      }),
      { numRuns: 3000 },
    );
  });

  it("a full build of a random article either publishes an inert page or refuses cleanly (6 builds)", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 80 }),
        fc.string({ maxLength: 80 }),
        markdownText,
        async (title, author, body) => {
          const frontMatter = `title: ${JSON.stringify(title)}\ndescription: "Random."\ndate: "2024-05-01"\nauthor: ${JSON.stringify(author)}`;
          const contentDir = await makeContentDir([{ file: "articles/random-story.md", text: `---\n${frontMatter}\n---\n${body}` }]);
          const outputDir = path.join(os.tmpdir(), `newsroom-random-${process.pid}-${run++}`);
          try {
            await buildFixtureSite(contentDir, outputDir);
            const html = await readFile(path.join(outputDir, "random-story", "index.html"), "utf8");
            const { document } = parseHTML(html);
            assert.equal(document.querySelector("h1")?.textContent, title.trim());
            assert.deepEqual(
              [...document.querySelectorAll("script")].map((script) => script.getAttribute("type")),
              ["application/ld+json"],
            );
            assert.equal(JSON.parse(document.querySelector("script")?.textContent ?? "").headline, title.trim());
            assertInert(document.querySelector(".article-body")?.innerHTML ?? "");
          } catch (error) {
            assert.ok(error instanceof ContentError, String(error));
            assert.ok(error.problems.length > 0);
          } finally {
            await rm(outputDir, { recursive: true, force: true });
            await rm(contentDir, { recursive: true, force: true });
            await rm(`${contentDir}-cache`, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 6 },
    );
  });
});
