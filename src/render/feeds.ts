// The site's feeds: Atom (RFC 4287) and JSON Feed 1.1, built from the same articles as the pages, every URL absolute.

import type { Site } from "../content/site-schema.ts";
import type { Article } from "../types.ts";
import { isoDateTime } from "./format-date.ts";

/** What a feed needs of an article. */
export type FeedArticle = Pick<Article, "url" | "title" | "description" | "date" | "updated" | "authors" | "tags" | "html"> & {
  readonly image?: { readonly social: { readonly url: string } } | undefined;
  readonly lang?: string | undefined;
  readonly corrections?: Article["corrections"] | undefined;
};

/**
 * The article's text as a feed carries it: its corrections first, each under a Correction label as on the page.
 * @example feedHtml({ html: "<p>Text</p>", corrections: [{ date: "2024-05-02", text: "The mayor is Ann." }] })
 */
export function feedHtml(article: Pick<FeedArticle, "html" | "corrections">): string {
  const escapeText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const corrections = (article.corrections ?? []).map(
    (correction) => `<p><strong>Correction</strong> (${correction.date.slice(0, 10)}): ${escapeText(correction.text)}</p>\n`,
  );
  return corrections.join("") + article.html;
}

export const FEED_PATHS = { atom: "/feed.xml", json: "/feed.json" } as const;

/**
 * Entries a feed carries: the newest articles only. Readers poll feeds for what is new; a feed with every article's
 * full text would grow without end (1000 articles make an 8 MB feed, re-fetched by every subscriber).
 */
export const FEED_ENTRY_LIMIT = 50;

/** The articles a feed lists: the FEED_ENTRY_LIMIT most recently published, newest first. */
export function feedEntries<T extends Pick<Article, "date">>(articles: readonly T[]): T[] {
  return [...articles].sort((a, b) => Date.parse(b.date) - Date.parse(a.date)).slice(0, FEED_ENTRY_LIMIT);
}

/** An absolute URL on the site; absolute URLs pass through unchanged. */
export function absoluteUrl(url: string, site: Pick<Site, "url">): string {
  return new URL(url, `${site.url}/`).href;
}

/**
 * Makes the `href` and `src` attributes of rendered HTML absolute, as feed readers show content away from the site.
 * markdown-it writes every attribute double-quoted, so one pattern covers its output.
 */
export function absolutizeHtml(html: string, site: Pick<Site, "url">): string {
  return html.replace(/\b(href|src)="([^"]*)"/g, (whole, name: string, value: string) => {
    if (value.startsWith("#") || /^[a-z][a-z0-9+.-]*:/i.test(value)) return whole;
    return `${name}="${absoluteUrl(value.replace(/&amp;/g, "&"), site).replace(/&/g, "&amp;")}"`;
  });
}

/** Escapes text for XML element content and double-quoted attributes. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/** Newest `updated` of all articles: the feed's own `updated`. An empty site gets a fixed date so builds stay reproducible. */
export function lastUpdated(articles: readonly Pick<Article, "updated">[]): string {
  const newest = Math.max(...articles.map((article) => Date.parse(article.updated)));
  return new Date(Number.isFinite(newest) ? newest : 0).toISOString();
}

/** A feed of one section, tag or author (src/render/listings.ts), rather than the whole site. */
export interface FeedScope {
  readonly name: string;
  /** The listing's page, e.g. "/tag/belarus/". */
  readonly url: string;
  /** The feed's own address, e.g. "/tag/belarus/feed.xml". */
  readonly feedUrl: string;
}

/**
 * The Atom feed document, of the newest articles: the whole site's, or of one section, tag or author. A scoped
 * feed's entry is the same in every scope: given `scopedEntries` (one map per build), each is written once.
 */
export function atomFeed(
  articles: readonly FeedArticle[],
  site: Site,
  scope?: FeedScope,
  scopedEntries: Map<object, string> = new Map(),
): string {
  const tag = (name: string, value: string) => `<${name}>${escapeXml(value)}</${name}>`;
  const listed = feedEntries(articles);
  const entries = listed.map((article) => {
    const known = scope === undefined ? undefined : scopedEntries.get(article);
    if (known !== undefined) return known;
    const url = absoluteUrl(article.url, site);
    const entry = [
      article.lang === undefined ? "<entry>" : `<entry xml:lang="${escapeXml(article.lang)}">`,
      tag("title", article.title),
      `<link rel="alternate" type="text/html" href="${escapeXml(url)}"/>`,
      tag("id", url),
      tag("published", isoDateTime(article.date)),
      tag("updated", isoDateTime(article.updated)),
      ...article.authors.map((name) => `<author>${tag("name", name)}</author>`),
      ...article.tags.map((term) => `<category term="${escapeXml(term)}"/>`),
      tag("summary", article.description),
      // A section's, tag's or author's feed tells what is new there and links to it; the site's feed carries the
      // full text. 270 listings with 50 full texts each would write tens of megabytes on every build.
      ...(scope === undefined ? [`<content type="html">${escapeXml(absolutizeHtml(feedHtml(article), site))}</content>`] : []),
      "</entry>",
    ].join("\n");
    if (scope !== undefined) scopedEntries.set(article, entry);
    return entry;
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(site.language)}">`,
    tag("title", scope === undefined ? site.name : `${scope.name} | ${site.name}`),
    tag("subtitle", site.description),
    `<link rel="self" type="application/atom+xml" href="${escapeXml(absoluteUrl(scope?.feedUrl ?? FEED_PATHS.atom, site))}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(absoluteUrl(scope?.url ?? "/", site))}"/>`,
    tag("id", absoluteUrl(scope?.url ?? "/", site)),
    tag("updated", lastUpdated(listed)),
    `<author>${tag("name", site.name)}</author>`,
    ...entries,
    "</feed>",
    "",
  ].join("\n");
}

/** The JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/), of the newest articles. */
export function jsonFeed(articles: readonly FeedArticle[], site: Site): string {
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: site.name,
    description: site.description,
    home_page_url: absoluteUrl("/", site),
    feed_url: absoluteUrl(FEED_PATHS.json, site),
    language: site.language,
    authors: [{ name: site.name }],
    items: feedEntries(articles).map((article) => ({
      id: absoluteUrl(article.url, site),
      url: absoluteUrl(article.url, site),
      title: article.title,
      summary: article.description,
      content_html: absolutizeHtml(feedHtml(article), site),
      ...(article.lang === undefined ? {} : { language: article.lang }),
      ...(article.image === undefined ? {} : { image: absoluteUrl(article.image.social.url, site) }),
      date_published: isoDateTime(article.date),
      date_modified: isoDateTime(article.updated),
      authors: article.authors.map((name) => ({ name })),
      ...(article.tags.length === 0 ? {} : { tags: article.tags }),
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
