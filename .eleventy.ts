// Eleventy configuration: wiring only. Every step lives in src/; see README "How it works".
import path from "node:path";
import { recordArticlePages } from "./src/build/build-report.ts";
import { takePrefetchedArticlePages, takePrefetchedBuildData, takePrefetchedTemplates } from "./src/build/prefetch-build-data.ts";
import { projectPaths } from "./src/build/project-paths.ts";
import { findProjectRoot } from "./src/build/project-root.ts";
import { ArticleTextCache, TEXT_STAGE } from "./src/cache/article-text-cache.ts";
import { MinifyCache } from "./src/cache/minify-cache.ts";
import { CompiledTemplateStore, type NunjucksLibrary, shareCompiledTemplates } from "./src/cache/nunjucks-compile-cache.ts";
import { CacheStore } from "./src/cache/store.ts";
import type { Article } from "./src/content/load-articles.ts";
import { type CacheReport, DERIVATIVE_STAGE, describeImageWork } from "./src/images/image-cache.ts";
import { SOURCE_CHECK_STAGE } from "./src/images/image-inspect.ts";
import { publishImages } from "./src/images/publish-images.ts";
import { knownSizesFile, readKnownSizes } from "./src/output/page-budget.ts";
import { publishAssets } from "./src/output/publish-assets.ts";
import { secureOutput } from "./src/output/security-headers.ts";
import { securedPolicies, writeArticlePages } from "./src/render/article-pages.ts";
import type { BuildData } from "./src/render/build-data.ts";
import {
  createTemplateEnvironment,
  MinifiedTemplateLoader,
  type MinifiedTemplates,
  minifyTemplates,
} from "./src/render/template-environment.ts";

// Eleventy's config API is untyped JavaScript; this names only what we call.
interface EleventyConfig {
  addGlobalData(name: string, value: () => Promise<unknown>): void;
  addPreprocessor(name: string, extensions: string, preprocess: (data: unknown, content: string) => Promise<string | undefined>): void;
  addWatchTarget(target: string): void;
  on(event: "eleventy.engine.njk", listener: (event: { nunjucks: NunjucksLibrary }) => unknown): void;
  on(event: string, listener: (event: { directories: { output: string }; runMode?: string }) => unknown): void;
  setFrontMatterParsingOptions(options: Record<string, unknown>): void;
  setLibrary(name: "njk", library: unknown): void;
  setTemplateFormats(formats: string[]): void;
  setChokidarConfig(options: Record<string, unknown>): void;
}

// The root is found, not assumed: this file also runs precompiled from .build/.
const ROOT = findProjectRoot(import.meta.dirname);

/** True for a page whose permalink is an HTML file (not a feed, the sitemap or robots.txt). */
function isHtmlPage(data: unknown): boolean {
  const permalink = (data as { permalink?: unknown }).permalink;
  return typeof permalink === "string" && permalink.endsWith(".html");
}

function refuseCodeInFrontMatter(): never {
  throw new Error("JavaScript front matter is disabled: front matter must be YAML");
}

