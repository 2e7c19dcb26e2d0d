// Renders each article's page from src/render/layouts/article.njk and writes it to `<output>/<slug>/index.html`.
// Eleventy renders the site's other pages; article pages skip its per-page pipeline because every article page is
// the same minified layout filled with escaped values (docs/architecture.md says why).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type nunjucks from "nunjucks";
import { contentSecurityPolicy, inlineStyles, withCspMeta } from "../output/security-headers.ts";
import type { Article, BuildData, PageWeight } from "../types.ts";

/** The article page's template, in src/render/layouts/. */
export const ARTICLE_TEMPLATE = "article.njk";

export type PageData = Pick<BuildData, "site" | "donationBlock" | "stylesheet" | "sections"> & {
  /** The dev server's list of content problems, shown on every page until they are fixed. */
  readonly problems?: readonly string[];
};

/** One written article page, with what the build's later steps need to know about it. */
export interface WrittenPage extends PageWeight {
  /** The page's Content-Security-Policy header, for `_headers`; absent when pages are not secured. */
  readonly policy?: string;
}

/**
 * What the dev server wrote in its previous rebuild: page path → the article and the shared data the page was
 * rendered from, so an edit renders and writes only the pages whose inputs changed (sameArticle).
 */
export type WrittenBefore = Map<string, { readonly article: Article; readonly shared: string }>;

/**
 * Whether two loads of an article give the same page. An unchanged article keeps its values from one dev-server
 * rebuild to the next (src/content/load-articles.ts, loadedBefore), so its long text is the same string and
 * compares at once; the small values added after loading (address, related stories) are compared as JSON.
 */
export function sameArticle(before: Article, now: Article): boolean {
  if (before === now) return true;
  const keys = Object.keys(now) as (keyof Article)[];
  if (Object.keys(before).length !== keys.length) return false;
  return keys.every((key) => before[key] === now[key] || JSON.stringify(before[key]) === JSON.stringify(now[key]));
}

/** The HTML of one article's page. */
export function renderArticlePage(environment: nunjucks.Environment, data: PageData, article: Article): string {
  return environment.render(ARTICLE_TEMPLATE, { ...data, article });
}

/** The output file of an article, relative to the output folder, e.g. "my-article/index.html" (its url's folder). */
export const articlePagePath = (article: Article) => `${article.url.slice(1)}index.html`;

/**
 * Renders and writes the articles' pages, each weighed (gzipped) for the page budget. `secure` gives each page its
 * CSP meta element (from its final `<style>` bytes) and returns its header policy; the dev server leaves it out,
 * since its live reload is a script. Given `writtenBefore` (the dev server), a page whose inputs are unchanged
 * since the previous rebuild is neither rendered nor written, and pages of removed articles are deleted.
 */
export function writeArticlePages(
  environment: nunjucks.Environment,
  data: PageData & Pick<BuildData, "articles">,
  outputDir: string,
  options: { readonly secure: boolean; readonly writtenBefore?: WrittenBefore; readonly templatesVersion?: string },
): WrittenPage[] {
  const { writtenBefore } = options;
  // What every page shares; with the article itself, what one page is rendered from.
  const shared =
    writtenBefore &&
    JSON.stringify([options.templatesVersion, data.site, data.donationBlock, data.stylesheet, data.sections, data.problems]);
  const pages: WrittenPage[] = [];
  const current = new Set<string>();
  // Synchronous writes: a page is a few kilobytes on a local disk, and a round trip through libuv's thread pool
  // costs more than the write itself.
  for (const article of data.articles) {
    const page = articlePagePath(article);
    current.add(page);
    const before = writtenBefore?.get(page);
    if (before !== undefined && before.shared === shared && sameArticle(before.article, article)) continue;
    let html = renderArticlePage(environment, data, article);
    let policy: string | undefined;
    if (options.secure) {
      const styles = inlineStyles(html);
      html = withCspMeta(html, contentSecurityPolicy(styles, { forMeta: true }));
      policy = contentSecurityPolicy(styles, { forMeta: false });
    }
    const file = path.join(outputDir, page);
    const bytes = Buffer.from(html);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    if (shared !== undefined) writtenBefore?.set(page, { article, shared });
    // The dev server has no page budget to report: it skips the gzip.
    const gzipBytes = options.secure ? gzipSync(bytes).length : 0;
    pages.push({ page, bytes: bytes.length, gzipBytes, ...(policy === undefined ? {} : { policy }) });
  }
  for (const page of writtenBefore?.keys() ?? []) {
    if (current.has(page)) continue;
    rmSync(path.join(outputDir, path.dirname(page)), { recursive: true, force: true });
    writtenBefore?.delete(page);
  }
  return pages;
}

/** Page path → header policy of the pages written secured, for secureOutput (src/output/security-headers.ts). */
export function securedPolicies(pages: readonly WrittenPage[]): Map<string, string> {
  return new Map(pages.flatMap((page) => (page.policy === undefined ? [] : [[page.page, page.policy] as const])));
}
