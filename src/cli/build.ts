// `npm run build`: builds _site/ atomically (src/build/build-site.ts) and prints one summary line, or every content
// problem, or what stopped the build, and exits 1. Either way a failed build leaves _site/ as it was.
import path from "node:path";
import { buildSite, findSystemError } from "../build/build-site.ts";
import { findProjectRoot } from "../build/project-paths.ts";
import { ContentError } from "../content/content-error.ts";
import { describeBudget } from "../output/page-budget.ts";

const root = findProjectRoot(import.meta.dirname);
// NEWSROOM_OUTPUT_DIR builds elsewhere than _site/ (the benchmark builds into its own folders).
const outputDir = path.resolve(root, process.env["NEWSROOM_OUTPUT_DIR"] ?? "_site");
const shown = path.relative(root, outputDir) || ".";
// Eleventy registers a module resolver (on Node 20 a loader thread every later import waits on) that only
// re-imports JavaScript changed during --watch or --serve; a one-off build has nothing to re-import (Eleventy's
// own switch: github.com/11ty/eleventy/issues/3371). Set before buildSite starts Eleventy's thread, which gets a
// copy of this process's environment when it starts.
process.env["ELEVENTY_SKIP_ESM_RESOLVER"] = "1";

/** What a system error means for an editor, in words. */
const SYSTEM_ERRORS: Readonly<Record<string, string>> = {
  EROFS: "read-only file system",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENOSPC: "disk full",
  EDQUOT: "disk quota exceeded",
  EMFILE: "too many open files",
};

try {
  // Eleventy's thread runs the worker script compiled beside this file (scripts/compile.sh), or the source under tsx.
  const eleventyWorker = new URL(`../build/eleventy-worker.${import.meta.url.endsWith(".ts") ? "ts" : "js"}`, import.meta.url);
  const summary = await buildSite({ root, outputDir, eleventyWorker });
  const kibibytes = (summary.bytes / 1024).toFixed(0);
  console.log(
    `Built ${summary.pages} pages, ${summary.images} images, ${summary.files} files, ${kibibytes} KiB in ${(summary.milliseconds / 1000).toFixed(2)} s → ${shown}/; ${describeBudget(summary.weights[0])}`,
  );
} catch (error) {
  process.exitCode = 1;
  const system = findSystemError(error);
  if (error instanceof ContentError) {
    console.error(error.message);
  } else if (system?.code !== undefined && SYSTEM_ERRORS[system.code] !== undefined) {
    const where = system.path === undefined ? shown : path.relative(root, system.path) || ".";
    console.error(`The build could not write ${where}: ${SYSTEM_ERRORS[system.code]} (${system.code}).`);
  } else {
    // A bug or an unexpected environment: the stack is for whoever maintains the build, after the editor's line.
    console.error("The build stopped on an unexpected error (please report it with the lines below):");
    console.error(error);
  }
  console.error(`\nNothing was published: ${shown}/ still holds the previous build.`);
}
