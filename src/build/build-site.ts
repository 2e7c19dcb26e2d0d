// The one build: `npm run build`, the tests and the benchmark all come through here. In order:
//   1. Eleventy starts on a thread of its own (src/build/eleventy-thread.ts); it writes nothing until it is sent
//      its data in step 3
//   2. take the output folder's lock (one build at a time), put back a site a build killed mid-swap left aside, and
//      remove the staging and replaced folders that dead builds left
//   3. this thread loads the content (src/render/build-data.ts) and sends Eleventy its two pages' data; into a fresh
//      staging folder beside the output, Eleventy renders those pages and this thread writes the rest of the site
//      (src/build/write-site.ts)
//   4. the staging folder is walked and every page weighed against the budget
//   5. the staging folder replaces the output in two renames; the replaced site is deleted by a detached `rm`
// Whatever fails before step 5 leaves the output folder exactly as it was; nothing that can fail comes after it.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { statSync } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { entryPath, listTree, relativePath } from "../output/list-files.ts";
import { measurePages } from "../output/page-budget.ts";
import type { PageWeight } from "../types.ts";
import { startEleventyThread, wrappedError } from "./eleventy-thread.ts";
import { lockOutput } from "./output-lock.ts";

export interface BuildOptions {
  /** Project root holding content/, assets/ and src/. */
  readonly root: string;
  /** Final output folder; defaults to `<root>/_site`. */
  readonly outputDir?: string;
  /** Where progress lines go; defaults to the console. */
  readonly log?: (line: string) => void;
  /** Eleventy's thread script (src/build/eleventy-worker.ts); the precompiled build passes its compiled copy. */
  readonly eleventyWorker?: URL;
}

export interface BuildSummary {
  readonly pages: number;
  /** Published image files (under /img/). */
  readonly images: number;
  readonly files: number;
  readonly bytes: number;
  readonly milliseconds: number;
  /** Every HTML page, heaviest (gzipped) first. */
  readonly weights: readonly PageWeight[];
}

/** The first error in the cause chain Eleventy wraps around errors from data and templates that `matches`. */
function findCause<T extends Error>(error: unknown, matches: (candidate: Error) => candidate is T): T | undefined {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 10; depth++) {
    if (matches(current)) return current;
    current = wrappedError(current);
  }
  return undefined;
}

/** The first error in Eleventy's cause chain that carries a system error code (EROFS, ENOSPC, …), if any. */
export const findSystemError = (error: unknown) =>
  findCause(error, (candidate): candidate is NodeJS.ErrnoException =>
    /^E[A-Z]+$/.test(String((candidate as NodeJS.ErrnoException).code ?? "")),
  );

/** What the summary counts, from one walk of the built folder. */
function countFiles(folder: string) {
  const files = listTree(folder)
    .filter((entry) => entry.isFile())
    .map(entryPath);
  const bytes = files.reduce((total, file) => total + statSync(file).size, 0);
  const images = files.filter((file) => relativePath(folder, file).startsWith("img/")).length;
  const htmlPages = files.filter((file) => file.endsWith(".html")).map((file) => relativePath(folder, file));
  return { files: files.length, pages: htmlPages.length, images, bytes, htmlPages };
}

/**
 * Staging and replaced folders (`<output>.building-*`, `<output>.previous-*`, `<output>.deleting-*`) of builds that
 * are no longer running.
 */
async function sweepLeftovers(outputDir: string, warn: (line: string) => void): Promise<void> {
  const base = path.basename(outputDir);
  const siblings = await readdir(path.dirname(outputDir)).catch(() => [] as string[]);
  const hasOutput = await stat(outputDir).then(
    () => true,
    () => false,
  );
  // A build killed between swap()'s two renames left no output and the site it replaced aside: put that back
  // first, so the output is never lost. The newest rename is that build's (an older one failed to be deleted).
  let restored: string | undefined;
  if (!hasOutput) {
    const replaced = await Promise.all(
      siblings
        .filter((name) => name.startsWith(`${base}.previous-`))
        .map(async (name) => ({ name, changed: (await stat(path.join(path.dirname(outputDir), name)).catch(() => undefined))?.ctimeMs })),
    );
    restored = replaced
      .flatMap(({ name, changed }) => (changed === undefined ? [] : [{ name, changed }]))
      .sort((a, b) => b.changed - a.changed)[0]?.name;
    if (restored !== undefined) await rename(path.join(path.dirname(outputDir), restored), outputDir);
  }
  const leftovers = siblings.filter(
    (name) => name !== restored && [".building-", ".previous-", ".deleting-"].some((kind) => name.startsWith(`${base}${kind}`)),
  );
  // A replaced site may still be going under an earlier build's detached rm (swap): whichever deletes a file
  // first wins. What cannot be deleted now is said, and swept next time.
  await Promise.all(
    leftovers.map((name) =>
      rm(path.join(path.dirname(outputDir), name), { recursive: true, force: true }).catch((error: unknown) =>
        warn(`Warning: could not delete ${name}, left by an earlier build (${(error as Error).message}); the next build tries again.`),
      ),
    ),
  );
}

