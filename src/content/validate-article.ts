// Step 2: validate front matter against the one schema, turning every zod issue into an editor-facing problem:
// the field, what was wrong with the value written, and a fix for that mistake (not for some other one).
import type { z } from "zod";
import { ARTICLE_SCHEMA, type ArticleFrontMatter, dateProblem } from "./article-schema.ts";
import type { ContentProblem } from "./content-error.ts";
import type { ArticleSource } from "./read-article.ts";
import { RESERVED_SLUGS } from "./reserved-slugs.ts";

export type ValidationResult =
  | { readonly ok: true; readonly frontMatter: ArticleFrontMatter }
  | { readonly ok: false; readonly problems: ContentProblem[] };

/** How to add a field that is missing. */
const MISSING_HINTS: Readonly<Record<string, string>> = {
  title: 'add a line such as: title: "Minsk turns to Washington"',
  description: 'add one or two sentences that sum the article up: description: "…"',
  date: 'add the publication date in quotes, such as date: "2024-05-01" or "2024-05-01T09:30:00+03:00"',
  author: "add a name (author: Jane Doe) or a list of names (author: [Jane Doe, John Roe])",
  "image.src": "add the image's path under image:, such as src: images/photo.jpg",
  "image.alt": 'add what the picture shows under image:, such as alt: "Two men shake hands."',
};

/** How to write a field whose value has the wrong type (a number, a list, true…). */
const TYPE_HINTS: Readonly<Record<string, string>> = {
  author: "write a name (author: Jane Doe) or a list of names (author: [Jane Doe, John Roe])",
  slug: 'write lowercase words joined by hyphens, in quotes if it is only digits (slug: "2024-review"), or remove slug to use the file name',
  tags: "write the tags as a list, even a single one: tags: [Belarus] or tags: [Belarus, Energy]",
  draft: "write draft: true or draft: false",
  donation: "write donation: false to hide the block, or remove the line to show it",
  image: "write image: on a line of its own, then src: and alt: indented under it",
  date: 'write the date in quotes, such as date: "2024-05-01"',
  updated: 'write the date in quotes, such as updated: "2024-05-02"',
};

/** How to fix a value of the right type that breaks a rule (a pattern, or a check of the schema's own). */
const RULE_HINTS: Readonly<Record<string, string>> = {
  slug: "use lowercase letters, digits and single hyphens (such as minsk-turns-to-washington), or remove slug to use the file name",
  "image.src": "write the path relative to the article, such as images/photo.jpg",
  updated: "set updated to the date of the last real change, on or after date, or remove it",
};

/** The value as the editor wrote it, shortened, for the message: `"Hello"`, `3`, `[list]`. */
function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value);
  if (Array.isArray(value)) return "a list";
  if (value === null) return "nothing (null)";
  if (typeof value === "object") return "a group of fields";
  return String(value);
}

/** The value at a field path in the front matter as read. */
function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let value = data;
  for (const key of path)
    value = typeof value === "object" && value !== null ? (value as Record<string | number, unknown>)[key] : undefined;
  return value;
}

