// Reads and validates the site-wide data files (content/_data/site.json and donation.json).
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import type { ContentProblem } from "./content-error.ts";
import { DONATION_SCHEMA, type Donation, originProblem, SITE_SCHEMA, type Site } from "./site-schema.ts";

export interface SiteData {
  readonly site: Site;
  readonly donation: Donation;
}

export type SiteDataResult = { readonly ok: true; readonly data: SiteData } | { readonly ok: false; readonly problems: ContentProblem[] };

async function readJson<T>(file: string, displayFile: string, schema: z.ZodType<T>): Promise<{ value?: T; problems: ContentProblem[] }> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
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
      const field = issue.path.map(String).join(".") || "(file)";
      const value = issue.path.length === 0 ? undefined : (raw as Record<string, unknown> | undefined)?.[String(issue.path[0])];
      return { file: displayFile, field, ...explainDataIssue(issue, field, value) };
    }),
  };
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
  raised: 'write the amount raised so far as a plain number, 0 or more, such as "raised": 115',
};

/** Message (with the value that was wrong) and a fix for one data file issue. */
function explainDataIssue(issue: z.core.$ZodIssue, field: string, value: unknown): { message: string; hint: string } {
  const hint = DATA_HINTS[field] ?? 'see docs/editing.md, "Site data and donation figures", for every field and an example';
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
  const [site, donation] = await Promise.all([
    readJson(dataFile("site.json"), path.relative(root, dataFile("site.json")), SITE_SCHEMA),
    readJson(dataFile("donation.json"), path.relative(root, dataFile("donation.json")), DONATION_SCHEMA),
  ]);
  if (site.value === undefined || donation.value === undefined) return { ok: false, problems: [...site.problems, ...donation.problems] };
  return { ok: true, data: { site: site.value, donation: donation.value } };
}
