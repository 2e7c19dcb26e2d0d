// Loads the build's content in worker threads while the main thread loads Eleventy: reading, validating and
// rendering articles (yaml, zod, markdown-it) and writing their pages then cost the other cores, not the start of
// every build. A large site is split among several workers, each loading and writing a contiguous run of the
// article files; the main thread checks the articles together (src/assemble-build-data.ts).
import { Worker } from "node:worker_threads";
import { ContentError, type ContentProblem } from "../content/content-error.ts";
import type { Article } from "../content/load-articles.ts";
import type { WrittenPage } from "../render/article-pages.ts";
import { assembleBuildData, type BuildData, type BuildDataShard } from "../render/assemble-build-data.ts";
import type { MinifiedTemplates } from "../render/template-environment.ts";
import { projectPaths } from "./project-paths.ts";

/** What a worker (src/cli/load-data-worker.ts) is given. */
export interface WorkerTask {
  readonly root: string;
  /** The article files it loads; undefined: every article, listed by the worker. */
  readonly files?: readonly string[];
  /**
   * The index of the next of its pages to write, an Int32 in shared memory: the main thread takes pages from the
   * same list (articlesToWrite) once Eleventy's own pages are written.
   */
  readonly pageCursor?: SharedArrayBuffer;
  /** Where it writes the pages of its articles, when they all load; undefined: no pages. */
  readonly outputDir?: string;
}

/** What a worker posts: its shard once loaded, then the pages it wrote (none when its shard has problems). */
export type WorkerMessage =
  | { readonly kind: "loaded"; readonly shard: BuildDataShard; readonly templates: MinifiedTemplates }
  | { readonly kind: "written"; readonly pages: readonly WrittenPage[] }
  | { readonly kind: "failed"; readonly error: string; readonly problems?: readonly ContentProblem[] };

/** The articles of a shard whose pages are written, in file order: the worker and the main thread share a cursor over it. */
export const articlesToWrite = (shard: BuildDataShard): Article[] => shard.articles.articles.filter((article) => !article.draft);

/** A claim (src/article-pages.ts) over a cursor in shared memory: each index once, whichever thread asks. */
export function sharedClaim(cursor: SharedArrayBuffer): () => number {
  const counter = new Int32Array(cursor);
  return () => Atomics.add(counter, 0, 1);
}

/** Writes the pages of these articles that `claim` hands out (writeArticlePages, set up by the Eleventy config). */
export type PageWriter = (articles: readonly Article[], claim: () => number) => WrittenPage[];

/** Below this many articles a second worker costs more (loading the pipeline, ~0.15 s of CPU) than it saves. */
export const ARTICLES_PER_WORKER = 100;

/**
 * The cores a build's workers may take. Articles to parse (no text cache for this code yet) keep every core busy;
 * articles from the cache are light work, where a further worker's start (~0.25 s of CPU loading the pipeline)
 * costs more than it saves, so the main thread keeps a core for Eleventy. On 2 cores, 1000 cached articles built
 * in 1.42 s with one worker and 1.58 s with two; 1000 to parse, in 2.58 and 2.60 s with either rule.
 */
export function coresForWorkers(cores: number, articlesCached: boolean): number {
  return articlesCached ? Math.max(1, cores - 1) : cores;
}

/**
 * Contiguous runs of `files`, one per worker: as many workers as there are cores, but no more than one per
 * ARTICLES_PER_WORKER articles, and always one (it also loads the data files).
 * @example splitAmongWorkers(["a.md", "b.md", "c.md"], 2, 2) // [["a.md", "b.md"], ["c.md"]]
 */
export function splitAmongWorkers(files: readonly string[], cores: number, perWorker = ARTICLES_PER_WORKER): string[][] {
  const count = Math.max(1, Math.min(cores, Math.ceil(files.length / perWorker)));
  const size = Math.ceil(files.length / count);
  return Array.from({ length: count }, (_, index) => files.slice(index * size, (index + 1) * size));
}

// Set by prefetchBuildData; the first two are taken once, by the build they were prefetched for.
let prefetchedData: Promise<BuildData> | undefined;
let prefetchedTemplates: Promise<MinifiedTemplates> | undefined;
let prefetchedPages: ((write: PageWriter) => Promise<WrittenPage[]>) | undefined;
let workersStopped: Promise<void> = Promise.resolve();

/** A promise with its settle functions (Promise.withResolvers arrived only in Node 22). */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}