/** Message and hint for one issue, from the kind of mistake and the field. */
function explain(issue: z.core.$ZodIssue, field: string, value: unknown): { message: string; hint?: string } {
  const name = field.replace(/\.\d+$/, "");
  const topField = field.split(".")[0] ?? field;
  if (issue.code === "unrecognized_keys") {
    return {
      message: `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((key) => `"${key}"`).join(", ")}`,
      hint: "remove it or check its spelling: articles cannot set permalink, layout or other build settings",
    };
  }
  if (issue.code === "invalid_type" && value === undefined) {
    const hint = MISSING_HINTS[name];
    return { message: "is required but missing", ...(hint === undefined ? {} : { hint }) };
  }
  if ((topField === "date" || topField === "updated") && typeof value === "string") {
    const problem = dateProblem(value);
    if (problem !== undefined) return problem;
  }
  if (field === "(front matter)") {
    return { message: `${issue.message}, not ${shown(value)}`, hint: 'write the front matter as one field a line, such as title: "…"' };
  }
  if (issue.code === "invalid_type" || issue.code === "invalid_union") {
    const hint = TYPE_HINTS[name] ?? TYPE_HINTS[topField] ?? `put the text in quotes: ${name.split(".").pop()}: "…"`;
    return { message: `${issue.message}, not ${shown(value)}`, hint };
  }
  if (issue.code === "too_big" && typeof value === "string") {
    return {
      message: `${issue.message}: it has ${value.trim().length} (${shown(value)})`,
      hint: `shorten it to at most ${String(issue.maximum)} characters`,
    };
  }
  if (issue.code === "too_big") {
    return { message: `has more than ${String(issue.maximum)} entries`, hint: `keep at most ${String(issue.maximum)}` };
  }
  if (issue.code === "too_small" && typeof value === "string") {
    const inList = typeof field.split(".").pop() === "string" && /\.\d+$/.test(field);
    return {
      message: issue.message,
      hint: inList
        ? "write the text, or remove the empty entry from the list"
        : `write the text after ${name}: or remove the line if the field is optional`,
    };
  }
  if (issue.code === "too_small") return { message: "is an empty list", hint: "give at least one entry, or remove the line" };
  if (typeof value === "string" && /control characters/.test(issue.message)) {
    return {
      message: `${issue.message} (${shown(value)})`,
      hint: "delete and retype the value: such characters arrive with pasted text",
    };
  }
  if (typeof value === "string" && /bidirectional/.test(issue.message)) {
    return {
      message: `${issue.message} (${shown(value)})`,
      hint:
        name === "image.src"
          ? "rename the image file without the invisible character, and write its new name here"
          : "delete and retype the value without the pasted direction marks (U+202A–U+202E, U+2066–U+2069)",
    };
  }
  if (name === "slug" && typeof value === "string" && RESERVED_SLUGS.has(value)) {
    return {
      message: `${shown(value)} ${issue.message}`,
      hint: `choose another slug: ${[...RESERVED_SLUGS].join(", ")} are reserved`,
    };
  }
  const hint = RULE_HINTS[name];
  return { message: value === undefined ? issue.message : `${issue.message} (${shown(value)})`, ...(hint === undefined ? {} : { hint }) };
}

/** Converts one zod issue into a problem that says which field, what was wrong with it, and what to do. */
export function describeIssue(source: ArticleSource, issue: z.core.$ZodIssue): ContentProblem {
  const path = issue.path.filter((key): key is string | number => typeof key !== "symbol");
  const field = path.length === 0 ? "(front matter)" : path.join(".");
  // An unknown field's issue sits on the object that holds it; point at the field itself, so the editor lands on its line.
  // A missing field has no line: point at the group it belongs in (image:), or the opening --- of the front matter.
  const linePath = issue.code === "unrecognized_keys" && issue.keys[0] !== undefined ? [...path, issue.keys[0]] : path;
  const line = source.lineOf(linePath) ?? 1;
  const { message, hint } = explain(issue, field, valueAt(source.data, path));
  return { file: source.file, field, message, ...(hint === undefined ? {} : { hint }), line };
}

/** Validates one article's front matter; returns every problem, not just the first. */
export function validateArticle(source: ArticleSource): ValidationResult {
  // reportInput: without it zod leaves issue.input unset, and a wrong type (title: 3) would read as a missing field.
  const result = ARTICLE_SCHEMA.safeParse(source.data, { reportInput: true });
  if (result.success) return { ok: true, frontMatter: result.data };
  // A date that breaks both the pattern and the calendar check is one mistake, explained once.
  const problems = new Map<string, ContentProblem>();
  for (const issue of result.error.issues) {
    const problem = describeIssue(source, issue);
    problems.set(`${problem.field}\n${problem.message}`, problem);
  }
  return { ok: false, problems: [...problems.values()] };
}
