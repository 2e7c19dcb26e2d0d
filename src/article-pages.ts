// Step 5 for articles: renders each article's page from src/layouts/article.njk and writes it to
// `<output>/<slug>/index.html`. Eleventy renders the site's other pages; article pages skip its per-page pipeline
// (about 1.5 ms a page on its own, and html-minifier-terser's 2.7 ms) because the layout is minified once and
// every page is that layout plus escaped values. docs/performance.md has the measurements.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type nunjucks from "nunjucks";
import type { BuildData } from "./build-data.ts";
import type { Article } from "./load-articles.ts";
import { gzipSize, type PageWeight } from "./page-budget.ts";
import { contentSecurityPolicy, inlineStyles, withCspMeta } from "./security-headers.ts";

/** The article page's template, in src/layouts/. */
export const ARTICLE_TEMPLATE = "article.njk";

/** Pages written at once: file writes overlap, memory stays flat on a site of thousands of articles. */
const PAGES_IN_FLIGHT = 16;

export type PageData = Pick<BuildData, "site" | "donationBlock" | "stylesheet">;

/** One written article page, with what the build's later steps need to know about it. */
export interface WrittenPage extends PageWeight {
  /** The page's Content-Security-Policy header, for `_headers`; absent when pages are not secured. */
  readonly policy?: string;
}

/** The HTML of one article's page. */
export function renderArticlePage(environment: nunjucks.Environment, data: PageData, article: Article): string {
  return environment.render(ARTICLE_TEMPLATE, { ...data, article });
}

/** The output file of an article, relative to the output folder, e.g. "my-article/index.html". */
export const articlePagePath = (article: Article) => `${article.slug}/index.html`;

/**
 * Renders and writes every article's page. `secure` gives each page its CSP meta element (from its final
 * `<style>` bytes) and returns its header policy; the dev server leaves it out, since its live reload is a script.
 */
export async function writeArticlePages(
  environment: nunjucks.Environment,
  data: PageData & Pick<BuildData, "articles">,
  outputDir: string,
  options: { readonly secure: boolean },
): Promise<WrittenPage[]> {
  const written: WrittenPage[] = [];
  const writeOne = async (article: Article): Promise<WrittenPage> => {
    const page = articlePagePath(article);
    let html = renderArticlePage(environment, data, article);
    let policy: string | undefined;
    if (options.secure) {
      const styles = inlineStyles(html);
      html = withCspMeta(html, contentSecurityPolicy(styles, { forMeta: true }));
      policy = contentSecurityPolicy(styles, { forMeta: false });
    }
    const file = path.join(outputDir, page);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, html);
    const bytes = Buffer.byteLength(html);
    return { page, bytes, gzipBytes: gzipSize(html), ...(policy === undefined ? {} : { policy }) };
  };
  for (let index = 0; index < data.articles.length; index += PAGES_IN_FLIGHT) {
    written.push(...(await Promise.all(data.articles.slice(index, index + PAGES_IN_FLIGHT).map(writeOne))));
  }
  return written;
}

/** Page path → header policy of the pages written secured, for secureOutput (src/security-headers.ts). */
export function securedPolicies(pages: readonly WrittenPage[]): Map<string, string> {
  return new Map(pages.flatMap((page) => (page.policy === undefined ? [] : [[page.page, page.policy] as const])));
}
