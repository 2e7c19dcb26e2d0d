// Remembers each page's gzipped size between builds, by the SHA-256 of its bytes, in one entry of the cache store
// (src/cache/store.ts). Weighing a page for the budget means gzipping it, about 0.3 ms for an article page; hashing
// it to look the weight up costs a tenth of that, so a warm build gzips only the pages that changed (in a CPU
// profile of a warm 1000-article build, gzip was 12% of the time). A weight is a number the build reports, never
// published: a damaged entry is a miss like any other, and a forged one could only misreport the budget.
// NEWSROOM_PAGE_WEIGHTS=off weighs every page afresh (`npm run bench` measures the build both ways).
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { CacheKey, CacheStore } from "./store.ts";

export const PAGE_WEIGHT_STAGE = "page-weights";

/** One entry for the whole site; zlib's version shapes the sizes. */
const KEY: CacheKey = {
  stage: PAGE_WEIGHT_STAGE,
  pipelineVersion: "weights-1",
  packages: { zlib: process.versions.zlib ?? "unknown" },
  input: "every-page",
};

export class PageWeights {
  readonly #store: CacheStore | undefined;
  readonly #known: ReadonlyMap<string, number>;
  /** The weights of this build's pages: what save() keeps. */
  readonly #used = new Map<string, number>();

  private constructor(store: CacheStore | undefined, known: ReadonlyMap<string, number>) {
    this.#store = store;
    this.#known = known;
  }

  /** Weighs every page afresh and remembers nothing. */
  static none(): PageWeights {
    return new PageWeights(undefined, new Map());
  }

  /**
   * The weights remembered in `store`; anything but a JSON object of whole numbers is none. The build hands it the
   * article text cache's store, so a cache that cannot be written is reported once, not once per stage.
   */
  static async open(store: CacheStore): Promise<PageWeights> {
    const stored = await store.get(KEY);
    let known = new Map<string, number>();
    try {
      const value: unknown = stored === undefined ? {} : JSON.parse(stored.toString("utf8"));
      if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        known = new Map(Object.entries(value).filter((entry): entry is [string, number] => Number.isSafeInteger(entry[1])));
      }
    } catch {
      // Not JSON: a miss, every page is weighed.
    }
    return new PageWeights(store, known);
  }

  /** The gzipped size of these bytes. */
  weigh(bytes: Buffer): number {
    const hash = createHash("sha256").update(bytes).digest("base64");
    // zlib's default level, as src/output/page-budget.ts weighs the other pages.
    const weight = this.#known.get(hash) ?? this.#used.get(hash) ?? gzipSync(bytes).length;
    this.#used.set(hash, weight);
    return weight;
  }

  /** Keeps this build's weights for the next. Never throws: a failed write is a warning from the store. */
  async save(): Promise<void> {
    await this.#store?.put(KEY, Buffer.from(JSON.stringify(Object.fromEntries(this.#used))));
  }
}
