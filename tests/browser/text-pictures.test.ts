// Pictures in the text and a video card in Chromium on a 390 px phone at 3x, under the real Content-Security-Policy:
// each picture shown at the column's width (or its own, if narrower), the file chosen fits that size, nothing
// scrolls sideways, nothing is blocked, axe finds nothing and the Nu checker (with Java) neither.
// Functions passed to page.evaluate run in the browser, so this file also sees the DOM's types.
/// <reference lib="dom" />
import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type Browser, chromium } from "playwright-core";
import sharp from "sharp";
import { gzipSize, PAGE_BUDGET_BYTES } from "../../src/output/page-budget.ts";
import { articleText, buildFixtureSite, makeContentDir, makePhoto, VALID_FRONT_MATTER } from "../helpers/fixture-site.ts";
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
const SLUG = "pictured";

const screenshot = (width: number, height: number) =>
  sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#eee"/><rect x="10" y="10" width="${width - 20}" height="30" fill="#0b5cad"/></svg>`,
    ),
  )
    .png()
    .toBuffer();

const BODY = `![The first chart](images/first.png "Shown in the first screen | Chart: Newsroom")

A paragraph after the first picture.

![A wide photo of the square](images/photo.jpg "The square | Photo: Jane Doe")

![A small screenshot](images/small.png)

![A diagram](images/diagram.svg "| Diagram: Newsroom")

[![The stage before the talk](images/photo.jpg) The launch talk](https://www.youtube.com/watch?v=dQw4w9WgXcQ)

https://vimeo.com/76979871
`;

describe("pictures in the text on a phone", { skip: CHROMIUM_MISSING }, () => {
  let contentDir: string;
  let siteDir: string;
  let server: StaticServer;
  let browser: Browser;
  let url: string;

  before(async () => {
    contentDir = await makeContentDir([{ file: `articles/${SLUG}.md`, text: articleText(WITHOUT_IMAGE, BODY) }], {
      "articles/images/first.png": await screenshot(1000, 500),
      "articles/images/photo.jpg": await makePhoto(1800, 1200),
      "articles/images/small.png": await screenshot(340, 200),
      "articles/images/diagram.svg": Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="150"><circle cx="150" cy="75" r="60" fill="#0b5cad"/></svg>',
      ),
    });
    siteDir = path.join(os.tmpdir(), `newsroom-browser-pictures-${process.pid}`);
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

  const openPage = async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 3,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
    });
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    await page.goto(url, { waitUntil: "load" });
    // Lazy pictures load as they come into view.
    await page.evaluate(async () => {
      for (const img of document.querySelectorAll("img")) {
        img.scrollIntoView();
        await img.decode().catch(() => undefined);
      }
    });
    return { page, problems, requests, close: () => context.close() };
  };

  it("shows each picture at the column's width (or its own, if narrower), from a file sized for it, with nothing scrolling sideways", async () => {
    const { page, problems, requests, close } = await openPage();
    const layout = await page.evaluate(() => ({
      pageWidth: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
      column: document.querySelector(".article-body")?.clientWidth ?? 0,
      pictures: [...document.querySelectorAll<HTMLImageElement>(".article-body img")].map((img) => ({
        shown: img.getBoundingClientRect().width,
        // The column, or inside a video card the card's content box.
        box: img.closest(".video-poster, figure")?.clientWidth ?? 0,
        // The file's own width, from its name (naturalWidth is divided by the srcset's density).
        natural: Number(/-(\d+)w\.\w+$/.exec(img.currentSrc)?.[1] ?? 0),
        intrinsic: Number(img.getAttribute("width")),
        loaded: img.complete && img.naturalWidth > 0,
        loading: img.getAttribute("loading"),
      })),
    }));
    // Against the width asked for: on a phone, a page that overflows widens window.innerWidth with it.
    assert.ok(layout.pageWidth <= 390 && layout.viewport === 390, `the page is ${layout.pageWidth} px wide in a 390 px viewport`);
    assert.equal(layout.pictures.length, 5);
    for (const picture of layout.pictures) {
      assert.ok(picture.loaded, "every picture loads under the page's Content-Security-Policy");
      assert.ok(picture.box <= layout.column);
      const expected = Math.min(picture.box, picture.intrinsic);
      assert.ok(Math.abs(picture.shown - expected) <= 1, `shown ${picture.shown} px, expected ${expected} px`);
      // The file chosen is at least the shown size at 2x, or the whole picture when it is smaller than that.
      assert.ok(
        picture.natural >= Math.min(picture.intrinsic, Math.floor(picture.shown * 2)),
        `chose ${picture.natural} px for ${picture.shown} px`,
      );
      assert.ok(picture.natural <= Math.max(picture.shown * 4, 640), `chose ${picture.natural} px for ${picture.shown} px`);
    }
    assert.equal(layout.pictures[0]?.loading, null, "the picture in the first screen is not lazy");
    assert.deepEqual(
      layout.pictures.slice(1).map((picture) => picture.loading),
      ["lazy", "lazy", "lazy", "lazy"],
    );
    assert.deepEqual(
      requests.filter((request) => !request.startsWith(server.origin) && !request.startsWith("data:")),
      [],
      "nothing is fetched from the video sites or anywhere else",
    );
    assert.deepEqual(problems, []);
    await close();
  });

  it("makes the video cards plain links that fit the column", async () => {
    const { page, close } = await openPage();
    const cards = await page.$$eval(".video-card a", (links) =>
      links.map((link) => ({
        href: link.getAttribute("href"),
        name: link.textContent,
        fits: link.getBoundingClientRect().right <= window.innerWidth,
      })),
    );
    assert.deepEqual(cards, [
      { href: "https://www.youtube.com/watch?v=dQw4w9WgXcQ", name: "▶︎The launch talkWatch on YouTube", fits: true },
      { href: "https://vimeo.com/76979871", name: "▶︎Video on VimeoWatch on Vimeo", fits: true },
    ]);
    await close();
  });

  it("passes axe (WCAG 2.2 AA and best practices)", async () => {
    const { page, close } = await openPage();
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
