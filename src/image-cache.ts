// Makes sure every planned derivative exists in the on-disk cache, encoding only what is missing.
// A warm build finds every file and never loads the encoder.
import { access, mkdir, rename, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { encodeDerivative } from "./image-encode.ts";
import type { Derivative } from "./image-plan.ts";

export interface CacheReport {
  readonly encoded: number;
  readonly cached: number;
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

/** Runs tasks with at most `limit` in flight: one encode per core keeps both cores busy without thrashing. */
async function runLimited<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      const task = tasks[index];
      if (task) results[index] = await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** Encodes the derivatives that are not cached yet; written to a temporary name first so a crash leaves no half file. */
export async function ensureDerivatives(
  source: Buffer,
  derivatives: readonly Derivative[],
  cacheDir: string,
  maxPixels: number,
): Promise<CacheReport> {
  const missing: Derivative[] = [];
  for (const derivative of derivatives) {
    if (!(await exists(cachePathOf(cacheDir, derivative)))) missing.push(derivative);
  }
  const tasks = missing.map((derivative) => async () => {
    const target = cachePathOf(cacheDir, derivative);
    await mkdir(path.dirname(target), { recursive: true });
    const bytes = await encodeDerivative(source, derivative, maxPixels);
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, target);
  });
  await runLimited(tasks, Math.max(1, os.availableParallelism()));
  return { encoded: missing.length, cached: derivatives.length - missing.length };
}
