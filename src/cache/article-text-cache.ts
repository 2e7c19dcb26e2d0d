// Remembers what reading, validating and rendering an article's text gave (its front matter, HTML and reading
// time), in the cache store (src/cache/store.ts), one entry per text. The key names the text's hash, the text
// stage's own version (TEXT_PIPELINE_VERSION) and the packages that shape the result (markdown-it, yaml, zod), not
// our sources: a comment changed in src/ keeps every entry. A warm build of 1000 unchanged articles parses no YAML
// and renders no Markdown. Only text without problems is remembered, so every refusal is found afresh.
//
// An entry is bytes verified by the store (size, hash, its own key) and then checked again as data: the front
// matter must pass the article schema, the HTML must be a string, the reading time a number. Anything else is a
// miss, parsed again. The cached HTML is what the build publishes, so it is never trusted unchecked.
//
// One file per entry, not packs. Measured on the shared two-core machine, 1000 entries: a warm load took 130-140 ms
// per file against 70 ms from one pack (both including 36 ms of schema checks), and a cold save 0.45-1 s against one
// write. Packs would need their own discovery, verification and cross-worker bookkeeping beside the store; single
// entries need none, and the store's pruning covers them.
import { createHash } from "node:crypto";
import { ARTICLE_SCHEMA, type ArticleFrontMatter } from "../content/article-schema.ts";
import type { TextPicture } from "../content/render-markdown.ts";
import { packageVersions } from "./package-versions.ts";
import { type CacheKey, CacheStore, type Warn } from "./store.ts";

/**
 * Version of the text stage's output: bump it whenever a change to how an article's text is read, validated or
 * rendered (src/content/: the schema, the Markdown rules, reading time) can change what it gives.
 */
export const TEXT_PIPELINE_VERSION = "text-7";

/** The stage's folder in the cache store. */
export const TEXT_STAGE = "article-text";

/** The packages whose versions shape what an article's text gives. */
const TEXT_PACKAGES = ["markdown-it", "yaml", "zod"] as const;

/** What an article's text gives, before its image is looked at. */
export interface ParsedText {
  readonly frontMatter: ArticleFrontMatter;
  /** The HTML, with a marker where each picture goes (render-markdown.ts). */
  readonly html: string;
  /** The body's pictures, lines counted in the file. */
  readonly pictures: readonly TextPicture[];
  readonly readingMinutes: number;
  /** 1-based line of `image.src`, for a problem with the image found later. */
  readonly imageLine?: number;
  /** Each link's href and the 1-based line it is first written on, for a broken link's problem. */
  readonly linkLines?: Readonly<Record<string, number>>;
}

/** A remembered entry as data: anything but a sound ParsedText is undefined. */
export function checkParsedText(value: unknown): ParsedText | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { frontMatter, html, pictures, readingMinutes, imageLine, linkLines } = value as Record<string, unknown>;
  if (!Array.isArray(pictures) || !pictures.every(isTextPicture)) return undefined;
  if (typeof html !== "string" || typeof readingMinutes !== "number" || !Number.isFinite(readingMinutes)) return undefined;
  if (imageLine !== undefined && !Number.isInteger(imageLine)) return undefined;
  if (linkLines !== undefined) {
    if (typeof linkLines !== "object" || linkLines === null || Array.isArray(linkLines)) return undefined;
    if (!Object.values(linkLines).every((line) => Number.isInteger(line))) return undefined;
  }
  const checked = ARTICLE_SCHEMA.safeParse(frontMatter);
  if (!checked.success) return undefined;
  return {
    frontMatter: checked.data,
    html,
    pictures,
    readingMinutes,
    ...(linkLines === undefined ? {} : { linkLines: linkLines as Record<string, number> }),
    ...(imageLine === undefined ? {} : { imageLine: imageLine as number }),
  };
}

function isTextPicture(value: unknown): value is TextPicture {
  if (typeof value !== "object" || value === null) return false;
  const { src, alt, caption, credit, line, role, firstScreen } = value as Record<string, unknown>;
  const optionalText = (field: unknown) => field === undefined || typeof field === "string";
  return (
    typeof src === "string" &&
    typeof alt === "string" &&
    optionalText(caption) &&
    optionalText(credit) &&
    (line === undefined || Number.isInteger(line)) &&
    (role === "figure" || role === "poster") &&
    typeof firstScreen === "boolean"
  );
}

export class ArticleTextCache {
  readonly #packages: Readonly<Record<string, string>>;
  /** Entries made by this process, written by save(); the dev server keeps them in memory between rebuilds. */
  readonly #made = new Map<string, ParsedText>();
  readonly #unsaved = new Map<string, CacheKey>();

  /** The store the entries live in. */
  readonly store: CacheStore;

  private constructor(store: CacheStore) {
    this.store = store;
    this.#packages = packageVersions(TEXT_PACKAGES);
  }

  /** Opens the text cache in the store at `cacheDir`; reads nothing yet. Failed writes go to `warn`. */
  static async open(cacheDir: string, options: { readonly warn?: Warn } = {}): Promise<ArticleTextCache> {
    return new ArticleTextCache(new CacheStore(cacheDir, options));
  }

  // The last text's key: set() follows get() of the same text, and hashing it twice cost 0.05 ms an article.
  #lastText: string | undefined;
  #lastKey: CacheKey | undefined;

  /** The store key of what this text gives: its hash, TEXT_PIPELINE_VERSION and the text packages' versions. */
  keyOf(text: string): CacheKey {
    if (text !== this.#lastText || this.#lastKey === undefined) {
      const input = createHash("sha256").update(text).digest("hex");
      this.#lastKey = { stage: TEXT_STAGE, pipelineVersion: TEXT_PIPELINE_VERSION, packages: this.#packages, input };
      this.#lastText = text;
    }
    return this.#lastKey;
  }

  /** What this text gave before, if it was remembered intact. */
  get(text: string): ParsedText | undefined {
    const key = this.keyOf(text);
    const made = this.#made.get(key.input);
    if (made !== undefined) return made;
    const stored = this.store.getSync(key);
    if (stored === undefined) return undefined;
    let parsed: ParsedText | undefined;
    try {
      parsed = checkParsedText(JSON.parse(stored.toString("utf8")));
    } catch {
      return undefined;
    }
    // Kept in memory too: the dev server's next rebuild finds it without reading and checking the entry again.
    if (parsed !== undefined) this.#made.set(key.input, parsed);
    return parsed;
  }

  /** Remembers what this text gave, in the store from the next save() on. */
  set(text: string, parsed: ParsedText): void {
    const key = this.keyOf(text);
    this.#made.set(key.input, parsed);
    this.#unsaved.set(key.input, key);
  }

  /** Writes the entries made since the last save(). Never throws: a failed write is a warning. */
  async save(): Promise<void> {
    const keys = [...this.#unsaved.values()];
    this.#unsaved.clear();
    // A few writes in flight at once: enough to overlap them, few enough to stay clear of the open-file limit.
    let next = 0;
    const writer = async () => {
      for (let key = keys[next++]; key !== undefined; key = keys[next++]) {
        await this.store.put(key, Buffer.from(JSON.stringify(this.#made.get(key.input))));
      }
    };
    await Promise.all(Array.from({ length: 8 }, writer));
  }
}
