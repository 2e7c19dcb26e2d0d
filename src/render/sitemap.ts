// sitemap.xml and robots.txt: the home page and every published article, each with its last modification.

import type { Site } from "../content/site-schema.ts";
import type { Article } from "../types.ts";
import { absoluteUrl, escapeXml, lastUpdated } from "./feeds.ts";
import { isoDateTime } from "./format-date.ts";
import { NEWS_SITEMAP_PATH } from "./news-sitemap.ts";

export const SITEMAP_PATH = "/sitemap.xml";

/** The sitemap (sitemaps.org 0.9); `lastmod` is the article's updated date, not its publication date. */
export function sitemapXml(articles: readonly Pick<Article, "url" | "updated">[], site: Site): string {
  const url = (loc: string, lastmod: string) => `<url><loc>${escapeXml(loc)}</loc><lastmod>${lastmod}</lastmod></url>`;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    url(absoluteUrl("/", site), lastUpdated(articles)),
    ...articles.map((article) => url(absoluteUrl(article.url, site), isoDateTime(article.updated))),
    "</urlset>",
    "",
  ].join("\n");
}

/** robots.txt: everything may be crawled, and here are the sitemap and the news sitemap. */
export function robotsTxt(site: Site): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${absoluteUrl(SITEMAP_PATH, site)}\nSitemap: ${absoluteUrl(NEWS_SITEMAP_PATH, site)}\n`;
}
