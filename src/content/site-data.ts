// Reads and validates the site-wide data files (content/_data/site.json and donation.json).
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import type { ContentProblem } from "./content-error.ts";
import { DONATION_SCHEMA, type Donation, SITE_SCHEMA, type Site } from "./site-schema.ts";

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
    problems: result.error.issues.map((issue) => ({
      file: displayFile,
      field: issue.path.map(String).join(".") || "(file)",
      message: issue.code === "invalid_type" && issue.input === undefined ? "is required but missing" : issue.message,
      hint: "see the README section on site data for every field and an example",
    })),
  };
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
