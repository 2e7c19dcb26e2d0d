// Reads and validates the site-wide data files (content/_data/site.json and donation.json).
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import type { ContentProblem } from "./content-error.ts";
import { AUTHORS_SCHEMA, type Author, DONATION_SCHEMA, type Donation, originProblem, SITE_SCHEMA, type Site } from "./site-schema.ts";

export interface SiteData {
  readonly site: Site;
  readonly donation: Donation;
  /** content/_data/authors.json; empty when the file does not exist. */
  readonly authors: readonly Author[];
}

export type SiteDataResult = { readonly ok: true; readonly data: SiteData } | { readonly ok: false; readonly problems: ContentProblem[] };

async function readJson<T>(
  file: string,
  displayFile: string,
  schema: z.ZodType<T>,
  whenMissing?: T,
): Promise<{ value?: T; problems: ContentProblem[] }> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    if (whenMissing !== undefined && (error as NodeJS.ErrnoException).code === "ENOENT") return { value: whenMissing, problems: [] };
    const reason = error instanceof SyntaxError ? `is not valid JSON (${error.message})` : "cannot be read";
    return {
      problems: [
        { file: displayFile, field: "(file)", message: reason, hint: "check for a missing comma or quote; the file must be plain JSON" },
      ],
    };
  }
  // reportInput: without it zod leaves issue.input unset, and every wrong type would read as a missing field.
  const result = schema.safeParse(raw, { reportInput: true });
  if (result.success) return { value: result.data, problems: [] };
  return {
    problems: result.error.issues.map((issue) => {
      // authors.json is a list: its fields read as "[2].url", the third author's url.
      const field =
        issue.path
          .map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`))
          .join("")
          .replace(/^\./, "") || "(file)";
      const value = issue.path.length === 0 ? undefined : valueAt(raw, issue.path);
      return { file: displayFile, field, ...explainDataIssue(issue, field, value) };
    }),
  };
}

/** The value at a path inside parsed JSON, or undefined. */
function valueAt(raw: unknown, keys: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of keys) value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/** How to fix each data field, as an example of a right value. */
const DATA_HINTS: Readonly<Record<string, string>> = {
  url: 'write only the scheme and host, such as "url": "https://news.example.org"',
  language: 'write a language tag such as "en" or "en-GB"',
  locale: 'write a locale such as "en-US", "de-DE" or "be-BY" (a hyphen, not an underscore)',
  currency: 'write the three-letter ISO 4217 code in capitals, such as "USD" or "EUR"',
  link: 'write the full address of the donation page, such as "https://example.org/donate"',
  logo: 'write "/logo.png" (a file in assets/public/) or an https:// address',
  goal: 'write the target as a plain number above 0, such as "goal": 5000',
  symbolAfterNumber: 'write true for "115 $" whatever the locale, or leave the field out for the locale\'s own placement',
  raised: 'write the amount raised so far as a plain number, 0 or more, such as "raised": 115',
};

/** How to fix a field of one author in authors.json. */
const AUTHOR_HINTS: Readonly<Record<string, string>> = {
  name: 'write the name exactly as articles write it in "author:", such as "name": "Jane Doe"; each name once',
  slug: 'write the address of the author\'s page, such as "slug": "jane-doe"; each slug once',
  url: 'write the full address of the author\'s own page, such as "url": "https://jane.example.org", or remove the field',
  bio: "write one or two sentences, up to 400 characters, or remove the field",
  sameAs: 'write a list of https:// profile addresses, such as "sameAs": ["https://example.social/@jane"]',
};

/** Message (with the value that was wrong) and a fix for one data file issue. */
function explainDataIssue(issue: z.core.$ZodIssue, field: string, value: unknown): { message: string; hint: string } {
  const hint =
    (field.startsWith("[") ? AUTHOR_HINTS[field.replace(/^\[\d+\]\.?/, "")] : DATA_HINTS[field]) ??
    'see docs/editing.md, "Site data and donation figures", for every field and an example';
  if (issue.code === "invalid_type" && value === undefined) return { message: "is required but missing", hint };
  if (issue.code === "unrecognized_keys") {
    return {
      message: `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((key) => `"${key}"`).join(", ")}`,
      hint: "remove it or check its spelling",
    };
  }
  const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
  if (field === "url" && typeof value === "string" && issue.code === "custom") {
    return { message: `${originProblem(value) ?? "is not just a host"} (${shown}): ${issue.message}`, hint };
  }
  return { message: `${issue.message} (${shown})`, hint };
}

/** Loads both data files; `root` is the project folder, used to show short paths in messages. */
export async function loadSiteData(contentDir: string, root: string): Promise<SiteDataResult> {
  const dataFile = (name: string) => path.join(contentDir, "_data", name);
  const [site, donation, authors] = await Promise.all([
    readJson(dataFile("site.json"), path.relative(root, dataFile("site.json")), SITE_SCHEMA),
    readJson(dataFile("donation.json"), path.relative(root, dataFile("donation.json")), DONATION_SCHEMA),
    readJson<readonly Author[]>(dataFile("authors.json"), path.relative(root, dataFile("authors.json")), AUTHORS_SCHEMA, []),
  ]);
  if (site.value === undefined || donation.value === undefined || authors.value === undefined) {
    return { ok: false, problems: [...site.problems, ...donation.problems, ...authors.problems] };
  }
  return { ok: true, data: { site: site.value, donation: donation.value, authors: authors.value } };
}
