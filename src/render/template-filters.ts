// The filters the templates call, in one table: Eleventy registers them for its pages (.eleventy.ts) and the
// article renderer (src/render/write-pages.ts) for the article pages, so both kinds of page format alike.

import type { Site } from "../content/site-schema.ts";
import type { Article } from "../types.ts";
import { atomFeed, jsonFeed } from "./feeds.ts";
import { isoDateTime, readableDate } from "./format-date.ts";
import { newsArticleJsonLd, serializeJsonLd } from "./json-ld.ts";
import { newsSitemapXml } from "./news-sitemap.ts";
import { shareLinks } from "./share-links.ts";
import { robotsTxt, sitemapXml } from "./sitemap.ts";

export const TEMPLATE_FILTERS = {
  isoDateTime,
  readableDate,
  newsArticleJsonLd: (article: Article, site: Site) => serializeJsonLd(newsArticleJsonLd(article, site)),
  shareLinks,
  // A listing card's picture: the first (smallest) candidate of a srcset, and its URL alone.
  smallestCandidate: (srcset: string) => srcset.split(", ")[0] ?? "",
  candidateUrl: (candidate: string) => candidate.split(" ")[0] ?? "",
  /** An author's profile link, labelled by its site: "https://example.social/@jane" → "example.social". */
  hostName: (url: string) => new URL(url).hostname.replace(/^www\./, ""),
  // Site files: feeds, sitemap and robots.txt, built from the same articles as the pages.
  atomFeed,
  jsonFeed,
  sitemapXml,
  newsSitemapXml,
  robotsTxt,
} as const;
