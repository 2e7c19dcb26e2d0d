// Worker thread of the precompiled `npm run build` (see src/prefetch-build-data.ts): loads the data files, the
// stylesheet and its share of the articles, posts them back, then writes the pages of its articles.
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import nunjucks from "nunjucks";
import { ArticleTextCache } from "../cache/article-text-cache.ts";
import { MinifyCache } from "../cache/minify-cache.ts";
import { CompiledTemplateStore, type NunjucksLibrary, shareCompiledTemplates } from "../cache/nunjucks-compile-cache.ts";
import { ContentError } from "../content/content-error.ts";
import { findArticleFiles } from "../content/find-articles.ts";
import { describeImageWork } from "../images/image-cache.ts";
import { knownSizesFile, readKnownSizes } from "../output/page-budget.ts";
import { inOrder, type WrittenPage, writeArticlePages } from "../render/article-pages.ts";
import { loadBuildDataShard, projectPaths } from "../render/build-data.ts";
import { describeDonation } from "../render/donation-block.ts";
import { createTemplateEnvironment, MinifiedTemplateLoader, minifyTemplates } from "../render/template-environment.ts";
import { articlesToWrite, sharedClaim, type WorkerMessage, type WorkerTask } from "./prefetch-build-data.ts";

const task = workerData as WorkerTask;
const paths = projectPaths(task.root);
const post = (message: WorkerMessage) => parentPort?.postMessage(message);

try {
  // Minified stylesheet and templates, remembered between builds.
  const cache = await MinifyCache.open(path.join(paths.cacheDir, "minified.json"));
  const onImageEncode = (file: string, report: { encoded: number; cached: number }) => console.log(describeImageWork(file, report));
  const [files, textCache] = await Promise.all([task.files ?? findArticleFiles(paths.contentDir), ArticleTextCache.open(paths.cacheDir)]);
  const [shard, templates] = await Promise.all([
    loadBuildDataShard(paths, files, { onImageEncode, minifyCache: cache, textCache }),
    minifyTemplates(paths, cache),
  ]);
  post({ kind: "loaded", shard, templates });

  // Pages only from a shard without problems; a build refused for another shard's problems is thrown away whole.
  const { siteData, stylesheet, articles } = shard;
  let pages: WrittenPage[] = [];
  // The article layout's compiled code, remembered like Eleventy's templates.json but in a file of the workers'
  // own: every worker compiles the same layouts, so concurrent saves hold the same entries.
  const compiledTemplates = CompiledTemplateStore.open(
    path.join(paths.cacheDir, "article-templates.json"),
    path.join(paths.root, "package-lock.json"),
  );
  if (task.outputDir !== undefined && siteData.ok && articles.problems.length === 0) {
    shareCompiledTemplates(nunjucks as unknown as NunjucksLibrary, compiledTemplates);
    const environment = createTemplateEnvironment(new MinifiedTemplateLoader(templates));
    const { site, donation } = siteData.data;
    const data = { site, donationBlock: describeDonation(donation), stylesheet, articles: articlesToWrite(shard) };
    const knownSizes = readKnownSizes(knownSizesFile(paths.cacheDir));
    // The main thread takes pages from the same list once it is free: each page goes to whoever claims it first.
    const claim = task.pageCursor === undefined ? inOrder() : sharedClaim(task.pageCursor);
    pages = writeArticlePages(environment, data, task.outputDir, { secure: true, knownSizes, claim });
  }
  await Promise.all([textCache.save(), cache.save(), compiledTemplates.save()]);
  post({ kind: "written", pages });
} catch (error) {
  const problems = error instanceof ContentError ? { problems: error.problems } : {};
  post({ kind: "failed", error: error instanceof Error ? (error.stack ?? error.message) : String(error), ...problems });
}
