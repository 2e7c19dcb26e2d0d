// The production build: Eleventy writes into a fresh folder beside _site/, and only a build that succeeds
// replaces _site/. A failed build leaves the previous site exactly as it was.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { statSync } from "node:fs";
import { readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import Eleventy from "@11ty/eleventy";
import { ContentError } from "../content/content-error.ts";
import { entryPath, listTree, relativePath } from "../output/list-files.ts";

export interface BuildOptions {
  /** Project root holding .eleventy.ts, content/, assets/. */
  readonly root: string;
  /** Final output folder; defaults to `<root>/_site`. */
  readonly outputDir?: string;
  /** Eleventy config; defaults to `<root>/.eleventy.ts` (the precompiled build passes its `.build/.eleventy.js`). */
  readonly configPath?: string;
  /** The folder the build is written into before the swap; defaults to a new `<outputDir>.building-<random>`. */
  readonly stagingDir?: string;
  /** Awaited before a failed build's staging folder is removed: others (the content workers) may write into it. */
  readonly beforeDiscard?: () => Promise<unknown>;
}

export interface BuildSummary {
  readonly pages: number;
  /** Published image files (under /img/). */
  readonly images: number;
  readonly files: number;
  readonly bytes: number;
  readonly milliseconds: number;
  /** Every HTML page, relative to the output folder with "/" separators, e.g. "my-article/index.html". */
  readonly htmlPages: readonly string[];
}

/** Finds a ContentError anywhere in the cause chain Eleventy wraps around errors from data and templates. */
export function findContentError(error: unknown): ContentError | undefined {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 10; depth++) {
    if (current instanceof ContentError) return current;
    const wrapped = current as Error & { originalError?: unknown };
    current = wrapped.originalError ?? wrapped.cause;
  }
  return undefined;
}

/** What the summary counts, from one walk of the built folder (a site of 1000 pages has 1000 folders). */
function measure(folder: string): Omit<BuildSummary, "milliseconds"> {
  const files = listTree(folder)
    .filter((entry) => entry.isFile())
    .map(entryPath);
  const sizes = files.map((file) => statSync(file).size);
  const images = files.filter((file) => path.relative(folder, file).startsWith(`img${path.sep}`)).length;
  const htmlPages = files.filter((file) => file.endsWith(".html")).map((file) => relativePath(folder, file));
  return { files: files.length, pages: htmlPages.length, images, bytes: sizes.reduce((a, b) => a + b, 0), htmlPages };
}

/**
 * Builds the site atomically.
 * @throws ContentError when the content is refused; any other error is a bug or an environment problem.
 */
export async function buildSite(options: BuildOptions): Promise<BuildSummary> {
  const started = performance.now();
  const outputDir = options.outputDir ?? path.join(options.root, "_site");
  const staging = options.stagingDir ?? `${outputDir}.building-${randomBytes(4).toString("hex")}`;
  const previous = `${outputDir}.previous-${randomBytes(4).toString("hex")}`;
  const eleventy = new Eleventy(path.join(options.root, "src/render/pages"), staging, {
    configPath: options.configPath ?? path.join(options.root, ".eleventy.ts"),
    quietMode: true,
  });
  // Eleventy would print its own log of a refusal (twice, with a stack trace) around ours: the shell prints one block.
  eleventy.disableLogger();
  try {
    await eleventy.write();
  } catch (error) {
    await options.beforeDiscard?.();
    await rm(staging, { recursive: true, force: true });
    throw findContentError(error) ?? error;
  }
  const measured = measure(staging);
  await sweepReplacedSites(outputDir);
  // Swap: two renames in one folder, so a reader of _site/ never sees a half-written site.
  const hadPrevious = await stat(outputDir).then(
    () => true,
    () => false,
  );
  if (hadPrevious) await rename(outputDir, previous);
  try {
    await rename(staging, outputDir);
  } catch (error) {
    if (hadPrevious) await rename(previous, outputDir);
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  if (hadPrevious) removeInBackground(previous);
  return { ...measured, milliseconds: performance.now() - started };
}

/**
 * Deletes a replaced site in a detached process, so the build returns without waiting: deleting 1000 pages costs
 * about 0.3 s on a virtual disk, and nothing reads the folder once it is renamed away. A folder left behind by
 * a build that was killed first is deleted by the next build (see sweepReplacedSites).
 */
function removeInBackground(folder: string): void {
  const remover = spawn(process.execPath, ["-e", "require('node:fs').rmSync(process.argv[1], { recursive: true, force: true })", folder], {
    detached: true,
    stdio: "ignore",
  });
  remover.unref();
}

/** Replaced sites of earlier builds (`<output>.previous-*`) still on disk: their deletion was cut short. */
async function sweepReplacedSites(outputDir: string): Promise<void> {
  const prefix = `${path.basename(outputDir)}.previous-`;
  const siblings = await readdir(path.dirname(outputDir)).catch(() => []);
  for (const name of siblings.filter((sibling) => sibling.startsWith(prefix))) removeInBackground(path.join(path.dirname(outputDir), name));
}
