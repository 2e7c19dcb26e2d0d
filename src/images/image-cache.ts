// Makes sure every planned derivative is in the cache store, encoding only what it cannot give back verified.
// A warm build finds every entry intact and never loads the encoder.
import os from "node:os";
import type { CacheKey, CacheStore } from "../cache/store.ts";
import { decodeSource, encodeRaw, imagePackages, type RawImage, resizeFor } from "./image-encode.ts";
import { type Derivative, IMAGE_PIPELINE_VERSION, type ImageFormat } from "./image-plan.ts";

export interface CacheReport {
  readonly encoded: number;
  readonly cached: number;
}

export interface EnsureOptions {
  /**
   * Encodes in flight at once. Output bytes do not depend on it (each encode is single-threaded).
   * @default os.availableParallelism()
   */
  readonly concurrency?: number;
  /** Told how many derivatives will be encoded and how many were cached, before encoding starts. */
  readonly onEncodeStart?: (report: CacheReport) => void;
}

/**
 * The progress line of a build that has images to encode.
 * @example describeImageWork("content/a.jpg", { encoded: 18, cached: 0 }) // "Encoding 18 image derivatives of content/a.jpg (0 from the cache)…"
 */
export function describeImageWork(file: string, report: CacheReport): string {
  return `Encoding ${report.encoded} image derivatives of ${file} (${report.cached} from the cache)…`;
}

/** The stage's folder in the cache store. */
export const DERIVATIVE_STAGE = "image-derivatives";

/**
 * What the image stage needs for one build: the store, the packages that shape its bytes (read once), the queue
 * that makes articles' encodes take turns and the memory one source's encodes may hold at once. Made per build
 * (openImageCache) and passed along, never global.
 */
export interface ImageCache {
  readonly store: CacheStore;
  readonly packages: Readonly<Record<string, string>>;
  readonly queue: EncodingQueue;
  /** Bytes the encodes of one source may hold at once (ENCODE_MEMORY_BUDGET unless the build says otherwise). */
  readonly encodeMemoryBudget: number;
}

/** Runs one piece of work at a time, in the order asked. */
export class EncodingQueue {
  #last: Promise<unknown> = Promise.resolve();

  turn<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#last.then(work);
    this.#last = next.catch(() => undefined);
    return next;
  }
}

export function openImageCache(store: CacheStore, encodeMemoryBudget = ENCODE_MEMORY_BUDGET): ImageCache {
  return { store, packages: imagePackages(), queue: new EncodingQueue(), encodeMemoryBudget };
}

/** A derivative's key: its cacheKey already hashes the source bytes and every setting. */
export function derivativeKey(images: ImageCache, derivative: Derivative): CacheKey {
  return { stage: DERIVATIVE_STAGE, pipelineVersion: IMAGE_PIPELINE_VERSION, packages: images.packages, input: derivative.cacheKey };
}

/** A derivative's bytes, verified against the size and hash recorded when they were stored; undefined otherwise. */
export function readDerivative(images: ImageCache, derivative: Derivative): Promise<Buffer | undefined> {
  return images.store.get(derivativeKey(images, derivative));
}

/**
 * Rough encode time per pixel, relative to JPEG, measured on the sample photo and on two screenshots at 1280 px:
 * AVIF effort 1 ≈ 15×, lossy WebP ≈ 6×, PNG ≈ 3×, lossless WebP (screenshots) ≈ 30×.
 */
const COST_PER_PIXEL: Readonly<Record<ImageFormat, number>> = { avif: 15, webp: 6, jpeg: 1, png: 3 };
const LOSSLESS_WEBP_COST = 30;

/**
 * Longest first: with two cores, starting the slowest encodes first keeps both busy to the end instead of
 * leaving one core alone with a late AVIF or lossless WebP.
 */
export function encodeOrder(derivatives: readonly Derivative[]): Derivative[] {
  const cost = (derivative: Derivative) =>
    derivative.width *
    derivative.height *
    (derivative.encoder.lossless === true ? LOSSLESS_WEBP_COST : COST_PER_PIXEL[derivative.encoder.format]);
  return [...derivatives].sort((a, b) => cost(b) - cost(a) || a.fileName.localeCompare(b.fileName));
}

/** Derivatives with the same pixels (one width in AVIF, WebP and JPEG) share one resize. */
const geometryOf = (derivative: Derivative) => `${derivative.role}:${derivative.label ?? ""}:${derivative.width}x${derivative.height}`;

/**
 * Memory an encode adds at its peak, in bytes per pixel of the derivative: the growth of the process's peak
 * (process.resourceUsage().maxRSS) over one encode, with the MALLOC_* settings of package.json's scripts, of a
 * 2160×1620 screenshot and a 2160×1080 photo resized to 1280 px: AVIF 27 (4:4:4) and 22 (4:2:0), lossless WebP 31,
 * lossy WebP 6, JPEG 4 (6 at 2160 px), PNG too little to see.
 */
const MEMORY_PER_PIXEL: Readonly<Record<ImageFormat, number>> = { avif: 27, webp: 6, jpeg: 4, png: 1 };
const LOSSLESS_WEBP_PER_PIXEL = 31;

