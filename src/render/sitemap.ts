// sitemap.xml and robots.txt: the home page and every published article, each with its last modification.

import { ARTICLES_PER_LISTING_PAGE } from "../content/site-paths.ts";
import type { Site } from "../content/site-schema.ts";
import type { Article } from "../types.ts";
import { absoluteUrl, escapeXml, lastUpdated } from "./feeds.ts";
import { isoDateTime } from "./format-date.ts";
import { NEWS_SITEMAP_PATH } from "./news-sitemap.ts";

export const SITEMAP_PATH = "/sitemap.xml";

/** A listing page the sitemap lists: its address and the stories on it. */
export interface ListedPage {
  readonly url: string;
  readonly articles: readonly Pick<Article, "updated">[];
}

/**
 * The sitemap (sitemaps.org 0.9): the front page and the older listing pages after it, every article, and every
 * section, tag and author page. `lastmod` is the newest `updated` of what a page shows, not a publication date.
 */
export function sitemapXml(
  articles: readonly Pick<Article, "url" | "updated">[],
  site: Site,
  listingPages: readonly ListedPage[] = [],
): string {
  const url = (loc: string, lastmod: string) => `<url><loc>${escapeXml(loc)}</loc><lastmod>${lastmod}</lastmod></url>`;
  const frontPages = Array.from({ length: Math.max(1, Math.ceil(articles.length / ARTICLES_PER_LISTING_PAGE)) }, (_, index) => ({
    url: index === 0 ? "/" : `/page/${index + 1}/`,
    articles: articles.slice(index * ARTICLES_PER_LISTING_PAGE, (index + 1) * ARTICLES_PER_LISTING_PAGE),
  }));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...[...frontPages, ...listingPages].map((page) => url(absoluteUrl(page.url, site), lastUpdated(page.articles))),
    ...articles.map((article) => url(absoluteUrl(article.url, site), isoDateTime(article.updated))),
    "</urlset>",
    "",
  ].join("\n");
}

/** robots.txt: everything may be crawled, and here are the sitemap and the news sitemap. */
export function robotsTxt(site: Site): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${absoluteUrl(SITEMAP_PATH, site)}\nSitemap: ${absoluteUrl(NEWS_SITEMAP_PATH, site)}\n`;
}