export default function configure(eleventyConfig: EleventyConfig) {
  const paths = projectPaths(ROOT);
  const onImageEncode = (file: string, report: CacheReport) => console.log(describeImageWork(file, report));
  // The minified stylesheet and templates are remembered between builds (src/minify-cache.ts); opened once per process.
  let minifyCache: Promise<MinifyCache> | undefined;
  const minified = () => (minifyCache ??= MinifyCache.open(path.join(paths.cacheDir, "minified.json")));
  // Unchanged articles' text is read once, not on every rebuild of the dev server (src/article-text-cache.ts).
  let textCache: Promise<ArticleTextCache> | undefined;
  const includeDrafts = process.env["ELEVENTY_RUN_MODE"] !== "build";
  const load = async () => {
    textCache ??= ArticleTextCache.open(paths.cacheDir);
    const [{ loadBuildData }, minifyCache] = await Promise.all([import("./src/render/build-data.ts"), minified()]);
    return loadBuildData(paths, includeDrafts, { onImageEncode, minifyCache, textCache: await textCache });
  };
  // One of each per build, reset when a new build (or a watch rebuild) starts. `npm run build` has both prepared
  // by its content workers meanwhile (src/prefetch-build-data.ts); otherwise they are loaded here on first use.
  let buildData: Promise<BuildData> | undefined;
  let templates: Promise<MinifiedTemplates> | undefined;
  const data = () => (buildData ??= takePrefetchedBuildData() ?? load());
  const minifiedTemplates = () => (templates ??= takePrefetchedTemplates() ?? minified().then((cache) => minifyTemplates(paths, cache)));

  // Every page renders from templates minified once (src/template-environment.ts), so no page is minified after
  // rendering: Eleventy's Nunjucks environment is ours, serving the minified layouts, and each HTML page's body is
  // swapped for its minified version before Eleventy renders it. Pages that are not HTML (feeds) pass unchanged.
  const loader = new MinifiedTemplateLoader();
  const environment = createTemplateEnvironment(loader);
  eleventyConfig.setLibrary("njk", environment);
  let layoutsReady: Promise<void> = Promise.resolve();
  eleventyConfig.on("eleventy.before", () => {
    buildData = undefined;
    templates = undefined;
    // Not awaited here, so that Eleventy starts reading its templates meanwhile; every page awaits it below.
    layoutsReady = minifiedTemplates().then((minifiedNow) => loader.use(minifiedNow));
    layoutsReady.catch(() => {});
  });
  eleventyConfig.addPreprocessor("minified-template", "njk", async (data, content) => {
    await layoutsReady;
    const minifiedPage = (await minifiedTemplates()).pages[content];
    // A page written as HTML always has its minified body; failing loudly beats publishing it unminified.
    if (minifiedPage === undefined && isHtmlPage(data)) throw new Error("an HTML page template has no minified version");
    return minifiedPage;
  });
  eleventyConfig.addGlobalData("site", async () => (await data()).site);
  eleventyConfig.addGlobalData("articles", async () => (await data()).articles);
  eleventyConfig.addGlobalData("donationBlock", async () => (await data()).donationBlock);
  eleventyConfig.addGlobalData("stylesheet", async () => (await data()).stylesheet);

  // Templates are ours alone (articles are read by src/read-article.ts), but no template may run code from front matter.
  eleventyConfig.setFrontMatterParsingOptions({
    engines: { js: refuseCodeInFrontMatter, javascript: refuseCodeInFrontMatter, node: refuseCodeInFrontMatter },
  });
  eleventyConfig.setTemplateFormats(["njk"]);
  const compiledTemplates = CompiledTemplateStore.open(path.join(paths.cacheDir, "templates.json"), path.join(ROOT, "package-lock.json"));
  eleventyConfig.on("eleventy.engine.njk", ({ nunjucks }) => shareCompiledTemplates(nunjucks, compiledTemplates));

  // One handler, its steps in order (Eleventy runs the handlers of one event concurrently). Article pages are
  // rendered from src/render/layouts/article.njk by src/article-pages.ts, outside Eleventy's per-page pipeline
  // (docs/performance.md); Eleventy has rendered the pages in src/render/pages/ by now.
  eleventyConfig.on("eleventy.after", async ({ directories, runMode }) => {
    const loaded = await data();
    // Secured as written (CSP meta and header), except for the dev server, whose live reload is a script.
    const secure = runMode === "build";
    // `npm run build` has its content workers write them (src/prefetch-build-data.ts), and this thread takes the
    // ones they have not started; otherwise they are all written here.
    const knownSizes = secure ? readKnownSizes(knownSizesFile(paths.cacheDir)) : undefined;
    const writePages = (articles: readonly Article[], claim?: () => number) =>
      writeArticlePages(environment, { ...loaded, articles }, directories.output, {
        secure,
        ...(knownSizes === undefined ? {} : { knownSizes }),
        ...(claim === undefined ? {} : { claim }),
      });
    const articlePages = await (takePrefetchedArticlePages(writePages) ?? writePages(loaded.articles));
    recordArticlePages(articlePages);
    await publishImages(loaded.articles, paths.cacheDir, directories.output);
    await publishAssets(path.join(paths.assetsDir, "public"), directories.output);
    await Promise.all([minifyCache?.then((cache) => cache.save()), compiledTemplates.save()]);
    // The cache store keeps what some build used lately (src/cache/store.ts). The dev server keeps the article
    // text it makes in memory and writes none: an edit's rebuild should not write every article again.
    if (secure) {
      await textCache?.then((cache) => cache.save());
      const stages = [DERIVATIVE_STAGE, SOURCE_CHECK_STAGE, TEXT_STAGE];
      await new CacheStore(paths.cacheDir).prune(stages, { usedSince: performance.timeOrigin });
    }
    // Last, on the final bytes of every other page: per-page CSP (meta and _headers).
    if (secure) await secureOutput(directories.output, securedPolicies(articlePages));
    // The dev server's articles may all have come from the cache; the first edit will need the parser. Imported
    // here, not at the top: the precompiled build's main thread never parses an article.
    else void import("./src/content/load-articles.ts").then((pipeline) => pipeline.preloadArticleParser()).catch(() => {});
  });
  // The content folder actually built (NEWSROOM_CONTENT_DIR may move it), so the dev server sees every edit.
  eleventyConfig.addWatchTarget(paths.contentDir);
  // Eleventy waits until a changed file has been still for 150 ms before rebuilding; 30 ms still guards against a
  // half-written file and leaves the rest of the 200 ms edit-to-page budget to the rebuild.
  eleventyConfig.setChokidarConfig({ awaitWriteFinish: { stabilityThreshold: 30, pollInterval: 10 } });
  eleventyConfig.addWatchTarget("assets/");

  return {
    // Output is Eleventy's default, _site/; the atomic build passes a staging folder instead.
    dir: { input: "src/render/pages", includes: "../layouts", data: "_data" },
  };
}