/** What one encode is expected to hold at its peak, in bytes. */
export function encodeMemory(derivative: Derivative): number {
  const perPixel = derivative.encoder.lossless === true ? LOSSLESS_WEBP_PER_PIXEL : MEMORY_PER_PIXEL[derivative.encoder.format];
  return derivative.width * derivative.height * perPixel;
}

/**
 * Encodes in flight together hold at most this much (one always runs, however large): a screenshot's 1280 px AVIF
 * and lossless WebP encodes (about 33 and 38 MB) take turns, a large one runs beside small ones. Keeps a build that
 * encodes a real archive's pictures under 400 MB, for 1.03–1.17× its time (docs/performance.md, "Memory with pictures").
 */
export const ENCODE_MEMORY_BUDGET = 48 * 2 ** 20;

interface EncodeTask {
  readonly memory: number;
  readonly run: () => Promise<void>;
}

/**
 * Runs tasks with at most `limit` in flight, holding at most `budget` bytes of memory between them; a task alone
 * always runs, however large. Each free slot takes the first task in the list that fits, so a large task that does
 * not fit beside what runs waits, and may run last. After a failure nothing more starts; the first failure is
 * thrown once what was running has finished.
 */
export async function runWithinBudget(tasks: readonly EncodeTask[], limit: number, budget: number): Promise<void> {
  const slots = Math.max(1, Math.floor(limit) || 1);
  const waiting = [...tasks];
  const running = new Set<Promise<void>>();
  let held = 0;
  let failure: { error: unknown } | undefined;
  const fits = (task: EncodeTask) => running.size === 0 || held + task.memory <= budget;
  while (running.size > 0 || (waiting.length > 0 && failure === undefined)) {
    const index = running.size >= slots || failure !== undefined ? -1 : waiting.findIndex(fits);
    const task = index === -1 ? undefined : waiting.splice(index, 1)[0];
    if (task === undefined) {
      // Nothing fits beside what runs, every slot is taken, or one failed: wait for one to finish.
      await Promise.race(running);
      continue;
    }
    held += task.memory;
    // Started from a resolved promise, so a task that throws before its first await is a failure like any other.
    const started: Promise<void> = Promise.resolve()
      .then(task.run)
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => {
        held -= task.memory;
        running.delete(started);
      });
    running.add(started);
  }
  // The first failure, once nothing is left running.
  if (failure !== undefined) throw failure.error;
}

/**
 * Encodes the derivatives the store cannot give back verified (missing, damaged, truncated): the source is decoded
 * once, each size is resized once, and the encodes run in parallel.
 */
export async function ensureDerivatives(
  source: Buffer,
  derivatives: readonly Derivative[],
  images: ImageCache,
  maxPixels: number,
  options: EnsureOptions = {},
): Promise<CacheReport> {
  const findMissing = async () => {
    const found = await Promise.all(derivatives.map((derivative) => readDerivative(images, derivative)));
    return derivatives.filter((_, index) => found[index] === undefined);
  };
  if ((await findMissing()).length === 0) return { encoded: 0, cached: derivatives.length };
  // One source at a time: its encodes already use every core, and each decoded source holds its raw pixels.
  // Looked at again in turn: another article showing the same photo may have encoded it meanwhile.
  return images.queue.turn(async () => {
    const missing = await findMissing();
    const report = { encoded: missing.length, cached: derivatives.length - missing.length };
    if (missing.length > 0) {
      options.onEncodeStart?.(report);
      await encodeDerivatives(source, missing, images, maxPixels, options.concurrency);
    }
    return report;
  });
}

/**
 * Encodes these derivatives and stores them; returns their bytes too, so that a store that cannot be written
 * (read-only, full disk: a warning, not a failure) still gives a correct build.
 */
export async function encodeDerivatives(
  source: Buffer,
  derivatives: readonly Derivative[],
  images: ImageCache,
  maxPixels: number,
  concurrency = os.availableParallelism(),
): Promise<Map<Derivative, Buffer>> {
  let decoded: Promise<RawImage> | undefined;
  const resized = new Map<string, Promise<RawImage>>();
  const pixelsFor = (derivative: Derivative): Promise<RawImage> => {
    const key = geometryOf(derivative);
    let pixels = resized.get(key);
    if (!pixels) {
      decoded ??= decodeSource(source, maxPixels);
      pixels = decoded.then((image) => resizeFor(image, derivative));
      resized.set(key, pixels);
    }
    return pixels;
  };
  const encoded = new Map<Derivative, Buffer>();
  const tasks = encodeOrder(derivatives).map((derivative) => ({
    memory: encodeMemory(derivative),
    run: async () => {
      const bytes = await encodeRaw(await pixelsFor(derivative), derivative.encoder);
      encoded.set(derivative, bytes);
      await images.store.put(derivativeKey(images, derivative), bytes);
    },
  }));
  await runWithinBudget(tasks, concurrency, images.encodeMemoryBudget);
  return encoded;
}
