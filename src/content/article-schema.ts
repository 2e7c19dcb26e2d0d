// The front matter schema: the single source of truth for what an article may say.
// The Article type, the build's validation and content/article.schema.json are all derived from it.
import { z } from "zod";
import { findBidiControl, findControlCharacter } from "./control-characters.ts";
import { RESERVED_SLUGS } from "./reserved-slugs.ts";

/**
 * `YYYY-MM-DD` or an ISO 8601 date-time with seconds optional and a zone: `Z`, or an offset from -12:00 to +14:00
 * (the range of the world's zones; +24:00 or +30:00 is a typo, which JavaScript would turn into an invalid date).
 */
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|-(?:0\d|1[0-2]):[0-5]\d|\+(?:0\d|1[0-4]):[0-5]\d))?$/;

/** The shape of a date-time whatever its numbers, to tell an impossible value from a wrongly written one. */
const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/**
 * What is wrong with a front matter date, in the editor's words with a fix for that mistake, or undefined when it
 * is a real date: 2021-02-30 is refused, not rolled over to March.
 * @example dateProblem("2024-13-01")?.message // 'has month 13 ("2024-13-01"): months run from 01 to 12'
 */
export function dateProblem(value: string): { readonly message: string; readonly hint: string } | undefined {
  const quoted = JSON.stringify(value);
  const shape = DATE_SHAPE.exec(value);
  if (!shape) {
    return {
      message: `is not a date written as YYYY-MM-DD or YYYY-MM-DDThh:mm:ss with a zone (${quoted})`,
      hint: 'write it as "2024-05-01", or with the time and its zone as "2024-05-01T09:30:00+03:00" ("Z" for UTC)',
    };
  }
  const [, year = "", month = "", day = "", hour, minute, second, zone] = shape;
  const monthNumber = Number(month);
  if (monthNumber < 1 || monthNumber > 12) {
    return {
      message: `has month ${month} (${quoted}): months run from 01 to 12`,
      hint: "write the date as year-month-day, such as 2024-05-01 for 1 May 2024",
    };
  }
  const daysInMonth = new Date(Date.UTC(Number(year), monthNumber, 0)).getUTCDate();
  if (Number(day) < 1 || Number(day) > daysInMonth) {
    return {
      message: `is not a real calendar date (${quoted}): ${MONTHS[monthNumber - 1]} ${year} has ${daysInMonth} days`,
      hint: "check the day and the month (the date is written year-month-day)",
    };
  }
  if (hour === undefined) return undefined;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) {
    return {
      message: `has the time ${hour}:${minute}${second === undefined ? "" : `:${second}`} (${quoted}), which does not exist`,
      hint: "write the time from 00:00:00 to 23:59:59; midnight at the end of a day is 00:00 of the next",
    };
  }
  const dateTime = value.slice(0, value.length - (zone?.length ?? 0));
  if (zone === undefined) {
    return {
      message: `has a time but no zone (${quoted}), so readers in other zones would see the wrong day`,
      hint: `add the zone the time was written in, such as "${dateTime}+03:00", or "${dateTime}Z" for UTC`,
    };
  }
  if (zone !== "Z" && !zone.includes(":")) {
    return {
      message: `has the zone ${zone} without a colon (${quoted})`,
      hint: `write the zone as ${zone.slice(0, 3)}:${zone.slice(3)}, such as "${dateTime}${zone.slice(0, 3)}:${zone.slice(3)}"`,
    };
  }
  if (!ISO_DATE.test(value)) {
    return {
      message: `has the zone ${zone} (${quoted}), which does not exist: zones run from -12:00 to +14:00`,
      hint: `write the zone as +hh:mm, such as "${dateTime}+03:00", or "${dateTime}Z" for UTC`,
    };
  }
  return undefined;
}

