// What the build's two threads (src/build/eleventy-thread.ts, src/build/writer-thread.ts) share: how a thread is
// started from its script, and errors sent between threads as data.
import { Worker } from "node:worker_threads";

/** Starts a worker thread running `script`, a compiled .js file or, under tsx (as the tests run), a .ts file. */
export function startWorker(script: URL, workerData: unknown): Worker {
  // Under tsx, a worker thread does not inherit tsx's loader: it registers it first.
  return script.pathname.endsWith(".ts")
    ? new Worker(
        `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`,
        { eval: true, workerData },
      )
    : new Worker(script, { workerData });
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
