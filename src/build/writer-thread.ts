// The writer thread for `npm run build` of a site of WRITER_THREAD_MIN_ARTICLES or more (the worker script is
// src/build/writer-worker.ts): the main thread renders each page and hands its bytes over; the thread writes them
// into the staging folder and gzips each HTML page for the budget. Writing and gzipping 1,100 pages took 0.4-0.6 s
// of the main thread's time in a cold 1000-article build; here they run on the other core while the main thread
// renders the next pages. NEWSROOM_WRITER_THREAD=off writes on the main thread (`npm run bench` measures what the
// thread buys).
import type { PageFiles } from "../render/write-pages.ts";
import { type ErrorDescription, rebuildError, startWorker } from "./threads.ts";

/**
 * The fewest articles for which the build starts the thread. Starting it costs about 0.1 s of CPU, which two cores
 * share with Eleventy's start and the main thread: the sample's warm build (8 pages) took 0.88 and 0.91 s with the
 * thread against 0.85 and 0.84 s without (medians of 10). Each page it takes over saves the main thread about
 * 0.5 ms in a cold build.
 */
export const WRITER_THREAD_MIN_ARTICLES = 100;

/** One file to write, relative to the folder the thread was started with. */
export interface WriteRequest {
  readonly id: number;
  readonly page: string;
  readonly bytes: Uint8Array;
  readonly weigh: boolean;
}

/** What the thread answers each request with: the gzipped size (0 unless weighed), or why the write failed. */
export type WriteReply = { readonly id: number; readonly gzipBytes: number } | { readonly id: number; readonly error: ErrorDescription };

export interface WriterThread extends PageFiles {
  /** Stops the thread; writes not yet answered are rejected. */
  stop(): Promise<void>;
}

/** Starts a writer thread running `script` (src/build/writer-worker.ts, or its compiled copy) into `outputDir`. */
export function startWriterThread(script: URL, outputDir: string): WriterThread {
  const worker = startWorker(script, outputDir);
  const waiting = new Map<number, { resolve: (gzipBytes: number) => void; reject: (error: Error) => void }>();
  let next = 0;
  // Why the thread can write no more, once it cannot: a write sent then is rejected at once (a message to a thread
  // that has exited is dropped, and its promise would never settle).
  let ended: Error | undefined;
  const failAll = (error: Error) => {
    ended ??= error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  worker.on("message", (reply: WriteReply) => {
    const waiter = waiting.get(reply.id);
    waiting.delete(reply.id);
    if ("error" in reply) waiter?.reject(rebuildError(reply.error));
    else waiter?.resolve(reply.gzipBytes);
  });
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`the writer thread stopped (exit code ${code}) before writing every page`)));
  return {
    write: (page, bytes, weigh) =>
      new Promise<number>((resolve, reject) => {
        if (ended !== undefined) {
          reject(ended);
          return;
        }
        const id = next++;
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, page, bytes, weigh } satisfies WriteRequest);
      }),
    stop: async () => {
      ended ??= new Error("the writer thread was stopped");
      await worker.terminate();
    },
  };
}
