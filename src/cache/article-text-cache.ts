// Remembers what reading, validating and rendering an article's text gave (its front matter, HTML and reading
// time), keyed by a hash of the text and of the code and packages that read it. A warm build of 1000 unchanged
// articles then parses no YAML and renders no Markdown (about 1.3 ms of CPU an article). Only text without
// problems is remembered, so every refusal is found afresh.
//
// Entries are stored in packs under `<cache>/articles/`: one JSON file per process (each worker of a build, or
// the dev server) holding the entries it used, because writing one small file per article cost a cold build of
// 1000 articles about 0.3 s on a virtual disk. Every process reads all packs of the current code version; the
// build then deletes the packs no process kept (pruneTextCache), so the folder never grows stale.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ArticleFrontMatter } from "../content/article-schema.ts";

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
 * packages (package.json and the lockfile, when there is one). Read synchronously: some 60 small files, a few
 * milliseconds, where a round trip through libuv's thread pool for each took 20.
 */
export function codeVersion(root: string): string {
  const sourceDir = path.join(root, "src");
  const sources = readdirSync(sourceDir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .sort();
  const hash = createHash("sha256");
  const files = [
    ...sources.map((source) => path.join(sourceDir, source)),
    path.join(root, "package.json"),
    path.join(root, "package-lock.json"),
  ];
  for (const file of files) {
    let bytes: Buffer | string;
    try {
      bytes = readFileSync(file);
    } catch {
      bytes = "(none)";
    }
    hash.update(path.relative(root, file)).update("\0").update(bytes).update("\0");
  }
  return hash.digest("hex");
}

const packFolder = (cacheDir: string) => path.join(cacheDir, "articles");
const packPrefix = (version: string) => `${version.slice(0, 16)}-`;
/** The packs among these file names that hold entries of this code version. */
const packsOf = (names: readonly string[], version: string) =>
  names.filter((name) => name.startsWith(packPrefix(version)) && name.endsWith(".json"));

/**
 * True when an earlier build of this code left entries in the cache: its articles then mostly come from the cache
 * instead of being parsed (src/cli/build.ts starts fewer workers for that lighter work).
 */
export async function hasTextCache(cacheDir: string, version: string): Promise<boolean> {
  return packsOf(await readdir(packFolder(cacheDir)).catch(() => []), version).length > 0;
}

/** An entry as read from disk, with the pack that holds it. */
type Remembered = ReadonlyMap<string, { readonly parsed: ParsedText; readonly pack: string }>;

export class ArticleTextCache {
  readonly #folder: string;
  readonly #version: string;
  /** Entry key → the entry and the pack it was read from. */
  readonly #remembered: Remembered;
  readonly #used = new Map<string, ParsedText>();
  readonly #packsUsed = new Set<string>();
  #added = false;

  private constructor(folder: string, version: string, remembered: Remembered) {
    this.#folder = folder;
    this.#version = version;
    this.#remembered = remembered;
  }

  /**
   * Opens the cache under `cacheDir` for the code of the project at `root`, reading every pack of that code;
   * `version` is codeVersion(root), when the caller has it already.
   */
  static async open(cacheDir: string, root: string, version = codeVersion(root)): Promise<ArticleTextCache> {
    const folder = packFolder(cacheDir);
    const packs = packsOf(await readdir(folder).catch(() => []), version);
    const remembered = new Map<string, { parsed: ParsedText; pack: string }>();
    for (const pack of packs) {
      try {
        const entries = JSON.parse(await readFile(path.join(folder, pack), "utf8")) as Record<string, ParsedText>;
        for (const [key, parsed] of Object.entries(entries)) remembered.set(key, { parsed, pack });
      } catch {
        // A pack cut short (a crash while it was written) is ignored; its entries are made again.
      }
    }
    return new ArticleTextCache(folder, version, remembered);
  }

  // The last text's key: set() follows get() of the same text, and hashing it twice cost 0.05 ms an article.
  #lastText: string | undefined;
  #lastKey = "";

  #keyOf(text: string): string {
    if (text !== this.#lastText) {
      this.#lastKey = createHash("sha256").update(this.#version).update("\0").update(text).digest("base64url");
      this.#lastText = text;
    }
    return this.#lastKey;
  }

  /** What this text gave before, if it was remembered. */
  get(text: string): ParsedText | undefined {
    const key = this.#keyOf(text);
    const known = this.#remembered.get(key);
    // Made by this process (the dev server rebuilds with one cache), or not known at all.
    if (known === undefined) return this.#used.get(key);
    this.#used.set(key, known.parsed);
    this.#packsUsed.add(known.pack);
    return known.parsed;
  }

  /** Remembers what this text gave, from the next save() on. */
  set(text: string, parsed: ParsedText): void {
    this.#used.set(this.#keyOf(text), parsed);
    this.#added = true;
  }

  /**
   * Writes a pack of every entry this process used, if any was new (written whole or not at all); otherwise the
   * packs it read stay as they are.
   * @returns the packs holding this process's entries, for pruneTextCache.
   */
  async save(): Promise<string[]> {
    if (!this.#added) return [...this.#packsUsed];
    const keys = [...this.#used.keys()].sort();
    const pack = `${packPrefix(this.#version)}${createHash("sha256").update(keys.join("\n")).digest("hex").slice(0, 16)}.json`;
    await mkdir(this.#folder, { recursive: true });
    const temporary = path.join(this.#folder, `${pack}.${process.pid}.tmp`);
    await writeFile(temporary, JSON.stringify(Object.fromEntries(this.#used)));
    await rename(temporary, path.join(this.#folder, pack));
    this.#added = false;
    return [pack];
  }
}

/** Deletes every pack under `cacheDir` but the ones kept by this build's processes. */
export async function pruneTextCache(cacheDir: string, keep: readonly string[]): Promise<void> {
  const folder = packFolder(cacheDir);
  const kept = new Set(keep);
  const names = await readdir(folder).catch(() => []);
  await Promise.all(names.filter((name) => !kept.has(name)).map((name) => rm(path.join(folder, name), { force: true })));
}
