// Step 2: validate front matter against the one schema, turning every zod issue into an editor-facing problem.
import type { z } from "zod";
import { ARTICLE_SCHEMA, type ArticleFrontMatter } from "./article-schema.ts";
import type { ContentProblem } from "./content-error.ts";
import type { ArticleSource } from "./read-article.ts";

export type ValidationResult =
  | { readonly ok: true; readonly frontMatter: ArticleFrontMatter }
  | { readonly ok: false; readonly problems: ContentProblem[] };

const FIELD_HINTS: Readonly<Record<string, string>> = {
  title: 'add a line such as: title: "Minsk turns to Washington"',
  description: "add one or two sentences that sum the article up: description: ...",
  date: 'write the publication date in quotes, such as date: "2024-05-01" or "2024-05-01T09:30:00Z"',
  updated: 'write the date of the last real change, such as updated: "2024-05-02"',
  author: "write a name (author: Jane Doe) or a list of names",
  slug: "use lowercase words joined by hyphens, or remove slug to use the file name",
  image: "give image.src (a path next to the article) and image.alt (what the picture shows)",
  draft: "write draft: true or draft: false",
  donation: "write donation: false to hide the block, or remove the line to show it",
};

/** Converts one zod issue into a problem that says which field, what was expected, and what to do. */
export function describeIssue(source: ArticleSource, issue: z.core.$ZodIssue): ContentProblem {
  const path = issue.path.filter((key): key is string | number => typeof key !== "symbol");
  const field = path.length === 0 ? "(front matter)" : path.join(".");
  // An unknown field's issue sits on the object that holds it; point at the field itself, so the editor lands on its line.
  const line = source.lineOf(issue.code === "unrecognized_keys" && issue.keys[0] !== undefined ? [...path, issue.keys[0]] : path);
  let message = issue.message;
  let hint = FIELD_HINTS[String(path[0])];
  if (issue.code === "unrecognized_keys") {
    message = `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((key) => `"${key}"`).join(", ")}`;
    hint = "remove it or check its spelling: articles cannot set permalink, layout or other build settings";
  } else if (issue.code === "invalid_type" && issue.input === undefined) {
    message = "is required but missing";
  }
  return { file: source.file, field, message, ...(hint === undefined ? {} : { hint }), ...(line === undefined ? {} : { line }) };
}

/** Validates one article's front matter; returns every problem, not just the first. */
export function validateArticle(source: ArticleSource): ValidationResult {
  // reportInput: without it zod leaves issue.input unset, and a wrong type (title: 3) would read as a missing field.
  const result = ARTICLE_SCHEMA.safeParse(source.data, { reportInput: true });
  if (result.success) return { ok: true, frontMatter: result.data };
  return { ok: false, problems: result.error.issues.map((issue) => describeIssue(source, issue)) };
}
