// Remembers minified pages and CSS between builds, keyed by a hash of the input, the minifier's version and its
// settings, so a warm build of unchanged pages never loads html-minifier-terser (terser and clean-css take about
// a quarter of a bare Eleventy start just to load) and a changed page is minified exactly once.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

/** The installed html-minifier-terser version, read from its package.json without loading it. */
async function minifierVersion(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve("html-minifier-terser");
  let folder = path.dirname(entry);
  while (path.basename(folder) !== "html-minifier-terser") folder = path.dirname(folder);
  return (JSON.parse(await readFile(path.join(folder, "package.json"), "utf8")) as { version: string }).version;
}

export class MinifyCache {
  /** Entries used (read or added) since the cache was opened: only these are saved, so the file never grows stale. */
  readonly #used = new Map<string, string>();
  #dirty = false;

  readonly #file: string;
  readonly #remembered: ReadonlyMap<string, string>;
  readonly #version: string;

  private constructor(file: string, remembered: ReadonlyMap<string, string>, version: string) {
    this.#file = file;
    this.#remembered = remembered;
    this.#version = version;
  }

  /**
   * Opens the cache file; a missing or unreadable file is an empty cache.
   * @example const cache = await MinifyCache.open(".cache/images/minified.json")
   */
  static async open(file: string): Promise<MinifyCache> {
    let remembered = new Map<string, string>();
    try {
      const parsed: unknown = JSON.parse(await readFile(file, "utf8"));
      if (parsed !== null && typeof parsed === "object") {
        remembered = new Map(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
      }
    } catch {
      // Nothing remembered yet.
    }
    return new MinifyCache(file, remembered, await minifierVersion());
  }

  /** The remembered output of `minify` for this input and these settings, computing and remembering it on a miss. */
  async apply(input: string, settings: string, minify: (input: string) => Promise<string>): Promise<string> {
    const key = createHash("sha256")
      .update(JSON.stringify([this.#version, settings, input]))
      .digest("base64url");
    const known = this.#used.get(key) ?? this.#remembered.get(key);
    if (known !== undefined) {
      this.#used.set(key, known);
      return known;
    }
    const output = await minify(input);
    this.#used.set(key, output);
    this.#dirty = true;
    return output;
  }

  /** Writes the entries this process used, if any was new or any remembered one went unused. */
  async save(): Promise<void> {
    if (!this.#dirty && this.#used.size === this.#remembered.size) return;
    await mkdir(path.dirname(this.#file), { recursive: true });
    const temporary = `${this.#file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    await writeFile(temporary, JSON.stringify(Object.fromEntries(this.#used)));
    await rename(temporary, this.#file);
    this.#dirty = false;
  }
}
