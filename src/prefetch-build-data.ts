// Loads the build's content in a worker thread while the main thread loads Eleventy: reading, validating and
// rendering articles (yaml, zod, markdown-it) then costs the second core, not the start of every build.
import { Worker } from "node:worker_threads";
import type { BuildData } from "./build-data.ts";
import { ContentError, type ContentProblem } from "./content-error.ts";

/** What the worker (src/cli/load-data-worker.ts) posts back. */
export type PrefetchMessage =
  | { readonly ok: true; readonly data: BuildData }
  | { readonly ok: false; readonly problems: readonly ContentProblem[] }
  | { readonly ok: false; readonly error: string };

let prefetched: Promise<BuildData> | undefined;

/**
 * Starts loading the build data of the project at `root` in the worker at `workerUrl`; the Eleventy config takes
 * the result with takePrefetchedBuildData(). Content problems arrive as the same ContentError a local load throws.
 */
export function prefetchBuildData(workerUrl: URL, root: string): void {
  prefetched = new Promise<BuildData>((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData: { root } });
    worker.once("message", (message: PrefetchMessage) => {
      if (message.ok) resolve(message.data);
      else if ("problems" in message) reject(new ContentError(message.problems));
      else reject(new Error(`loading the content failed: ${message.error}`));
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the content worker exited (${code}) without an answer`)));
  });
  // Handled by whoever takes it; never an unhandled rejection if the build fails before that.
  prefetched.catch(() => {});
}

/** The prefetched build data, once: later builds (the dev server's rebuilds) load their own. */
export function takePrefetchedBuildData(): Promise<BuildData> | undefined {
  const taken = prefetched;
  prefetched = undefined;
  return taken;
}
