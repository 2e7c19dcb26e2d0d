// A long-form article in Chromium at 320 px: a long code line, a wide table, a long address, a video card titled by
// its long address and footnotes scroll or wrap inside their own boxes, never the page; a note's way back is large
// enough to tap beside a link; axe finds nothing, and the Nu checker (with Java) neither.
// Functions passed to page.evaluate run in the browser, so this file also sees the DOM's types.
/// <reference lib="dom" />
import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type Browser, chromium } from "playwright-core";
import { gzipSize, PAGE_BUDGET_BYTES } from "../../src/output/page-budget.ts";
import { articleText, buildFixtureSite, makeContentDir, VALID_FRONT_MATTER } from "../helpers/fixture-site.ts";
import {
  axeViolations,
  CHROMIUM_ARGS,
  CHROMIUM_MISSING,
  CHROMIUM_PATH,
  nuFindings,
  type StaticServer,
  serveStatic,
} from "./helpers/browser-env.ts";

const { image: _image, ...WITHOUT_IMAGE } = VALID_FRONT_MATTER;
const SLUG = "long-read";
const LONG_ADDRESS = `https://example.org/${"a-very-long-path-segment/".repeat(8)}report.html`;
const columns = Array.from({ length: 12 }, (_, index) => `Column ${index + 1}`);

const BODY = `Readers follow the money.[^money] The figure is in \`inline code\`, sized to the text around it.
The full report is at ${LONG_ADDRESS}, and the word Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft is long.

### Written with three hashes, right after the headline

\`\`\`js
const line = "${"a long line of code that never wraps ".repeat(8)}";
\`\`\`

| ${columns.join(" | ")} |
| ${columns.map(() => "---:").join(" | ")} |
| ${columns.map((_, index) => `${(index + 1) * 1234567}`).join(" | ")} |

## Main

The section's id must not take the skip link's target.[^money] Another note.[^other] A third.[^pull]

<https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLrAXtmErZgOeiKm4sgNOknGvNjby9efdf>

[^money]: The money trail, documented in [the report](${LONG_ADDRESS}).
[^other]: A second note.
[^pull]: [#671](https://example.org/pull/671)
`;

describe("a long-form article on a narrow phone", { skip: CHROMIUM_MISSING }, () => {
  let contentDir: string;
  let siteDir: string;
  let server: StaticServer;
  let browser: Browser;
  let url: string;

  before(async () => {
    contentDir = await makeContentDir([{ file: `articles/${SLUG}.md`, text: articleText(WITHOUT_IMAGE, BODY) }]);
    siteDir = path.join(os.tmpdir(), `newsroom-browser-long-form-${process.pid}`);
    await buildFixtureSite(contentDir, siteDir);
    server = await serveStatic(siteDir);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    url = `${server.origin}/${SLUG}/`;
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    for (const folder of [siteDir, contentDir, `${contentDir}-cache`]) await rm(folder, { recursive: true, force: true });
  });

  const openPage = async (width: number) => {
    const context = await browser.newContext({
      viewport: { width, height: 640 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      bypassCSP: true,
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
    });
    await page.goto(url, { waitUntil: "load" });
    return { page, problems, close: () => context.close() };
  };

  for (const width of [320, 390]) {
    it(`never scrolls sideways at ${width} px: code and table scroll in their own focusable, labelled box`, async () => {
      const { page, problems, close } = await openPage(width);
      const layout = await page.evaluate(() => ({
        pageWidth: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
        boxes: [...document.querySelectorAll<HTMLElement>("pre, .table-scroll")].map((box) => ({
          overflows: box.scrollWidth > box.clientWidth,
          fitsPage: box.getBoundingClientRect().right <= window.innerWidth,
          tabIndex: box.tabIndex,
          label: box.getAttribute("aria-label"),
        })),
      }));
      // Against the width asked for: on a phone, a page that overflows widens window.innerWidth with it.
      assert.ok(layout.pageWidth <= width, `the page is ${layout.pageWidth} px wide in a ${width} px viewport`);
      assert.equal(layout.viewport, width);
      assert.deepEqual(layout.boxes, [
        { overflows: true, fitsPage: true, tabIndex: 0, label: "Code 1" },
        { overflows: true, fitsPage: true, tabIndex: 0, label: "Table 1" },
      ]);
      await page.focus("pre");
      await page.keyboard.press("ArrowRight");
      // Scrolling may be animated: wait for it, and fail with a message if it never moves.
      await page.waitForFunction(() => (document.querySelector("pre")?.scrollLeft ?? 0) > 0, undefined, { timeout: 3000 });
      assert.deepEqual(problems, []);
      await close();
    });
  }

  it("sizes inline code to the text around it", async () => {
    const { page, close } = await openPage(320);
    const sizes = await page.evaluate(() => {
      const code = document.querySelector(".article-body p code");
      return [code, code?.parentElement].map((element) => Number.parseFloat(getComputedStyle(element as Element).fontSize));
    });
    const [code = 0, text = 0] = sizes;
    assert.ok(code <= text && code >= text * 0.8, `inline code ${code} px in ${text} px text`);
    await close();
  });

  it("links footnotes both ways, and gives headings unique ids that link to themselves", async () => {
    const { page, close } = await openPage(320);
    await page.click("sup a >> nth=0");
    assert.equal(new URL(page.url()).hash, "#fn1");
    await page.click("#fn1 a.footnote-backref >> nth=0");
    assert.equal(new URL(page.url()).hash, "#fnref1");
    const ids = await page.$$eval("[id]", (elements) => elements.map((element) => element.id));
    assert.deepEqual(
      ids.filter((id, index) => ids.indexOf(id) !== index),
      [],
      "duplicate ids",
    );
    const headings = await page.$$eval(".article-body :is(h2, h3) > a", (links) =>
      links.map((link) => [link.parentElement?.tagName, link.getAttribute("href")]),
    );
    assert.deepEqual(headings, [
      ["H2", "#written-with-three-hashes-right-after-the-headline"],
      ["H2", "#main-2"],
    ]);
    await close();
  });

  it("passes axe (WCAG 2.2 AA and best practices) at 320 px", async () => {
    const { page, close } = await openPage(320);
    assert.deepEqual(await axeViolations(page), []);
    await close();
  });

  it("stays within the first-round-trip budget", async () => {
    const bytes = gzipSize(await readFile(path.join(siteDir, SLUG, "index.html")));
    assert.ok(bytes <= PAGE_BUDGET_BYTES, `${bytes} B gzipped`);
  });

  it("passes the W3C Nu checker, when Java is installed", async (context) => {
    const findings = await nuFindings([path.join(siteDir, SLUG, "index.html")]);
    if (findings === undefined) context.skip("java not found");
    else assert.deepEqual(findings, []);
  });
});
