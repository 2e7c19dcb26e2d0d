// Schemas for the site-wide data files editors change without code: content/_data/site.json and donation.json.
import { z } from "zod";

const httpsUrl = z.url({ protocol: /^https$/, error: "must be an absolute https:// URL" });

/**
 * What is wrong with a site address given as more than scheme, host and port, or undefined. Every address of the
 * site is built by appending to it, so a path, query or fragment would end up inside every canonical URL.
 * @example originProblem("https://news.example.org/?a=1") // "has a query (?a=1)…"
 */
export function originProblem(value: string): string | undefined {
  const url = new URL(value);
  if (url.username !== "" || url.password !== "") return "contains a user name or password";
  if (url.pathname !== "/") return `has a path (${url.pathname})`;
  if (value.includes("?")) return `has a query (${url.search || "?"})`;
  if (value.includes("#")) return `has a fragment (${url.hash || "#"})`;
  return undefined;
}

/** Whether this Node.js can format numbers for a locale, rather than crash on it or fall back to en-US silently. */
export function isSupportedLocale(value: string): boolean {
  try {
    return Intl.NumberFormat.supportedLocalesOf([value]).length > 0;
  } catch {
    return false;
  }
}

export const SITE_SCHEMA = z.strictObject({
  name: z.string().trim().min(1),
  /** Absolute origin the site is served from; canonical URLs, feeds and the sitemap are built on it. */
  url: httpsUrl
    .refine((url) => originProblem(url) === undefined, {
      message: "must be only https:// and the host name (and port), such as https://news.example.org",
    })
    .transform((url) => new URL(url).origin),
  /** BCP 47 language tag for `<html lang>`, e.g. "en". */
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a language tag such as en or en-GB"),
  /** Open Graph locale, e.g. "en_US". */
  locale: z.string().regex(/^[a-z]{2,3}_[A-Z]{2}$/, "must be a locale such as en_US"),
  description: z.string().trim().min(1),
  /** Site logo for the publisher in structured data: a path under assets/ or an https URL. */
  // "//host/…" would be another site's file, reached over whatever scheme the page uses: refused.
  logo: z.string().regex(/^(\/(?!\/)|https:\/\/)/, "must start with / (a file in assets/) or https://"),
  /**
   * Where an article is published: a path of fixed words and the placeholders :slug (required), :section, :year,
   * :month and :day, ending in a slash. Changing it moves every article: give the old addresses as aliases.
   */
  permalink: z
    .string()
    .regex(
      /^\/(?:(?:[a-z0-9-]+|:slug|:section|:year|:month|:day)\/)+$/,
      "must be a path of words and :slug, :section, :year, :month, :day, each ending in /, such as /:section/:year/:month/:slug/",
    )
    .refine((value) => value.includes("/:slug/"), "must contain /:slug/, so that every article has its own address")
    .default("/:slug/"),
});

export type Site = z.infer<typeof SITE_SCHEMA>;

const money = z.number({ error: "must be a plain number such as 5000 (no quotes, no Infinity)" }).nonnegative("must not be negative");

export const DONATION_SCHEMA = z.strictObject({
  goal: money.positive("must be above 0: it is the amount the appeal aims for"),
  raised: money,
  /** ISO 4217 code, e.g. "USD"; the symbol shown is the locale's narrow symbol for it. */
  currency: z.string().regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code such as USD"),
  /** Locale whose digit grouping formats the amounts, e.g. "en-US" shows 2,500. */
  locale: z.string().refine(isSupportedLocale, "is not a locale whose numbers can be formatted"),
  appeal: z.string().trim().min(1),
  link: httpsUrl,
  linkText: z.string().trim().min(1).default("Donate"),
  /** true writes the symbol after the number ("115 $"), whatever the locale; by default the locale places it ("$115"). */
  symbolAfterNumber: z.boolean({ error: "must be true or false" }).default(false),
});

export type Donation = z.infer<typeof DONATION_SCHEMA>;

const slugText = z
  .string()
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lowercase letters and digits joined by single hyphens, such as jane-doe");

/** One author in content/_data/authors.json: bylines with this name link to /author/<slug>/. */
const AUTHOR_SCHEMA = z.strictObject({
  /** Exactly as articles write it in `author:`. */
  name: z.string().trim().min(1).max(100),
  slug: slugText,
  bio: z.string().trim().min(1).max(400).optional(),
  /** The author's own page elsewhere (a personal site). */
  url: httpsUrl.optional(),
  /** Profiles on other sites, for structured data. */
  sameAs: z.array(httpsUrl).max(20).default([]),
});

/** content/_data/authors.json: a list of authors, each name and slug used once. */
export const AUTHORS_SCHEMA = z.array(AUTHOR_SCHEMA).superRefine((authors, context) => {
  for (const key of ["name", "slug"] as const) {
    const seen = new Map<string, number>();
    authors.forEach((author, index) => {
      const first = seen.get(author[key]);
      if (first === undefined) seen.set(author[key], index);
      else context.addIssue({ code: "custom", path: [index, key], input: author[key], message: `is already used by author ${first + 1}` });
    });
  }
});

export type Author = z.infer<typeof AUTHOR_SCHEMA>;
