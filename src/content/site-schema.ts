// Schemas for the site-wide data files editors change without code: content/_data/site.json and donation.json.
import { z } from "zod";

const httpsUrl = z.url({ protocol: /^https$/, error: "must be an absolute https:// URL" });

export const SITE_SCHEMA = z.strictObject({
  name: z.string().trim().min(1),
  /** Absolute origin the site is served from; canonical URLs, feeds and the sitemap are built on it. */
  url: httpsUrl.transform((url) => url.replace(/\/+$/, "")),
  /** BCP 47 language tag for `<html lang>`, e.g. "en". */
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a language tag such as en or en-GB"),
  /** Open Graph locale, e.g. "en_US". */
  locale: z.string().regex(/^[a-z]{2,3}_[A-Z]{2}$/, "must be a locale such as en_US"),
  description: z.string().trim().min(1),
  /** Site logo for the publisher in structured data: a path under assets/ or an https URL. */
  // "//host/…" would be another site's file, reached over whatever scheme the page uses: refused.
  logo: z.string().regex(/^(\/(?!\/)|https:\/\/)/, "must start with / (a file in assets/) or https://"),
});

export type Site = z.infer<typeof SITE_SCHEMA>;

const money = z.number({ error: "must be a plain number such as 5000 (no quotes, no Infinity)" }).nonnegative();

export const DONATION_SCHEMA = z.strictObject({
  goal: money.positive(),
  raised: money,
  /** ISO 4217 code, e.g. "USD"; the symbol shown is the locale's narrow symbol for it. */
  currency: z.string().regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code such as USD"),
  /** Locale whose digit grouping formats the amounts, e.g. "en-US" shows 2,500. */
  locale: z.string().min(2),
  appeal: z.string().trim().min(1),
  link: httpsUrl,
  linkText: z.string().trim().min(1).default("Donate"),
});

export type Donation = z.infer<typeof DONATION_SCHEMA>;
