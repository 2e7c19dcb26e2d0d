// The filters the templates call, in one table, registered on the one Nunjucks environment that renders every page
// (src/render/template-environment.ts): Eleventy's two pages and those written by src/render/write-pages.ts.

import type { Site } from "../content/site-schema.ts";
import type { Article } from "../types.ts";
import { isoDateTime, readableDate } from "./format-date.ts";
import { newsArticleJsonLd, serializeJsonLd } from "./json-ld.ts";
import { shareLinks } from "./share-links.ts";
import { robotsTxt } from "./sitemap.ts";

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
  // robots.txt (src/render/pages/robots.njk).
  robotsTxt,
} as const;
