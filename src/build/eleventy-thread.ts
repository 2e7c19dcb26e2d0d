// Eleventy on a thread of its own for `npm run build` (src/build/build-site.ts). Importing Eleventy and starting it
// takes about 0.4 s, longer than everything else a warm build of the sample does; on its own thread (the worker
// script is src/build/eleventy-worker.ts) that start overlaps the main thread's loading of the content. Once the
// content is loaded, the main thread sends the pages' global data and the minified templates in one message; the
// thread renders the two pages in src/render/pages/ into the staging folder, and exits.
import { Worker } from "node:worker_threads";
import type { MinifiedTemplates } from "../render/template-environment.ts";
import type { PageGlobals } from "./eleventy-config.ts";

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

/** An error as data, with the errors it wraps: a worker's thrown error reaches the main thread without its `code`. */
export interface ErrorDescription {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: string;
  readonly path?: string;
  readonly cause?: ErrorDescription;
}

/** What the thread sends. */
export type EleventyMessage = { readonly type: "written" } | { readonly type: "failed"; readonly error: ErrorDescription };

/** The error this one wraps: Eleventy wraps what a template threw in errors of its own (originalError). */
export const wrappedError = (error: Error): unknown => (error as { originalError?: unknown }).originalError ?? error.cause;

export function describeError(error: unknown, depth = 0): ErrorDescription {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const { name, message, stack, code, path } = error as NodeJS.ErrnoException;
  const cause = wrappedError(error);
  return {
    name,
    message,
    ...(stack === undefined ? {} : { stack }),
    ...(typeof code === "string" ? { code } : {}),
    ...(typeof path === "string" ? { path } : {}),
    ...(cause instanceof Error && depth < 10 ? { cause: describeError(cause, depth + 1) } : {}),
  };
}

/** The error a description was made from, as far as it can be: name, message, stack, code, path and cause. */
export function rebuildError(description: ErrorDescription): Error {
  const error: NodeJS.ErrnoException = new Error(
    description.message,
    description.cause === undefined ? {} : { cause: rebuildError(description.cause) },
  );
  error.name = description.name;
  if (description.stack !== undefined) error.stack = description.stack;
  if (description.code !== undefined) error.code = description.code;
  if (description.path !== undefined) error.path = description.path;
  return error;
}

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
  // Under tsx (as the tests run), a worker thread does not inherit tsx's loader: it registers it first.
  const worker = script.pathname.endsWith(".ts")
    ? new Worker(
        `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`,
        { eval: true, workerData: task },
      )
    : new Worker(script, { workerData: task });
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
