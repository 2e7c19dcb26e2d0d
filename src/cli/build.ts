// `npm run build`: builds _site/ atomically and prints one summary line, or every content problem and exits 1.
import { randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { lastBuildArticlePages } from "../build/build-report.ts";
import { coresForWorkers, prefetchBuildData, prefetchSettled, splitAmongWorkers } from "../build/prefetch-build-data.ts";
import { projectPaths } from "../build/project-paths.ts";
import { findProjectRoot } from "../build/project-root.ts";
import { hasTextCache } from "../cache/article-text-cache.ts";
import { ContentError } from "../content/content-error.ts";
import { findArticleFiles } from "../content/find-articles.ts";
import { describeBudget, knownSizesFile, measurePages, saveKnownSizes } from "../output/page-budget.ts";

const root = findProjectRoot(import.meta.dirname);

// `npm run build` runs this file precompiled (.build/, see scripts/compile.sh): then Eleventy loads the compiled config too.
const compiled = import.meta.url.endsWith(".js");
// NEWSROOM_OUTPUT_DIR builds elsewhere than _site/ (the benchmark builds into its own folders).
const outputDir = path.resolve(root, process.env["NEWSROOM_OUTPUT_DIR"] ?? "_site");
// Eleventy writes here; only a build that succeeds replaces outputDir with it (src/cli/build-site.ts).
const stagingDir = `${outputDir}.building-${randomBytes(4).toString("hex")}`;
// Compiled, the content loads in workers on the other cores while this thread loads Eleventy, imported only
// now; the workers write the article pages into the staging folder too.
if (compiled) {
  const paths = projectPaths(root);
  // A missing content folder cannot be listed here: one worker then lists it, and reports it as any build would.
  const files = await findArticleFiles(paths.contentDir).catch(() => undefined);
  const cores = coresForWorkers(availableParallelism(), await hasTextCache(paths.cacheDir));
  const shards = files === undefined ? [undefined] : splitAmongWorkers(files, cores);
  prefetchBuildData(new URL("../build/load-data-worker.js", import.meta.url), { root }, shards, stagingDir);
}
// Eleventy registers a module resolver (on Node 20 a loader thread every later import waits on) that only
// re-imports JavaScript changed during --watch or --serve; a one-off build has nothing to re-import, and skipping
// it saves about 80 ms (Eleventy's own switch: github.com/11ty/eleventy/issues/3371). Set before Eleventy loads.
process.env["ELEVENTY_SKIP_ESM_RESOLVER"] = "1";
const { buildSite } = await import("../build/build-site.ts");

try {
  const summary = await buildSite({
    root,
    outputDir,
    stagingDir,
    // A refused build removes the staging folder, once no worker is writing into it any more.
    beforeDiscard: prefetchSettled,
    // The config compiled beside this file: one copy of the modules that hold the workers' results.
    ...(compiled ? { configPath: fileURLToPath(new URL("../../.eleventy.js", import.meta.url)) } : {}),
  });
  const kilobytes = (summary.bytes / 1024).toFixed(0);

  const articlePages = lastBuildArticlePages();
  const [[heaviest]] = await Promise.all([
    measurePages(outputDir, articlePages, summary.htmlPages),
    saveKnownSizes(knownSizesFile(projectPaths(root).cacheDir), articlePages),
  ]);

  console.log(
    `Built ${summary.pages} pages, ${summary.images} images, ${summary.files} files, ${kilobytes} KiB in ${(summary.milliseconds / 1000).toFixed(2)} s → ${path.relative(root, outputDir) || "."}/; ${describeBudget(heaviest)}`,
  );
} catch (error) {
  if (!(error instanceof ContentError)) throw error;
  console.error(error.message);
  console.error("\nNothing was published: _site/ still holds the previous build.");
  process.exitCode = 1;
}
