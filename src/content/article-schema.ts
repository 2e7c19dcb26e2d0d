// The front matter schema: the single source of truth for what an article may say.
// The Article type, the build's validation and content/article.schema.json are all derived from it.
import { z } from "zod";
import { findControlCharacter } from "./control-characters.ts";

/** `YYYY-MM-DD` or an ISO 8601 date-time with seconds optional and a zone (`Z` or `±hh:mm`). */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** True when every part of the date exists on the calendar: 2021-02-30 is refused, not rolled over to March. */
export function isRealDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [, year, month, day, hour = "0", minute = "0", second = "0"] = match.map((part) => part ?? undefined);
  const utc = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)));
  return (
    utc.getUTCFullYear() === Number(year) &&
    utc.getUTCMonth() === Number(month) - 1 &&
    utc.getUTCDate() === Number(day) &&
    utc.getUTCHours() === Number(hour) &&
    utc.getUTCMinutes() === Number(minute) &&
    utc.getUTCSeconds() === Number(second)
  );
}

const isoDate = z
  .string({ error: 'must be a date in quotes, such as "2024-05-01" or "2024-05-01T09:30:00Z"' })
  .regex(ISO_DATE, "must be an ISO date such as 2024-05-01 or 2024-05-01T09:30:00Z (a time needs a zone)")
  .refine(isRealDate, "is not a real calendar date");

const text = (what: string, max: number) =>
  z
    .string({ error: `must be text (${what})` })
    .trim()
    .min(1, `must not be empty (${what})`)
    .max(max, `is longer than ${max} characters (${what})`)
    .refine((value) => !hasControlCharacters(value), "contains invisible control characters");

/** Control characters (other than tab and line breaks) are invisible in an editor and break feeds and XML. */
export function hasControlCharacters(value: string): boolean {
  return findControlCharacter(value) !== undefined;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const ARTICLE_IMAGE_SCHEMA = z.strictObject({
  /** Path of the image file, relative to the Markdown file; it must stay inside content/. */
  src: z
    .string({ error: "must be a path such as images/photo.jpg" })
    .min(1)
    .max(300)
    .regex(/^[^\\:%?#]+$/, "must be a plain relative path (no backslashes, colons, %, ? or #)")
    .refine((value) => !hasControlCharacters(value), "contains invisible control characters"),
  /** Text alternative read by screen readers: what the picture shows, not "image of". */
  alt: text("describe what the picture shows", 300),
  caption: text("a sentence shown under the picture", 500).optional(),
  credit: text("who took or owns the picture", 200).optional(),
});

export const ARTICLE_SCHEMA = z
  .strictObject({
    title: text("the headline", 200),
    /** The standfirst: one or two sentences under the headline, reused for search and social cards. */
    description: text("the standfirst under the headline", 400),
    date: isoDate,
    updated: isoDate.optional(),
    author: z.union([text("a name", 100), z.array(text("a name", 100)).min(1).max(20)], {
      error: "must be a name or a list of names",
    }),
    slug: z.string().regex(SLUG, "must use only lowercase letters, digits and single hyphens, such as my-article").max(120).optional(),
    section: text("a section name such as Analysis", 60).optional(),
    tags: z.array(text("a tag", 60)).max(20).optional(),
    draft: z.boolean({ error: "must be true or false" }).optional(),
    /** `false` hides the donation block on this article. */
    donation: z.literal(false, { error: "can only be false (to hide the donation block)" }).optional(),
    image: ARTICLE_IMAGE_SCHEMA.optional(),
  })
  .refine((article) => article.updated === undefined || Date.parse(article.updated) >= Date.parse(article.date), {
    path: ["updated"],
    message: "is earlier than date: an article cannot be updated before it was published",
  });

export type ArticleFrontMatter = z.infer<typeof ARTICLE_SCHEMA>;
export type ArticleImageFrontMatter = z.infer<typeof ARTICLE_IMAGE_SCHEMA>;
