// Reads an article file's text from disk, refusing what must never be read as an article. Kept apart from the
// parser (src/content/read-article.ts): a build whose articles all come from the text cache reads their text but never
// loads a YAML parser.
import { lstatSync, readFileSync } from "node:fs";
import type { ContentProblem } from "./content-error.ts";
import { findBidiControl, findControlCharacter } from "./control-characters.ts";

/** Larger files are refused before parsing: ten times the longest feature, and a bound on every later step's time. */
export const MAX_ARTICLE_CHARACTERS = 1_000_000;

/** Refuses bytes that are not UTF-8 instead of replacing them with U+FFFD, which would publish a garbled article. */
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** An article file's text, or why it was refused unread. */
export type TextResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problems: ContentProblem[] };

/**
 * Reads an article's text from disk. A symbolic link is refused (it could publish a file from outside content/),
 * and an oversized file is refused from its size, before a byte of it is read. Synchronous, like the text cache's
 * small-file reads (src/cache/store.ts, getSync): faster than libuv's shared thread pool.
 */
/** The problem for an article that disappeared between being listed and being read. */
function gone(refuse: (message: string, hint: string) => TextResult): TextResult {
  return refuse(
    "the file was removed or renamed while the build was reading the articles",
    "run the build again once the files are in place",
  );
}

export function readArticleText(absolutePath: string, file: string): TextResult {
  const refuse = (message: string, hint: string): TextResult => ({ ok: false, problems: [{ file, field: "(file)", message, hint }] });
  const stats = lstatSync(absolutePath, { throwIfNoEntry: false });
  // Listed a moment ago, gone now: an editor deleted or renamed it while the build ran.
  if (stats === undefined) return gone(refuse);
  const hidden = findBidiControl(file) ?? findControlCharacter(file)?.name;
  if (hidden !== undefined) {
    return refuse(
      `the file name contains an invisible character (${hidden}) that hides or reverses part of the name`,
      "rename the file to lowercase words joined by hyphens, such as my-article.md",
    );
  }
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
  let bytes: Buffer;
  try {
    bytes = readFileSync(absolutePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return gone(refuse);
    throw error;
  }
  try {
    return { ok: true, text: UTF8.decode(bytes) };
  } catch {
    const { line, byte } = firstInvalidUtf8(bytes);
    return {
      ok: false,
      problems: [
        {
          file,
          field: "(file)",
          line,
          message: `the file is not UTF-8 text (byte 0x${byte.toString(16).toUpperCase().padStart(2, "0")} on this line): its accented letters and quotes would be published as U+FFFD replacement characters`,
          hint: "save the file as UTF-8 (in VS Code: click the encoding in the status bar, Reopen with Encoding as the current one, then Save with Encoding → UTF-8)",
        },
      ],
    };
  }
}

/** Bytes in the UTF-8 sequence a lead byte starts; 0 for a byte that cannot start one. */
const sequenceLength = (byte: number) =>
  byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;

/** The 1-based line and the value of the first byte that starts no valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): { line: number; byte: number } {
  let line = 1;
  for (let index = 0; index < bytes.length; ) {
    const byte = bytes[index] ?? 0;
    const length = sequenceLength(byte);
    let valid = length > 0;
    if (valid && length > 1) {
      try {
        UTF8.decode(bytes.subarray(index, index + length));
      } catch {
        valid = false;
      }
    }
    if (!valid) return { line, byte };
    if (byte === 0x0a) line++;
    index += length;
  }
  return { line, byte: 0 };
}
