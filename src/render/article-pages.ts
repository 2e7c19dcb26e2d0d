// Step 5 for articles: renders each article's page from src/render/layouts/article.njk and writes it to
// `<output>/<slug>/index.html`. Eleventy renders the site's other pages; article pages skip its per-page pipeline
// (about 1.5 ms a page on its own, and html-minifier-terser's 2.7 ms) because the layout is minified once and
// every page is that layout plus escaped values. docs/performance.md has the measurements.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type nunjucks from "nunjucks";
import type { Article } from "../content/load-articles.ts";
import { gzipSize, type PageWeight, pageHash } from "../output/page-budget.ts";
import { contentSecurityPolicy, inlineStyles, withCspMeta } from "../output/security-headers.ts";
import type { BuildData } from "./build-data.ts";

/** The article page's template, in src/render/layouts/. */
export const ARTICLE_TEMPLATE = "article.njk";

export type PageData = Pick<BuildData, "site" | "donationBlock" | "stylesheet">;

/** One written article page, with what the build's later steps need to know about it. */
export interface WrittenPage extends PageWeight {
  /** Hash of the page's bytes, under which its gzipped size is remembered (src/page-budget.ts). */
  readonly hash: string;
  /** The page's Content-Security-Policy header, for `_headers`; absent when pages are not secured. */
  readonly policy?: string;
}

/** The HTML of one article's page. */
export function renderArticlePage(environment: nunjucks.Environment, data: PageData, article: Article): string {
  return environment.render(ARTICLE_TEMPLATE, { ...data, article });
}

/** The output file of an article, relative to the output folder, e.g. "my-article/index.html". */
export const articlePagePath = (article: Article) => `${article.slug}/index.html`;

/** Hands out the index of the next article to write, each once, in order: one writer's whole list. */
export function inOrder(): () => number {
  let next = 0;
  return () => next++;
}

/**
 * Renders and writes the articles' pages. `secure` gives each page its CSP meta element (from its final
 * `<style>` bytes) and returns its header policy; the dev server leaves it out, since its live reload is a script.
 * `claim` hands out the index of the next article to write: threads that share one list share one claim
 * (src/prefetch-build-data.ts), so each page is written once, by whichever thread is free.
 */
export function writeArticlePages(
  environment: nunjucks.Environment,
  data: PageData & Pick<BuildData, "articles">,
  outputDir: string,
  options: { readonly secure: boolean; readonly knownSizes?: ReadonlyMap<string, number>; readonly claim?: () => number },
): WrittenPage[] {
  // Synchronous writes: a page is a few kilobytes on a local disk, and a round trip through libuv's thread pool
  // (shared by every worker of the build) costs more than the write itself. The workers run beside the main
  // thread, so nothing else waits on them; the dev server writes one page at a time.
  const claim = options.claim ?? inOrder();
  const pages: WrittenPage[] = [];
  for (let index = claim(); index < data.articles.length; index = claim()) {
    const article = data.articles[index] as Article;
    const page = articlePagePath(article);
    let html = renderArticlePage(environment, data, article);
    let policy: string | undefined;
    if (options.secure) {
      const styles = inlineStyles(html);
      html = withCspMeta(html, contentSecurityPolicy(styles, { forMeta: true }));
      policy = contentSecurityPolicy(styles, { forMeta: false });
    }
    const file = path.join(outputDir, page);
    // Encoded once for the file, its hash and its gzipped size.
    const bytes = Buffer.from(html);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    const hash = pageHash(bytes);
    const gzipBytes = options.knownSizes?.get(hash) ?? gzipSize(bytes);
    pages.push({ page, hash, bytes: bytes.length, gzipBytes, ...(policy === undefined ? {} : { policy }) });
  }
  return pages;
}

/** Page path → header policy of the pages written secured, for secureOutput (src/security-headers.ts). */
export function securedPolicies(pages: readonly WrittenPage[]): Map<string, string> {
  return new Map(pages.flatMap((page) => (page.policy === undefined ? [] : [[page.page, page.policy] as const])));
}
