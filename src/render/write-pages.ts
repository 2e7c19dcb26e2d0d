// Renders and writes everything the site makes from its articles: each article from src/render/layouts/article.njk
// to `<output>/<slug>/index.html`; the front page and its older pages from layouts/front.njk to
// `<output>/index.html`, `<output>/page/2/index.html`…; each section, tag and author page from layouts/listing.njk
// to `<output>/tag/<slug>/index.html`, `…/page/2/index.html`…; the feeds (feeds.ts), every listing's own Atom feed,
// and the sitemaps (sitemap.ts, news-sitemap.ts). Eleventy renders only the two pages in src/render/pages/ (404,
// robots.txt). These skip Eleventy's per-page pipeline, and the dev server rewrites only those whose inputs an
// edit changed (docs/architecture.md says why, with the measurements).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type nunjucks from "nunjucks";
import { contentSecurityPolicy, inlineStyles, withCspMeta } from "../output/security-headers.ts";
import type { Article, ArticleListPage, BuildData, ListingPage, PageWeight } from "../types.ts";
import { atomFeed, FEED_PATHS, feedEntries, jsonFeed } from "./feeds.ts";
import { NEWS_SITEMAP_PATH, newsSitemapXml } from "./news-sitemap.ts";
import { SITEMAP_PATH, sitemapXml } from "./sitemap.ts";

/** The article page's template, in src/render/layouts/. */
export const ARTICLE_TEMPLATE = "article.njk";
/** The front page's template, in src/render/layouts/. */
export const FRONT_TEMPLATE = "front.njk";
/** One story in a list, in src/render/layouts/. */
export const CARD_TEMPLATE = "card.njk";
/** The section, tag and author pages' template, in src/render/layouts/. */
export const LISTING_TEMPLATE = "listing.njk";

export type PageData = Pick<BuildData, "site" | "donationBlock" | "stylesheet" | "sections"> & {
  /** The dev server's list of content problems, shown on every page until they are fixed. */
  readonly problems?: readonly string[];
};

/** One written page, with what the build's later steps need to know about it. */
export interface WrittenPage extends PageWeight {
  /** The page's Content-Security-Policy header, for `_headers`; absent when pages are not secured. */
  readonly policy?: string;
}

/**
 * What the dev server wrote in its previous rebuild: page path → the values the page was rendered from and the
 * shared data, so an edit renders and writes only the pages whose inputs changed (sameInputs).
 */
export type WrittenBefore = Map<string, { readonly inputs: readonly object[]; readonly shared: string }>;

/**
 * Whether two values give the same page. An unchanged article keeps its values from one dev-server rebuild to the
 * next (src/content/load-articles.ts, loadedBefore), so its long text is the same string and compares at once;
 * the small values added after loading (address, related stories) are compared as JSON.
 */
export function sameValues(before: object, now: object): boolean {
  if (before === now) return true;
  const was = before as Record<string, unknown>;
  const is = now as Record<string, unknown>;
  const keys = Object.keys(is);
  if (Object.keys(was).length !== keys.length) return false;
  return keys.every((key) => was[key] === is[key] || JSON.stringify(was[key]) === JSON.stringify(is[key]));
}

/** The HTML of one article's page. */
export function renderArticlePage(environment: nunjucks.Environment, data: PageData, article: Article): string {
  return environment.render(ARTICLE_TEMPLATE, { ...data, article });
}

/** A story's card in a list; `eager`: in the first screen, its picture not lazy. */
export type CardRenderer = (article: Article, eager: boolean) => string;

/**
 * Renders each card once: an article's card is the same on the front page and on every section, tag and author
 * page that lists it (in a 1000-article site with 200 tags, 7,000 cards from 1,000 articles). Make one per build.
 */
export function cardRenderer(environment: nunjucks.Environment, data: Pick<PageData, "site">): CardRenderer {
  const cards = [new Map<Article, string>(), new Map<Article, string>()] as const;
  return (article, eager) => {
    const rendered = cards[eager ? 1 : 0];
    let html = rendered.get(article);
    if (html === undefined) {
      html = environment.render(CARD_TEMPLATE, { site: data.site, article, eager });
      rendered.set(article, html);
    }
    return html;
  };
}

