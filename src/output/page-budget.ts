// The first-round-trip budget: a page's HTML with its inline CSS must arrive in the first ~14.6 kB a server sends
// (TCP's initial congestion window of 10 packets), gzipped, so the page renders without a second round trip.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { PageWeight } from "../types.ts";
import { entryPath, listTree, relativePath } from "./list-files.ts";

/** Gzipped bytes of HTML plus inline CSS a page may weigh: 10 TCP segments of 1,460 bytes (RFC 6928). */
export const PAGE_BUDGET_BYTES = 14_600;

/** Gzipped size of a page, in bytes. */
export function gzipSize(content: string | Buffer): number {
  return gzipSync(content).length;
}

/** Every HTML page of a built site, relative to it with "/" separators, e.g. "my-article/index.html". */
export function listHtmlPages(siteDir: string): string[] {
  return listTree(siteDir)
    .filter((entry) => entry.isFile() && entry.name.endsWith(".html"))
    .map((entry) => relativePath(siteDir, entryPath(entry)));
}

/**
 * Every HTML page of a built site with its size, heaviest (gzipped) first. Pages in `weighed` (the article pages,
 * weighed as they were written) are taken as they are instead of being read and gzipped again; `pages` is the
 * site's listHtmlPages, when the caller has walked the site already.
 */
export async function measurePages(
  siteDir: string,
  weighed: readonly PageWeight[] = [],
  pages: readonly string[] = listHtmlPages(siteDir),
): Promise<PageWeight[]> {
  const known = new Map(weighed.map((weight) => [weight.page, weight]));
  const weights = await Promise.all(
    pages.map(async (page) => {
      const weight = known.get(page);
      if (weight !== undefined) return { page, bytes: weight.bytes, gzipBytes: weight.gzipBytes };
      const bytes = await readFile(path.join(siteDir, page));
      return { page, bytes: bytes.length, gzipBytes: gzipSize(bytes) };
    }),
  );
  return weights.sort((a, b) => b.gzipBytes - a.gzipBytes || a.page.localeCompare(b.page));
}

/**
 * The budget as the build summary prints it.
 * @example describeBudget({ page: "a/index.html", bytes: 12000, gzipBytes: 4431 }) // "heaviest page 4,431 B gzipped of 14,600 B budget"
 */
export function describeBudget(heaviest: PageWeight | undefined): string {
  if (heaviest === undefined) return "no pages";
  const format = (bytes: number) => bytes.toLocaleString("en-US");
  const verdict = heaviest.gzipBytes <= PAGE_BUDGET_BYTES ? "" : ` — OVER BUDGET: ${heaviest.page}`;
  return `heaviest page ${format(heaviest.gzipBytes)} B gzipped of ${format(PAGE_BUDGET_BYTES)} B budget${verdict}`;
}