/**
 * Builds the site atomically.
 * @throws ContentError when the content is refused; any other error is a bug or an environment problem, and
 *   findSystemError tells which (a read-only or full disk). Either way the output folder is as it was.
 */
export async function buildSite(options: BuildOptions): Promise<BuildSummary> {
  const started = performance.now();
  const outputDir = path.resolve(options.outputDir ?? path.join(options.root, "_site"));
  const log = options.log ?? ((line: string) => console.log(line));
  // Eleventy's start (importing it: about 0.4 s) is the longest single step of a small build, so its thread starts
  // first, and the rest of the build is imported after it (a static import would load before this line runs). The
  // thread writes nothing into the staging folder until it is sent its data, after the lock and the sweep.
  // NEWSROOM_ELEVENTY_THREAD=late starts it only once the content is loaded: `npm run bench` measures what the
  // overlap buys.
  const staging = `${outputDir}.building-${randomBytes(4).toString("hex")}`;
  const startEleventy = () =>
    startEleventyThread(options.eleventyWorker ?? new URL("./eleventy-worker.ts", import.meta.url), {
      root: options.root,
      outputDir: staging,
    });
  let eleventy = process.env["NEWSROOM_ELEVENTY_THREAD"] === "late" ? undefined : startEleventy();
  try {
    const [{ createBuildContext }, { pageGlobals }, templating, { startLoading, writeSite }] = await Promise.all([
      import("./build-context.ts"),
      import("./eleventy-config.ts"),
      import("../render/template-environment.ts"),
      import("./write-site.ts"),
    ]);
    const context = createBuildContext({ root: options.root, mode: "build", log });
    await mkdir(path.dirname(outputDir), { recursive: true });
    const release = await lockOutput(outputDir, () =>
      log(`Another build is writing ${path.basename(outputDir)}/: waiting for it to finish…`),
    );
    try {
      // Under the lock no other build runs, so every staging folder beside the output is a dead build's (this
      // build writes into its own only after the sweep).
      await sweepLeftovers(outputDir, log);
      let weights: PageWeight[];
      let counted: ReturnType<typeof countFiles>;
      try {
        const loading = startLoading(context);
        const [data, templates] = await Promise.all([loading.data, loading.templates]);
        eleventy ??= startEleventy();
        eleventy.send({ globals: pageGlobals(data), templates });
        const loader = new templating.MinifiedTemplateLoader();
        const environment = templating.createTemplateEnvironment(loader);
        const outcome = await writeSite(context, staging, {
          data,
          templates,
          loader,
          environment,
          eleventyPages: eleventy.written,
        });
        counted = countFiles(staging);
        weights = await measurePages(staging, outcome.writtenPages, counted.htmlPages);
      } catch (error) {
        await eleventy?.stop();
        await rm(staging, { recursive: true, force: true });
        throw error;
      }
      await swap(staging, outputDir);
      const { htmlPages: _, ...summary } = counted;
      return { ...summary, weights, milliseconds: performance.now() - started };
    } finally {
      await release();
    }
  } finally {
    // Done with it: it has exited after writing its pages; a build that failed before sending it anything stops it here.
    await eleventy?.stop();
  }
}

/** Two renames in one folder, so a reader of the output never sees a half-written site; then the old one goes. */
async function swap(staging: string, outputDir: string): Promise<void> {
  const previous = `${outputDir}.previous-${randomBytes(4).toString("hex")}`;
  const hadPrevious = await stat(outputDir).then(
    () => true,
    () => false,
  );
  try {
    if (hadPrevious) await rename(outputDir, previous);
    await rename(staging, outputDir);
  } catch (error) {
    if (hadPrevious) await rename(previous, outputDir).catch(() => {});
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  if (!hadPrevious) return;
  // The new site is in place. The replaced one is renamed once more, so that no later build can take a half-deleted
  // site for one to put back, then deleted; what is left is swept by the next build.
  const deleting = `${outputDir}.deleting-${randomBytes(4).toString("hex")}`;
  const doomed = await rename(previous, deleting).then(
    () => deleting,
    () => previous,
  );
  if (process.env["NEWSROOM_DETACHED_DELETE"] === "off") await rm(doomed, { recursive: true, force: true }).catch(() => {});
  else await deleteDetached(doomed);
}

/**
 * Deletes a replaced site without holding up the build: a detached `rm -rf` goes on after this process exits.
 * Deleting a 1000-article site's 1,100 files took 0.3-0.7 s here; docs/performance.md has the benchmark's A/B row.
 * Where `rm` cannot start (no such command), this process deletes the folder itself. Never rejects.
 */
function deleteDetached(folder: string): Promise<void> {
  const inProcess = () => rm(folder, { recursive: true, force: true }).catch(() => {});
  return new Promise((resolve) => {
    try {
      const child = spawn("rm", ["-rf", "--", folder], { detached: true, stdio: "ignore" });
      child.once("spawn", () => {
        child.unref();
        resolve();
      });
      child.once("error", () => void inProcess().then(resolve));
    } catch {
      // spawn throws, rather than emits, some failures (ENOMEM): the new site is in place all the same.
      void inProcess().then(resolve);
    }
  });
}
