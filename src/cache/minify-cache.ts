// Remembers the minified templates and stylesheet between builds, in the cache store (src/cache/store.ts), keyed
// by a hash of the input and the settings, the versions of the minifier and of the two minifiers it drives (terser
// and clean-css), and MINIFY_PIPELINE_VERSION. A warm build of unchanged templates never loads html-minifier-terser
// (terser and clean-css take about a quarter of a bare Eleventy start just to load). What is kept is the minified
// text of our own templates and CSS, verified on every read; compiled template code is never kept.
import { createHash } from "node:crypto";
import { packageVersion } from "./package-versions.ts";
import { CacheStore, type Warn } from "./store.ts";

export const MINIFY_STAGE = "minified";
/** Bump when the minifying code changes what it makes. */
export const MINIFY_PIPELINE_VERSION = "minify-1";
const MINIFY_PACKAGES = ["html-minifier-terser", "terser", "clean-css"] as const;

/** The installed version, or "(none)" for a package that is not resolvable from here (then the others still key the entry). */
function versionOrNone(name: string): string {
  try {
    return packageVersion(name);
  } catch {
    return "(none)";
  }
}

export class MinifyCache {
  readonly #store: CacheStore;
  readonly #packages: Readonly<Record<string, string>>;
  /** What this process minified or read back, by input hash: the dev server asks again on every rebuild. */
  readonly #made = new Map<string, string>();

  /** `packages` defaults to the installed versions of html-minifier-terser, terser and clean-css. */
  constructor(store: CacheStore, packages?: Readonly<Record<string, string>>) {
    this.#store = store;
    this.#packages = packages ?? Object.fromEntries(MINIFY_PACKAGES.map((name) => [name, versionOrNone(name)]));
  }

  /** The minify cache in the store at `cacheDir`; failed writes go to `warn`. */
  static async open(cacheDir: string, options: { readonly warn?: Warn } = {}): Promise<MinifyCache> {
    return new MinifyCache(new CacheStore(cacheDir, options));
  }

  /** `minify(input)`, from the cache when this input was minified with these settings before. */
  async apply(input: string, settings: string, minify: (input: string) => Promise<string>): Promise<string> {
    const hash = createHash("sha256").update(settings).update("\0").update(input).digest("hex");
    const made = this.#made.get(hash);
    if (made !== undefined) return made;
    const key = { stage: MINIFY_STAGE, pipelineVersion: MINIFY_PIPELINE_VERSION, packages: this.#packages, input: hash };
    const hit = await this.#store.get(key);
    const minified = hit === undefined ? await minify(input) : hit.toString("utf8");
    if (hit === undefined) await this.#store.put(key, Buffer.from(minified, "utf8"));
    this.#made.set(hash, minified);
    return minified;
  }
}
