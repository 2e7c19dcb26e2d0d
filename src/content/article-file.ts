// Reads an article file's text from disk, refusing what must never be read as an article. Kept apart from the
// parser (src/read-article.ts): a build whose articles all come from the text cache reads their text but never
// loads a YAML parser.
import { lstatSync, readFileSync } from "node:fs";
import type { ContentProblem } from "./content-error.ts";

/** Larger files are refused before parsing: ten times the longest feature, and a bound on every later step's time. */
export const MAX_ARTICLE_CHARACTERS = 1_000_000;

/** An article file's text, or why it was refused unread. */
export type TextResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problems: ContentProblem[] };

/**
 * Reads an article's text from disk. A symbolic link is refused (it could publish a file from outside content/),
 * and an oversized file is refused from its size, before a byte of it is read. Synchronous, like the rest of a
 * worker's small-file I/O (src/article-text-cache.ts): faster than libuv's shared thread pool.
 */
export function readArticleText(absolutePath: string, file: string): TextResult {
  const stats = lstatSync(absolutePath);
  const refuse = (message: string, hint: string): TextResult => ({ ok: false, problems: [{ file, field: "(file)", message, hint }] });
  if (stats.isSymbolicLink()) {
    return refuse("the article is a symbolic link, not a file", "copy the article into content/ instead of linking to it");
  }
  // UTF-8 takes at most 4 bytes a character: a larger file is surely over the limit, whatever it holds.
  if (stats.size > MAX_ARTICLE_CHARACTERS * 4) {
    return refuse(
      `the file is ${(stats.size / 1e6).toFixed(1)} MB, over the limit of ${MAX_ARTICLE_CHARACTERS.toLocaleString("en-US")} characters`,
      "split it into several articles, or move large tables and data to a linked file",
    );
  }
  return { ok: true, text: readFileSync(absolutePath, "utf8") };
}
