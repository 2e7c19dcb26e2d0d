// The news front page and a section page in Chromium: no sideways scroll at 320 px, axe and the Nu checker find
// nothing, screenshots at 390 and 1440 px into test-artifacts/; and the article page's details on a phone (the
// byline keeps "2 min read" whole, the share links leave no button alone on a row, the meter uses the site's colour).
// Functions passed to page.evaluate run in the browser, so this file also sees the DOM's types.
/// <reference lib="dom" />
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { type Browser, chromium } from "playwright-core";
import { articleText, buildFixtureSite, makeContentDir, makePhoto } from "../helpers/fixture-site.ts";
import {
  artifactPath,
  axeViolations,
  CHROMIUM_ARGS,
  CHROMIUM_MISSING,
  CHROMIUM_PATH,
  type StaticServer,
  serveStatic,
} from "./helpers/browser-env.ts";

const run = promisify(execFile);
const SECTIONS = ["Politics", "Energy Policy", "Culture", "World"];
const BODY = `${"A paragraph of reporting that runs on for a while, so the story takes a minute or two to read. ".repeat(40)}\n`;
const STORIES = Array.from({ length: 12 }, (_, n) => ({
  file: `articles/story-${n}.md`,
  text: articleText(
    {
      title: `Story ${n}: a headline long enough to wrap onto a second line on a phone`,
      description: "A standfirst of one sentence that says what the story is about and why it matters today.",
      date: new Date(Date.UTC(2024, 4, 1 + n, 9)).toISOString(),
      author: n % 3 === 0 ? ["Jane Doe", "John Roe"] : "Jane Doe",
      section: SECTIONS[n % SECTIONS.length],
      tags: ["Belarus", n % 2 === 0 ? "Energy" : "Elections"],
      ...(n % 4 !== 1 ? { image: { src: `images/photo-${n % 2}.jpg`, alt: "A noisy test photo" } } : {}),
    },
    BODY,
  ),
}));

describe("the front page and a section page in Chromium", { skip: CHROMIUM_MISSING }, () => {
  let contentDir: string;
  let siteDir: string;
  let server: StaticServer;
  let browser: Browser;

  before(async () => {
    contentDir = await makeContentDir(STORIES, {
      "articles/images/photo-0.jpg": await makePhoto(1800, 1200),
      "articles/images/photo-1.jpg": await makePhoto(1200, 1200),
    });
    await writeFile(
      path.join(contentDir, "_data", "authors.json"),
      JSON.stringify([{ name: "Jane Doe", slug: "jane-doe", bio: "Covers Belarus." }]),
    );
    siteDir = path.join(os.tmpdir(), `newsroom-browser-front-page-${process.pid}`);
    await buildFixtureSite(contentDir, siteDir);
    server = await serveStatic(siteDir);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    for (const folder of [siteDir, contentDir, `${contentDir}-cache`]) await rm(folder, { recursive: true, force: true });
  });

  const openPage = async (address: string, width: number, options: { dark?: boolean } = {}) => {
    const phone = width < 700;
    const context = await browser.newContext({
      viewport: { width, height: phone ? 844 : 900 },
      deviceScaleFactor: phone ? 3 : 1,
      isMobile: phone,
      hasTouch: phone,
      colorScheme: options.dark ? "dark" : "light",
    });
    const page = await context.newPage();
    await page.goto(`${server.origin}${address}`, { waitUntil: "load" });
    return { page, close: () => context.close() };
  };

  for (const address of ["/", "/section/politics/", "/story-11/"]) {
    it(`never scrolls sideways at 320 px: ${address}`, async () => {
      const { page, close } = await openPage(address, 320);
      // Against the width asked for: on a phone, a page that overflows widens window.innerWidth with it.
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 320, `the page is ${width} px wide in a 320 px viewport`);
      await close();
    });
  }

  for (const [address, width, dark] of [
    ["/", 390, false],
    ["/", 1440, true],
    ["/section/politics/", 390, true],
    ["/section/politics/", 1440, false],
  ] as const) {
    it(`passes axe at ${width} px${dark ? " in dark mode" : ""}: ${address}`, async () => {
      const { page, close } = await openPage(address, width, { dark });
      assert.deepEqual(await axeViolations(page), []);
      await close();
    });
  }

  it("takes screenshots of the front page at 390 and 1440 px, the lead image loaded, later cards lazy", async () => {
    for (const width of [390, 1440]) {
      const { page, close } = await openPage("/", width);
      const lead = await page.$eval(
        ".lead img",
        (image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0,
      );
      assert.ok(lead, "the lead image loaded");
      // The first two cards are on the first screen; the rest load as the reader scrolls to them.
      const loading = await page.$$eval(".card", (cards) =>
        cards.map((card) => {
          const image = card.querySelector("img");
          return image === null ? "no image" : (image.getAttribute("loading") ?? "eager");
        }),
      );
      assert.deepEqual(loading.slice(0, 2), ["eager", "no image"]);
      assert.ok(
        loading.slice(2).every((value) => value === "lazy" || value === "no image"),
        loading.join(", "),
      );
      await page.screenshot({ path: await artifactPath(`front-page-${width}.png`), fullPage: width > 700 });
      await close();
    }
  });

  it("keeps '2 min read' on one line, leaves no share button alone on a row, and colours the meter with --meter on a phone", async () => {
    const { page, close } = await openPage("/story-11/", 320);
    const details = await page.evaluate(() => {
      const reading = document.querySelector(".byline .nowrap") as HTMLElement;
      const rows = new Map<number, number>();
      for (const link of document.querySelectorAll(".share li")) {
        const top = Math.round(link.getBoundingClientRect().top);
        rows.set(top, (rows.get(top) ?? 0) + 1);
      }
      const meter = document.querySelector("meter") as HTMLElement;
      return {
        readingLines: reading.getClientRects().length,
        rowSizes: [...rows.values()],
        meterBackground: getComputedStyle(meter).backgroundColor,
        meterAppearance: getComputedStyle(meter).appearance,
      };
    });
    assert.equal(details.readingLines, 1);
    assert.ok(!details.rowSizes.includes(1), `share rows of ${details.rowSizes.join(", ")}`);
    assert.equal(details.meterAppearance, "none");
    assert.equal(details.meterBackground, "rgb(118, 118, 118)");
    await page.screenshot({ path: await artifactPath("article-320.png"), fullPage: true });
    await close();
  });

  it("passes the W3C Nu checker on the front page and a section page, when Java is installed", async (context) => {
    if (
      !(await run("java", ["-version"]).then(
        () => true,
        () => false,
      ))
    ) {
      context.skip("java not found");
      return;
    }
    const vnuJar = createRequire(import.meta.url).resolve("vnu-jar/build/dist/vnu.jar");
    const pages = ["index.html", "section/politics/index.html", "author/jane-doe/index.html"].map((page) => path.join(siteDir, page));
    const { stderr } = await run("java", ["-jar", vnuJar, "--format", "json", "--exit-zero-always", ...pages], { maxBuffer: 10_000_000 });
    const messages = (JSON.parse(stderr) as { messages: { type: string; subType?: string; message: string; extract?: string }[] }).messages;
    const findings = messages.filter(
      (message) => (message.type !== "info" || message.subType === "warning") && !/violates Content Security Policy/.test(message.message),
    );
    assert.deepEqual(
      findings.map((message) => `${message.message} (${message.extract ?? ""})`),
      [],
    );
  });
});
