// The seed article in a real browser, on a phone and on a desktop: no errors, no layout shift, the right image
// candidate, the full-size link, dark mode, print, keyboard access. Screenshots go to test-artifacts/.
// Functions passed to page.evaluate run in the browser, so this file also sees the DOM's types.
/// <reference lib="dom" />
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import { measurePages, PAGE_BUDGET_BYTES } from "../../src/output/page-budget.ts";
import {
  ARTIFACTS_DIR,
  artifactPath,
  type BrowserSession,
  CHROMIUM_MISSING,
  openBrowserSession,
  ROOT,
  SEED_SLUG,
  type StaticServer,
  VIEWPORTS,
  type ViewportName,
} from "./helpers/browser-env.ts";

interface Visit {
  readonly page: Page;
  readonly problems: string[];
  readonly scripts: string[];
}

/** Opens a page and records every console error, page error, failed request and HTTP error. */
async function visit(browser: Browser, url: string, name: ViewportName, options: { colorScheme?: "light" | "dark" } = {}): Promise<Visit> {
  const context = await browser.newContext({ ...VIEWPORTS[name], colorScheme: options.colorScheme ?? "light" });
  const page = await context.newPage();
  const problems: string[] = [];
  const scripts: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`));
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on("request", (request) => {
    if (request.resourceType() === "script") scripts.push(request.url());
  });
  await page.goto(url, { waitUntil: "load" });
  return { page, problems, scripts };
}

/** Sum of every layout shift since navigation (the page's CLS, unwindowed, so never less than CLS). */
const layoutShift = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) total += (entry as PerformanceEntry & { value: number }).value;
        }).observe({ type: "layout-shift", buffered: true });
        setTimeout(() => resolve(total), 300);
      }),
  );

/** The `<img>`'s chosen candidate: its URL, its width descriptor and the slot's size in device pixels. */
const chosenCandidate = (page: Page) =>
  page.evaluate(() => {
    const img = document.querySelector<HTMLImageElement>(".headline-image img");
    if (!img) throw new Error("no headline image");
    const currentPath = new URL(img.currentSrc).pathname;
    const candidates = [...document.querySelectorAll("picture source, picture img")].flatMap((element) =>
      (element.getAttribute("srcset") ?? "").split(",").map((candidate) => candidate.trim().split(/\s+/)),
    );
    const widths = candidates.map(([, descriptor]) => Number.parseInt(descriptor ?? "0", 10));
    const chosen = candidates.find(([url]) => url === currentPath);
    return {
      url: currentPath,
      width: Number.parseInt(chosen?.[1] ?? "0", 10),
      largest: Math.max(...widths),
      slotCssPixels: img.getBoundingClientRect().width,
      slotDevicePixels: Math.round(img.getBoundingClientRect().width * window.devicePixelRatio),
      complete: img.complete && img.naturalWidth > 0,
    };
  });

describe("the article page in Chromium", { skip: CHROMIUM_MISSING }, () => {
  let session: BrowserSession | undefined;
  let siteDir: string;
  let server: StaticServer;
  let browser: Browser;
  let articleUrl: string;
  const measurements: Record<string, unknown> = {};

  before(async () => {
    session = await openBrowserSession("page");
    ({ siteDir, server, browser } = session);
    articleUrl = `${server.origin}/${SEED_SLUG}/`;
  });

  after(async () => {
    await writeFile(await artifactPath("browser-measurements.json"), `${JSON.stringify(measurements, null, 2)}\n`);
    await session?.close();
  });

  for (const name of ["phone", "desktop"] as const) {
    describe(`on a ${name} (${VIEWPORTS[name].viewport.width}×${VIEWPORTS[name].viewport.height} at ${VIEWPORTS[name].deviceScaleFactor}x)`, () => {
      it("loads with no console errors, no failed requests, no JavaScript and no layout shift", async () => {
        const { page, problems, scripts } = await visit(browser, articleUrl, name);
        assert.deepEqual(problems, []);
        assert.deepEqual(scripts, []);
        assert.equal(await page.locator("script:not([type='application/ld+json'])").count(), 0);
        const shift = await layoutShift(page);
        measurements[`${name}.layoutShift`] = shift;
        assert.equal(shift, 0);
        await page.screenshot({ path: await artifactPath(`article-${name}.png`) });
        await page.screenshot({ path: await artifactPath(`article-${name}-full.png`), fullPage: true });
        if (process.env["NEWSROOM_UPDATE_SCREENSHOTS"]) {
          await mkdir(path.join(ROOT, "docs", "screenshots"), { recursive: true });
          // The README's copy, palette-compressed: a third of the bytes, no visible difference at this size.
          await sharp(path.join(ARTIFACTS_DIR, `article-${name}.png`))
            .png({ palette: true, quality: 90, effort: 10, compressionLevel: 9 })
            .toFile(path.join(ROOT, "docs", "screenshots", `article-${name}.png`));
        }
        await page.context().close();
      });

      it("picks an AVIF between 1x and about 2x the slot's device pixels, never the largest file for a small slot", async () => {
        const { page } = await visit(browser, articleUrl, name);
        const chosen = await chosenCandidate(page);
        const ratio = chosen.width / chosen.slotDevicePixels;
        measurements[`${name}.image`] = { ...chosen, ratio: Number(ratio.toFixed(3)) };
        assert.ok(chosen.complete, "the image loaded");
        assert.match(chosen.url, /\.avif$/);
        assert.ok(ratio >= 1 && ratio <= 2.1, `chose ${chosen.width}w for a ${chosen.slotDevicePixels} px slot (${ratio.toFixed(2)}x)`);
        if (chosen.slotDevicePixels < chosen.largest / 2) assert.notEqual(chosen.width, chosen.largest);
        await page.context().close();
      });

      it("shows the blurred placeholder in the image's final box while the image is still loading", async () => {
        const context = await browser.newContext(VIEWPORTS[name]);
        const page = await context.newPage();
        let release: () => void = () => {};
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        await page.route("**/img/**", async (route) => {
          await held;
          await route.continue();
        });
        await page.goto(articleUrl, { waitUntil: "domcontentloaded" });
        const box = async () => page.locator(".headline-image img").boundingBox();
        const waiting = await box();
        const background = await page.locator(".headline-image img").evaluate((img) => getComputedStyle(img).backgroundImage);
        assert.match(background, /^url\("data:image\/webp;base64,/);
        await page.screenshot({ path: await artifactPath(`article-${name}-placeholder.png`) });
        release();
        await page.waitForFunction(() => document.querySelector<HTMLImageElement>(".headline-image img")?.complete);
        const loaded = await box();
        assert.ok(waiting && loaded && waiting.height > 100);
        assert.deepEqual(waiting, loaded);
        assert.equal(await layoutShift(page), 0);
        await context.close();
      });

      it("opens the full-size JPEG when the headline image is clicked", async () => {
        const { page } = await visit(browser, articleUrl, name);
        const [response] = await Promise.all([page.waitForNavigation(), page.locator(".headline-image img").click()]);
        assert.equal(response?.status(), 200);
        assert.equal(response?.headers()["content-type"], "image/jpeg");
        assert.match(page.url(), /-full\.jpg$/);
        const size = await page.evaluate(() => [document.images[0]?.naturalWidth, document.images[0]?.naturalHeight]);
        assert.ok((size[0] ?? 0) >= 4000 && (size[1] ?? 0) >= 2600, `full size is ${size.join("×")}`);
        await page.context().close();
      });
    });
  }

  it("resolves every address the page names: links, images, icons, feeds, the social card, JSON-LD crops and logo", async () => {
    const { page } = await visit(browser, articleUrl, "desktop");
    const named = await page.evaluate(() => {
      const urls = [...document.querySelectorAll("[href], [src], [srcset], meta[content^='http']")].flatMap((element) => [
        element.getAttribute("href") ?? "",
        element.getAttribute("src") ?? "",
        ...(element.getAttribute("srcset") ?? "").split(",").map((candidate) => candidate.trim().split(/\s+/)[0] ?? ""),
        element.getAttribute("content") ?? "",
      ]);
      const jsonLd = document.querySelector("script[type='application/ld+json']")?.textContent ?? "";
      return [...urls, ...(jsonLd.match(/https:[^"]+/g) ?? [])];
    });
    const site = JSON.parse(await readFile(path.join(ROOT, "content", "_data", "site.json"), "utf8")).url;
    const local = [
      ...new Set(
        named
          .filter((url) => url.startsWith("/") || url.startsWith(site))
          .map((url) => new URL(url.replace(site, ""), server.origin).pathname),
      ),
    ];
    assert.ok(local.length >= 20, `${local.length} addresses`);
    const statuses = await Promise.all(
      local.map(async (pathname) => `${(await page.request.get(`${server.origin}${pathname}`)).status()} ${pathname}`),
    );
    assert.deepEqual(
      statuses.filter((status) => !status.startsWith("200")),
      [],
    );
    await page.context().close();
  });

  it("keeps the article's HTML with its inline CSS within the first-round-trip budget", async () => {
    const article = (await measurePages(siteDir)).find((page) => page.page === `${SEED_SLUG}/index.html`);
    measurements["article.bytes"] = article?.bytes;
    measurements["article.gzipBytes"] = article?.gzipBytes;
    assert.ok(article && article.gzipBytes <= PAGE_BUDGET_BYTES, `${article?.gzipBytes} B gzipped`);
  });

  it("follows the reader's dark mode", async () => {
    const { page, problems } = await visit(browser, articleUrl, "phone", { colorScheme: "dark" });
    assert.deepEqual(problems, []);
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), "rgb(18, 18, 18)");
    await page.screenshot({ path: await artifactPath("article-phone-dark.png") });
    await page.context().close();
  });

  it("prints without the share and donation blocks", async () => {
    const { page } = await visit(browser, articleUrl, "desktop");
    await page.emulateMedia({ media: "print" });
    for (const selector of [".share", ".donation", ".skip-link", ".full-size-hint"]) {
      assert.equal(await page.locator(selector).evaluate((element) => getComputedStyle(element).display), "none", selector);
    }
    await page.pdf({ path: await artifactPath("article-print.pdf") });
    await page.context().close();
  });

  it("shows link URLs when printed", async () => {
    const { page } = await visit(browser, articleUrl, "desktop");
    await page.evaluate(() => {
      const link = Object.assign(document.createElement("a"), { href: "https://example.org/source", textContent: "source" });
      document.querySelector(".article-body p")?.append(link);
    });
    await page.emulateMedia({ media: "print" });
    const after = await page.locator(".article-body a").evaluate((link) => getComputedStyle(link, "::after").content);
    assert.equal(after, '" (https://example.org/source)"');
    await page.context().close();
  });

  it("offers a skip link as the first thing the keyboard reaches, visible when focused", async () => {
    const { page } = await visit(browser, articleUrl, "desktop");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to content");
    const box = await page.locator(".skip-link").boundingBox();
    assert.ok(box && box.y >= 0);
    await page.keyboard.press("Enter");
    // The jump to #main is a navigation of its own: wait for it rather than read the address at once.
    await page.waitForFunction(() => location.hash === "#main", undefined, { timeout: 5000 });
    assert.match(page.url(), /#main$/);
    await page.context().close();
  });

  it("answers an unknown address with the 404 page", async () => {
    const context = await browser.newContext(VIEWPORTS.phone);
    const page = await context.newPage();
    const response = await page.goto(`${server.origin}/no-such-story/`);
    assert.equal(response?.status(), 404);
    assert.equal(await page.locator("h1").textContent(), "Page not found");
    await page.locator(`a[href="/${SEED_SLUG}/"]`).click();
    assert.equal(await page.locator("h1").count(), 1);
    await context.close();
  });
});
