// Random Markdown made of the pieces attackers and accidents are made of, and the check that rendered HTML
// cannot run: shared by the property tests on the Markdown step (tests/unit/hostile-properties.test.ts) and on
// whole builds (tests/e2e/random-builds.test.ts).
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseHTML } from "linkedom";
import { LINK_SCHEMES, linkScheme } from "../../src/content/render-markdown.ts";

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
export const markdownText = fc.oneof(
  fc.array(fc.constantFrom(...MARKDOWN_PIECES), { maxLength: 60 }).map((pieces) => pieces.join("")),
  fc.string({ maxLength: 200 }),
);

/** Fails when the HTML holds anything that could run: a script element, an event handler, a script URL. */
export function assertInert(html: string): void {
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
