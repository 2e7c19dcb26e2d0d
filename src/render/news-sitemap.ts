// news-sitemap.xml, in the format Google News documents: the articles published in the last two days, at most
// 1,000, each with its publication (name and language), publication date and title. "Now" is never the clock, so
// a build stays reproducible: SOURCE_DATE_EPOCH when set, otherwise the newest article's date.
import type { Site } from "../content/site-schema.ts";
import type { Article } from "../types.ts";
import { absoluteUrl, escapeXml } from "./feeds.ts";
import { isoDateTime } from "./format-date.ts";

export const NEWS_SITEMAP_PATH = "/news-sitemap.xml";

/** Google News reads articles published in the last two days, and at most 1,000 of them a sitemap. */
export const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;
export const NEWS_ENTRY_LIMIT = 1000;

/**
 * The moment the news sitemap counts two days back from: SOURCE_DATE_EPOCH (seconds since 1970, as
 * reproducible-builds.org defines it) when given (not empty), otherwise the newest publication date; 0 for an empty site.
 * @example newsNow([], "1714550400") // 1714550400000
 */
export function newsNow(articles: readonly Pick<Article, "date">[], sourceDateEpoch: string | undefined): number {
  if (sourceDateEpoch !== undefined && /^\d+$/.test(sourceDateEpoch.trim())) return Number(sourceDateEpoch.trim()) * 1000;
  const newest = Math.max(...articles.map((article) => Date.parse(article.date)));
  return Number.isFinite(newest) ? newest : 0;
}

/** The news sitemap: articles published within two days before `now` (and not after it), newest first. */
export function newsSitemapXml(
  articles: readonly Pick<Article, "url" | "title" | "date" | "lang">[],
  site: Site,
  sourceDateEpoch?: string,
): string {
  const now = newsNow(articles, sourceDateEpoch);
  const recent = articles
    .filter((article) => {
      const published = Date.parse(article.date);
      return published <= now && now - published <= NEWS_WINDOW_MS;
    })
    .sort((a, b) => Date.parse(b.date) - Date.parse(a.date))
    .slice(0, NEWS_ENTRY_LIMIT);
  const entry = (article: (typeof recent)[number]) =>
    [
      `<url><loc>${escapeXml(absoluteUrl(article.url, site))}</loc><news:news>`,
      `<news:publication><news:name>${escapeXml(site.name)}</news:name><news:language>${escapeXml(newsLanguage(article.lang ?? site.language))}</news:language></news:publication>`,
      `<news:publication_date>${isoDateTime(article.date)}</news:publication_date>`,
      `<news:title>${escapeXml(article.title)}</news:title>`,
      "</news:news></url>",
    ].join("");
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
    ...recent.map(entry),
    "</urlset>",
    "",
  ].join("\n");
}

/**
 * The language as Google News asks for it: the ISO 639 code, except zh-cn and zh-tw, which keep their region.
 * @example newsLanguage("en-GB") // "en"; newsLanguage("zh-TW") // "zh-tw"
 */
export function newsLanguage(tag: string): string {
  const lower = tag.toLowerCase();
  if (lower === "zh-cn" || lower === "zh-tw") return lower;
  if (lower === "zh-hant" || lower.startsWith("zh-hant-")) return "zh-tw";
  if (lower.startsWith("zh")) return "zh-cn";
  return lower.split("-")[0] ?? lower;
}