/** Runs one worker. Its results reject if it fails or stops without answering; settling twice does nothing. */
function runWorker(workerUrl: URL, task: WorkerTask) {
  const worker = new Worker(workerUrl, { workerData: task });
  const loaded = deferred<{ shard: BuildDataShard; templates: MinifiedTemplates }>();
  const written = deferred<{ pages: readonly WrittenPage[] }>();
  const exited = deferred<void>();
  const fail = (error: Error) => {
    loaded.reject(error);
    written.reject(error);
  };
  worker.on("message", (message: WorkerMessage) => {
    if (message.kind === "loaded") loaded.resolve(message);
    else if (message.kind === "written") written.resolve(message);
    // A refusal (a ContentError in the worker) stays one, so the build prints it as it prints any other.
    else fail(message.problems ? new ContentError(message.problems) : new Error(`loading the content failed: ${message.error}`));
  });
  worker.once("error", fail);
  worker.once("exit", (code) => {
    fail(new Error(`a content worker exited (${code}) without an answer`));
    exited.resolve();
  });
  return { loaded: loaded.promise, written: written.promise, exited: exited.promise };
}

/**
 * Starts loading the build data of the project at `project.root` in workers running `workerUrl`, one per run
 * of files in `shards`, each writing its articles' pages into `outputDir`. The Eleventy config takes the
 * results with takePrefetchedBuildData() and takePrefetchedArticlePages(). Content problems arrive as one
 * ContentError, as from a local load.
 */
export function prefetchBuildData(
  workerUrl: URL,
  project: Pick<WorkerTask, "root">,
  shards: readonly (readonly string[] | undefined)[],
  outputDir?: string,
): void {
  const { root } = project;
  const cursors = shards.map(() => new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const workers = shards.map((files, index) =>
    runWorker(workerUrl, {
      ...project,
      pageCursor: cursors[index] as SharedArrayBuffer,
      ...(files === undefined ? {} : { files }),
      ...(outputDir === undefined ? {} : { outputDir }),
    }),
  );
  const loaded = Promise.all(workers.map((worker) => worker.loaded));
  const data = loaded.then((answers) =>
    assembleBuildData(
      projectPaths(root),
      answers.map((answer) => answer.shard),
      false,
    ),
  );
  // Every worker minified the templates for its article pages; the first one's serve Eleventy's pages too.
  const templates = (workers[0] as (typeof workers)[number]).loaded.then((answer) => answer.templates);
  const written = Promise.all(workers.map((worker) => worker.written));
  // Once this thread is free (Eleventy's pages written), it writes the pages no worker has started yet.
  const pages = async (write: PageWriter) => {
    const answers = await loaded;
    const mine = answers.flatMap((answer, index) => write(articlesToWrite(answer.shard), sharedClaim(cursors[index] as SharedArrayBuffer)));
    return [...(await written).flatMap((answer) => answer.pages), ...mine];
  };
  const settled = Promise.all(workers.map((worker) => worker.exited)).then(() => {});
  // Handled by whoever takes them; never an unhandled rejection if the build fails before that.
  for (const promise of [data, templates, written]) promise.catch(() => {});
  prefetchedData = data;
  prefetchedTemplates = templates;
  prefetchedPages = pages;
  workersStopped = settled;
}

/** The prefetched build data, once: later builds (the dev server's rebuilds) load their own. */
export function takePrefetchedBuildData(): Promise<BuildData> | undefined {
  const data = prefetchedData;
  prefetchedData = undefined;
  return data;
}

/** The minified templates a worker prepared, once; undefined when nothing was prefetched. */
export function takePrefetchedTemplates(): Promise<MinifiedTemplates> | undefined {
  const templates = prefetchedTemplates;
  prefetchedTemplates = undefined;
  return templates;
}

/**
 * The article pages, once: those the workers wrote and those this thread writes with `write`, taking from the
 * workers' lists the pages none of them has started; undefined when nothing was prefetched (the config writes
 * them all).
 */
export function takePrefetchedArticlePages(write: PageWriter): Promise<WrittenPage[]> | undefined {
  const pages = prefetchedPages;
  prefetchedPages = undefined;
  return pages?.(write);
}

/** Resolves when every worker has stopped, so a failed build can remove a folder no worker still writes into. */
export function prefetchSettled(): Promise<void> {
  return workersStopped;
}
