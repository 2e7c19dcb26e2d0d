// axe-core in Chromium: zero violations of WCAG 2.2 AA and axe's best practices, on a phone and a desktop, in
// light and dark mode. axe's source is evaluated in the page (@axe-core/playwright needs Node 22).
// Functions passed to page.evaluate run in the browser, so this file also sees the DOM's types.
/// <reference lib="dom" />
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import {
  artifactPath,
  type BrowserSession,
  CHROMIUM_MISSING,
  openBrowserSession,
  SEED_SLUG,
  type StaticServer,
  VIEWPORTS,
} from "./helpers/browser-env.ts";

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

interface AxeViolation {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

describe("accessibility (axe-core)", { skip: CHROMIUM_MISSING }, () => {
  let session: BrowserSession | undefined;
  let server: StaticServer;
  let browser: Browser;
  let axeSource: string;
  const results: Record<string, { violations: number; passes: number; incomplete: string[] }> = {};

  before(async () => {
    axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    session = await openBrowserSession("axe");
    ({ server, browser } = session);
  });

  after(async () => {
    await writeFile(await artifactPath("axe-results.json"), `${JSON.stringify(results, null, 2)}\n`);
    await session?.close();
  });

  const pages = [
    ["the article", `/${SEED_SLUG}/`],
    ["the front page", "/"],
    ["the 404 page", "/404.html"],
  ] as const;

  for (const [pageName, pathname] of pages) {
    for (const viewport of ["phone", "desktop"] as const) {
      for (const colorScheme of ["light", "dark"] as const) {
        if (pageName !== "the article" && colorScheme === "dark") continue;
        it(`finds no violations on ${pageName}, ${viewport}, ${colorScheme} mode`, async () => {
          // bypassCSP: the page's CSP rightly forbids scripts; axe is the test's, not the page's.
          const context = await browser.newContext({ ...VIEWPORTS[viewport], colorScheme, bypassCSP: true });
          const page = await context.newPage();
          await page.goto(`${server.origin}${pathname}`, { waitUntil: "load" });
          await page.evaluate(axeSource);
          const result = await page.evaluate(
            (tags) =>
              (
                globalThis as unknown as {
                  axe: { run(options: unknown): Promise<{ violations: AxeViolation[]; passes: unknown[]; incomplete: { id: string }[] }> };
                }
              ).axe.run({ runOnly: { type: "tag", values: tags }, resultTypes: ["violations", "incomplete"] }),
            AXE_TAGS,
          );
          results[`${pathname} ${viewport} ${colorScheme}`] = {
            violations: result.violations.length,
            passes: result.passes.length,
            incomplete: result.incomplete.map((item) => item.id),
          };
          const described = result.violations.map(
            (violation) =>
              `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
          );
          assert.deepEqual(described, []);
          await context.close();
        });
      }
    }
  }
});