/** The HTML of the front page or one of its older pages. */
export function renderFrontPage(
  environment: nunjucks.Environment,
  data: PageData,
  frontPage: ArticleListPage,
  card: CardRenderer = cardRenderer(environment, data),
): string {
  return environment.render(FRONT_TEMPLATE, { ...data, frontPage, card });
}

/** The HTML of one section, tag or author page. */
export function renderListingPage(
  environment: nunjucks.Environment,
  data: PageData,
  listingPage: ListingPage,
  card: CardRenderer = cardRenderer(environment, data),
): string {
  return environment.render(LISTING_TEMPLATE, { ...data, listingPage, card });
}

/** The output file of an article, relative to the output folder, e.g. "my-article/index.html" (its url's folder). */
export const articlePagePath = (article: Article) => `${article.url.slice(1)}index.html`;

/**
 * One page or file to write: its path in the output folder, the values it is rendered from, how to render it, and
 * whether it is an HTML page (secured and weighed) or a feed or sitemap (written as it is).
 */
interface PageSource {
  readonly page: string;
  readonly inputs: readonly object[];
  readonly render: () => string;
  readonly html: boolean;
}

/** What writePages renders the site from. */
export type PagesData = PageData & Pick<BuildData, "articles" | "frontPages" | "listingPages" | "listings">;

function pageSources(environment: nunjucks.Environment, data: PagesData, sourceDateEpoch: string | undefined): PageSource[] {
  const { site, articles } = data;
  const newest = feedEntries(articles);
  const { sections, tags, authors } = data.listings;
  const file = (page: string, inputs: readonly object[], render: () => string) => ({ page, inputs, render, html: false });
  // A page of a list: made from where it sits and which articles it shows.
  const list = (listPage: ArticleListPage, render: () => string) => {
    const { articles: shown, ...about } = listPage;
    return { page: `${listPage.url.slice(1)}index.html`, inputs: [about, ...shown], render, html: true };
  };
  const card = cardRenderer(environment, data);
  // A listing's feed entry is the same in every listing's feed that carries the article.
  const entries = new Map<object, string>();
  return [
    ...data.articles.map((article) => ({
      page: articlePagePath(article),
      inputs: [article],
      render: () => renderArticlePage(environment, data, article),
      html: true,
    })),
    ...data.frontPages.map((frontPage) => list(frontPage, () => renderFrontPage(environment, data, frontPage, card))),
    ...data.listingPages.map((listingPage) => list(listingPage, () => renderListingPage(environment, data, listingPage, card))),
    file(FEED_PATHS.atom.slice(1), newest, () => atomFeed(articles, site)),
    file(FEED_PATHS.json.slice(1), newest, () => jsonFeed(articles, site)),
    // A section's, tag's or author's own feed, e.g. tag/belarus/feed.xml.
    ...[...sections, ...tags, ...authors].map((listing) => {
      const { articles: listed, ...about } = listing;
      return file(listing.feedUrl.slice(1), [about, ...feedEntries(listed)], () => atomFeed(listed, site, listing, entries));
    }),
    file(SITEMAP_PATH.slice(1), [{ listingPages: data.listingPages.map((page) => page.url) }, ...articles], () =>
      sitemapXml(articles, site, data.listingPages),
    ),
    file(NEWS_SITEMAP_PATH.slice(1), [{ sourceDateEpoch }, ...articles], () => newsSitemapXml(articles, site, sourceDateEpoch)),
  ];
}

/**
 * Renders and writes the article pages, the front pages, the section, tag and author pages, the feeds and the
 * sitemaps, and returns the HTML pages, each weighed (gzipped) for the page budget. `secure` gives each page its
 * CSP meta element (from its final `<style>` bytes) and returns its header policy; the dev server leaves it out,
 * since its live reload is a script. Given `writtenBefore` (the dev server), a page or file whose inputs are
 * unchanged since the previous rebuild is neither rendered nor written, and those no longer in the site (a removed
 * article, a tag no article has now) are deleted with their folder.
 */