/** True when the text is a date an article may carry: see dateProblem. */
export function isRealDate(text: string): boolean {
  return dateProblem(text) === undefined;
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

/** Refused in headlines and file names, where an override reverses the text after it on the page and in a terminal. */
const BIDI_MESSAGE = "contains an invisible character that reverses the text after it (a bidirectional override)";

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * An older site-relative address of an article, such as /2019/05/01/old-title/: a path from the root, of plain
 * segments, ending in a slash or in an .html file name (/old-title.html). No query, fragment, `..` or `//`.
 */
const ALIAS = /^\/(?:[A-Za-z0-9._~-]+\/)*(?:[A-Za-z0-9._~-]+\.html?)?$/;

/**
 * Whether the text is a language tag (BCP 47): its shape, then whether Intl accepts it.
 * @example isLanguageTag("pt-BR") // true; isLanguageTag("english") // false
 */
export function isLanguageTag(value: string): boolean {
  if (!/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*$/.test(value)) return false;
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

export const ARTICLE_IMAGE_SCHEMA = z.strictObject(
  {
    /** Path of the image file, relative to the Markdown file; it must stay inside content/. */
    src: z
      .string({ error: "must be a path such as images/photo.jpg" })
      .min(1)
      .max(300)
      .regex(/^[^\\:%?#]+$/, "must be a plain relative path (no backslashes, colons, %, ? or #)")
      .refine((value) => !hasControlCharacters(value), "contains invisible control characters")
      .refine((value) => findBidiControl(value) === undefined, BIDI_MESSAGE),
    /** Text alternative read by screen readers: what the picture shows, not "image of". */
    alt: text("describe what the picture shows", 300),
    caption: text("a sentence shown under the picture", 500).optional(),
    credit: text("who took or owns the picture", 200).optional(),
  },
  { error: "must be a group of fields (src, alt…) under image:" },
);

export const ARTICLE_SCHEMA = z
  .strictObject(
    {
      title: text("the headline", 200).refine((value) => findBidiControl(value) === undefined, BIDI_MESSAGE),
      /** The standfirst: one or two sentences under the headline, reused for search and social cards. */
      description: text("the standfirst under the headline", 400),
      date: isoDate,
      updated: isoDate.optional(),
      author: z.union([text("a name", 100), z.array(text("a name", 100)).min(1).max(20)], {
        error: "must be a name or a list of names",
      }),
      slug: z
        .string({ error: "must be text such as my-article" })
        .regex(SLUG, "must use only lowercase letters, digits and single hyphens, such as my-article")
        .max(120)
        .refine((value) => !RESERVED_SLUGS.has(value), { message: "is an address the site itself uses" })
        .optional(),
      section: text("a section name such as Analysis", 60).optional(),
      tags: z.array(text("a tag", 60), { error: "must be a list of tags" }).max(20).optional(),
      draft: z.boolean({ error: "must be true or false" }).optional(),
      /** `false` hides the donation block on this article. */
      donation: z.literal(false, { error: "can only be false (to hide the donation block)" }).optional(),
      image: ARTICLE_IMAGE_SCHEMA.optional(),
      /** Older addresses of this article, each served as a redirect to its current one. */
      aliases: z
        .array(
          z
            .string({ error: "must be an address such as /2019/05/01/old-title/" })
            .max(300)
            .regex(ALIAS, "must be an address on this site from / to a final / or .html, such as /2019/05/01/old-title/ (no ?, # or ..)")
            .refine((value) => value !== "/" && !value.split("/").includes(".."), "must not be / or contain .."),
          { error: "must be a list of addresses" },
        )
        .max(50)
        .optional(),
      /** The article's language when it is not the site's: a BCP 47 tag such as ar or fr-CA. */
      lang: z
        .string({ error: "must be a language tag such as fr or ar" })
        .refine(isLanguageTag, "is not a language tag (BCP 47) such as fr, pt-BR or ar")
        .optional(),
      /** Corrections, oldest first: each is shown under a Correction label and moves the modified date. */
      corrections: z
        .array(
          z.strictObject(
            { date: isoDate, text: text("what was wrong and what is right now", 1000) },
            { error: "must be a date: and a text: for each correction" },
          ),
          { error: "must be a list of corrections, each with date: and text:" },
        )
        .max(50)
        .optional(),
    },
    { error: "must be fields, one a line (name: value)" },
  )
  .refine((article) => article.updated === undefined || Date.parse(article.updated) >= Date.parse(article.date), {
    path: ["updated"],
    message: "is earlier than date: an article cannot be updated before it was published",
  })
  .superRefine((article, context) => {
    for (const [index, correction] of (article.corrections ?? []).entries()) {
      if (Date.parse(correction.date) < Date.parse(article.date)) {
        context.addIssue({
          code: "custom",
          path: ["corrections", index, "date"],
          message: "is earlier than date: a correction comes after the article was published",
        });
      }
    }
  });

export type ArticleFrontMatter = z.infer<typeof ARTICLE_SCHEMA>;
export type ArticleImageFrontMatter = z.infer<typeof ARTICLE_IMAGE_SCHEMA>;
