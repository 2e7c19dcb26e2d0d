// Eleventy on a thread of its own for `npm run build` (src/build/build-site.ts). Importing Eleventy and starting it
// takes about 0.4 s, longer than everything else a warm build of the sample does; on its own thread (the worker
// script is src/build/eleventy-worker.ts) that start overlaps the main thread's loading of the content. Once the
// content is loaded, the main thread sends the pages' global data and the minified templates in one message; the
// thread renders the two pages in src/render/pages/ into the staging folder, and exits.
import type { MinifiedTemplates } from "../render/template-environment.ts";
import type { PageGlobals } from "./eleventy-config.ts";
import { type ErrorDescription, rebuildError, startWorker } from "./threads.ts";

/** What the thread is started with. */
export interface EleventyTask {
  readonly root: string;
  /** The folder Eleventy writes into: the build's staging folder. */
  readonly outputDir: string;
}

/** What the main thread sends, once. */
export interface EleventyInputs {
  readonly globals: PageGlobals;
  readonly templates: MinifiedTemplates;
}

/** What the thread sends. */
export type EleventyMessage = { readonly type: "written" } | { readonly type: "failed"; readonly error: ErrorDescription };

export interface EleventyThread {
  /** Hands Eleventy what it renders from; call once. */
  send(inputs: EleventyInputs): void;
  /** Settles once Eleventy's pages are written; rejects with what stopped them. */
  readonly written: Promise<void>;
  /** Stops the thread, done or not. */
  stop(): Promise<void>;
}

/** Starts Eleventy on a thread running `script` (src/build/eleventy-worker.ts, or its compiled copy). */
export function startEleventyThread(script: URL, task: EleventyTask): EleventyThread {
  const worker = startWorker(script, task);
  const written = new Promise<void>((resolve, reject) => {
    worker.on("message", (message: EleventyMessage) => {
      if (message?.type === "written") resolve();
      else if (message?.type === "failed") reject(rebuildError(message.error));
    });
    worker.on("error", reject);
    worker.on("exit", (code) => reject(new Error(`Eleventy's thread stopped (exit code ${code}) before writing its pages`)));
  });
  written.catch(() => {});
  return {
    send: (inputs) => worker.postMessage(inputs),
    written,
    stop: async () => {
      await worker.terminate();
    },
  };
}
