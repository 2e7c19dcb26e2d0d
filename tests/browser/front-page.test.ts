// The news front page and a section page in Chromium: no sideways scroll at 320 px, axe and the Nu checker find
// nothing, no layout shift while a page arrives in parts, screenshots at 390 and 1440 px into test-artifacts/; and the article page's details on a phone (the
// byline keeps "2 min read" whole, the share links leave no button alone on a row, the meter uses the site's colour).
// Functions passed to page.evaluate run in the browser, so this file also sees the DOM's types.
/// <reference lib="dom" />
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { type Browser, chromium } from "playwright-core";
import {
  artifactPath,
  axeViolations,
  buildNewsSite,
  CHROMIUM_ARGS,
  CHROMIUM_MISSING,
  CHROMIUM_PATH,
  type StaticServer,
  serveStatic,
} from "./helpers/browser-env.ts";

const run = promisify(execFile);

describe("the front page and a section page in Chromium", { skip: CHROMIUM_MISSING }, () => {
  let siteDir: string;
  let removeNewsSite: (() => Promise<void>) | undefined;
  let server: StaticServer;
  let browser: Browser;

  before(async () => {
    ({ siteDir, remove: removeNewsSite } = await buildNewsSite("front-page"));
    server = await serveStatic(siteDir);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await removeNewsSite?.();
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

  it("moves nothing while a listing page is still arriving: a card's picture is in its place before its text is", async () => {
    // The page cut after the first card's picture, as a slow network can deliver it: Chromium paints the first
    // part. A card laid out as a flex row reordered with `order` had its picture alone on the left until its text
    // came, then moved it right (a layout shift Lighthouse measured on a slow run).
    const slow = await serveStatic(siteDir, { pauseAfter: { marker: "</picture>", ms: 400 } });
    try {
      for (const width of [390, 1440]) {
        // bypassCSP: the page's CSP rightly forbids scripts; the observer is the test's, not the page's.
        const context = await browser.newContext({ viewport: { width, height: 844 }, bypassCSP: true });
        await context.addInitScript(() => {
          const shifts: string[] = [];
          Object.assign(window, { shifts });
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as (PerformanceEntry & { sources: { node?: Node }[] })[]) {
              shifts.push(...entry.sources.map((source) => `${source.node?.nodeName} ${(source.node as Element | undefined)?.className}`));
            }
          }).observe({ type: "layout-shift", buffered: true });
        });
        const page = await context.newPage();
        await page.goto(`${slow.origin}/section/politics/`, { waitUntil: "load" });
        assert.deepEqual(await page.evaluate(() => (window as unknown as { shifts: string[] }).shifts), [], `at ${width} px`);
        await context.close();
      }
    } finally {
      await slow.close();
    }
  });

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