export function writePages(
  environment: nunjucks.Environment,
  data: PagesData,
  outputDir: string,
  options: {
    readonly secure: boolean;
    readonly writtenBefore?: WrittenBefore;
    readonly templatesVersion?: string;
    /** The news sitemap's "now" (src/render/news-sitemap.ts), as the environment gave it. */
    readonly sourceDateEpoch?: string;
    /** A secured page's gzipped size (src/cache/page-weights.ts remembers them); gzips it by default. */
    readonly weigh?: (bytes: Buffer) => number;
  },
): WrittenPage[] {
  const { writtenBefore, weigh = (bytes: Buffer) => gzipSync(bytes).length } = options;
  // What every page shares; with the page's own inputs, what one page is rendered from.
  const shared =
    writtenBefore &&
    JSON.stringify([options.templatesVersion, data.site, data.donationBlock, data.stylesheet, data.sections, data.problems]);
  // An article is an input of its own page and of every list that shows it: compared once per build.
  const compared = new Map<object, { readonly before: object; readonly same: boolean }>();
  const same = (before: object, now: object) => {
    const known = compared.get(now);
    if (known?.before === before) return known.same;
    const result = sameValues(before, now);
    compared.set(now, { before, same: result });
    return result;
  };
  const sameInputs = (before: readonly object[], now: readonly object[]) =>
    before.length === now.length && now.every((value, n) => same(before[n] as object, value));
  const sources = pageSources(environment, data, options.sourceDateEpoch);
  // First what is no longer in the site goes. A page is its folder's index.html: the folder goes with it (its older
  // pages too), never the site's root; anything still current that was inside it is written again below (an
  // article moved from /world/ to /world/story/ by a new permalink pattern).
  if (writtenBefore !== undefined) {
    const current = new Set(sources.map((source) => source.page));
    for (const page of [...writtenBefore.keys()]) {
      if (current.has(page)) continue;
      const folder = path.dirname(page);
      const gone = path.basename(page) === "index.html" && folder !== "." ? folder : page;
      rmSync(path.join(outputDir, gone), { recursive: true, force: true });
      for (const inside of [...writtenBefore.keys()]) if (inside === page || inside.startsWith(`${gone}/`)) writtenBefore.delete(inside);
    }
  }
  const pages: WrittenPage[] = [];
  // Synchronous writes: a page is a few kilobytes on a local disk, and a round trip through libuv's thread pool
  // costs more than the write itself.
  for (const { page, inputs, render, html: isHtml } of sources) {
    const before = writtenBefore?.get(page);
    if (before !== undefined && before.shared === shared && sameInputs(before.inputs, inputs)) continue;
    let html = render();
    let policy: string | undefined;
    if (!isHtml) {
      const file = path.join(outputDir, page);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, html);
      if (shared !== undefined) writtenBefore?.set(page, { inputs, shared });
      continue;
    }
    if (options.secure) {
      const styles = inlineStyles(html);
      html = withCspMeta(html, contentSecurityPolicy(styles, { forMeta: true }));
      policy = contentSecurityPolicy(styles, { forMeta: false });
    }
    const file = path.join(outputDir, page);
    const bytes = Buffer.from(html);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    if (shared !== undefined) writtenBefore?.set(page, { inputs, shared });
    // The dev server has no page budget to report: it skips the gzip.
    const gzipBytes = options.secure ? weigh(bytes) : 0;
    pages.push({ page, bytes: bytes.length, gzipBytes, ...(policy === undefined ? {} : { policy }) });
  }
  return pages;
}

/** Page path → header policy of the pages written secured, for secureOutput (src/output/security-headers.ts). */
export function securedPolicies(pages: readonly WrittenPage[]): Map<string, string> {
  return new Map(pages.flatMap((page) => (page.policy === undefined ? [] : [[page.page, page.policy] as const])));
}
