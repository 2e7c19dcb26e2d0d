// Makes sure every planned derivative exists in the on-disk cache, encoding only what is missing.
// A warm build finds every file and never loads the encoder.
import { randomBytes } from "node:crypto";
import { access, mkdir, rename, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { decodeSource, encodeRaw, type RawImage, resizeFor } from "./image-encode.ts";
import type { Derivative, ImageFormat } from "./image-plan.ts";

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

/** Where a derivative lives in the cache; the key covers source bytes and settings, so it never goes stale. */
export function cachePathOf(cacheDir: string, derivative: Derivative): string {
  return path.join(cacheDir, derivative.cacheKey.slice(0, 2), derivative.fileName);
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** Rough encode time per pixel, relative to JPEG, measured on the sample photo: AVIF effort 1 ≈ 15×, WebP ≈ 6×. */
const COST_PER_PIXEL: Readonly<Record<ImageFormat, number>> = { avif: 15, webp: 6, jpeg: 1 };

/**
 * Longest first: with two cores, starting the slowest encodes first keeps both busy to the end instead of
 * leaving one core alone with a late AVIF.
 */
export function encodeOrder(derivatives: readonly Derivative[]): Derivative[] {
  const cost = (derivative: Derivative) => derivative.width * derivative.height * COST_PER_PIXEL[derivative.encoder.format];
  return [...derivatives].sort((a, b) => cost(b) - cost(a) || a.fileName.localeCompare(b.fileName));
}

/** Derivatives with the same pixels (one width in AVIF, WebP and JPEG) share one resize. */
const geometryOf = (derivative: Derivative) => `${derivative.role}:${derivative.label ?? ""}:${derivative.width}x${derivative.height}`;

/** Runs tasks with at most `limit` in flight. */
async function runLimited(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      if (task) await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

/**
 * Encodes the derivatives that are not cached yet: the source is decoded once, each size is resized once, and
 * the encodes run in parallel. Each file is written to a temporary name first so a crash leaves no half file.
 */
export async function ensureDerivatives(
  source: Buffer,
  derivatives: readonly Derivative[],
  cacheDir: string,
  maxPixels: number,
  options: EnsureOptions = {},
): Promise<CacheReport> {
  const findMissing = async () => {
    const present = await Promise.all(derivatives.map((derivative) => exists(cachePathOf(cacheDir, derivative))));
    return derivatives.filter((_, index) => !present[index]);
  };
  if ((await findMissing()).length === 0) return { encoded: 0, cached: derivatives.length };
  // One source at a time: its encodes already use every core, and each decoded source holds its raw pixels.
  // Looked at again in turn: another article showing the same photo may have encoded it meanwhile.
  const turn = encodingQueue.then(async () => {
    const missing = await findMissing();
    const report = { encoded: missing.length, cached: derivatives.length - missing.length };
    if (missing.length > 0) await encodeMissing(source, missing, cacheDir, maxPixels, report, options);
    return report;
  });
  encodingQueue = turn.catch(() => undefined);
  return turn;
}

/** Articles load concurrently; this queue makes their image encodes take turns. */
let encodingQueue: Promise<unknown> = Promise.resolve();

async function encodeMissing(
  source: Buffer,
  missing: readonly Derivative[],
  cacheDir: string,
  maxPixels: number,
  report: CacheReport,
  options: EnsureOptions,
): Promise<void> {
  options.onEncodeStart?.(report);

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
  const tasks = encodeOrder(missing).map((derivative) => async () => {
    const target = cachePathOf(cacheDir, derivative);
    const bytes = await encodeRaw(await pixelsFor(derivative), derivative.encoder);
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, target);
  });
  await runLimited(tasks, Math.max(1, options.concurrency ?? os.availableParallelism()));
}
