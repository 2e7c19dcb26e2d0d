// Eleventy's wiring, for every build: `npm run build` (src/build/build-site.ts), `npm start` (.eleventy.ts) and
// the tests. One build, in order:
//   eleventy.before  start loading the build's data (src/render/build-data.ts) and minifying the templates
//   Eleventy         renders the two pages in src/render/pages/ (404, robots.txt)
//   eleventy.after   writes every page, feed and sitemap made from the articles (src/render/write-pages.ts), publishes images and site files,
//                    saves the caches, and (npm run build) gives every page its security headers
// Everything a build needs arrives in `context` (src/build/build-context.ts); what one build made is kept in
// this function's closure for that build, and handed back through the returned SiteBuilder.
import path from "node:path";
import { TEXT_STAGE } from "../cache/article-text-cache.ts";
import { MINIFY_STAGE } from "../cache/minify-cache.ts";
import { PAGE_WEIGHT_STAGE } from "../cache/page-weights.ts";
import { CacheStore } from "../cache/store.ts";
import { ContentError, formatProblem } from "../content/content-error.ts";
import { DERIVATIVE_STAGE, describeImageWork } from "../images/image-cache.ts";
import { SOURCE_CHECK_STAGE } from "../images/image-inspect.ts";
import { publishImages } from "../images/publish-images.ts";
import { publishAssets } from "../output/publish-assets.ts";
import { writeRedirects } from "../output/redirects.ts";
import { secureOutput } from "../output/security-headers.ts";
import { loadBuildData } from "../render/build-data.ts";
import {
  createTemplateEnvironment,
  MinifiedTemplateLoader,
  type MinifiedTemplates,
  minifyTemplates,
} from "../render/template-environment.ts";
import { securedPolicies, type WrittenPage, writePages } from "../render/write-pages.ts";
import type { BuildData } from "../types.ts";
import type { BuildContext } from "./build-context.ts";

// Eleventy's config API is untyped JavaScript; this names only what we call.
export interface EleventyConfig {
  addGlobalData(name: string, value: () => Promise<unknown>): void;
  addPreprocessor(name: string, extensions: string, preprocess: (data: unknown, content: string) => Promise<string | undefined>): void;
  addWatchTarget(target: string): void;
  on(event: string, listener: (event: { directories: { output: string } }) => unknown): void;
  setFrontMatterParsingOptions(options: Record<string, unknown>): void;
  setLibrary(name: "njk", library: unknown): void;
  setTemplateFormats(formats: string[]): void;
  setChokidarConfig(options: Record<string, unknown>): void;
  setIncludesDirectory(dir: string): void;
}

/** What one build made, for the caller's summary (src/cli/build.ts). */
export interface BuildOutcome {
  readonly data: BuildData;
  /** The HTML pages src/render/write-pages.ts wrote (article, front, section, tag and author pages), already weighed. */
  readonly writtenPages: readonly WrittenPage[];
}

/** The handle on the builds Eleventy runs with this configuration. */
export interface SiteBuilder {
  /** The outcome of the latest build; rejects as that build failed; undefined before the first. */
  latest(): Promise<BuildOutcome> | undefined;
}

/** One build's work in progress. */
interface BuildRun {
  readonly data: Promise<BuildData & { readonly problems?: readonly string[] }>;
  readonly templates: Promise<MinifiedTemplates>;
  /** Set once Eleventy has started the build this run belongs to; the next build starts a run of its own. */
  begun?: boolean;
  outcome?: Promise<BuildOutcome>;
}

/** True for a page whose permalink is an HTML file (not a feed, the sitemap or robots.txt). */
function isHtmlPage(data: unknown): boolean {
  const permalink = (data as { permalink?: unknown }).permalink;
  return typeof permalink === "string" && permalink.endsWith(".html");
}

function refuseCodeInFrontMatter(): never {
  throw new Error("JavaScript front matter is disabled: front matter must be YAML");
}

/** Runs `save`, turning a failure into a warning: a cache that cannot be written makes the next build slower, never wrong. */
async function saveQuietly(context: BuildContext, what: string, save: () => Promise<unknown>): Promise<void> {
  try {
    await save();
  } catch (error) {
    context.log(
      `Warning: could not save the ${what} in ${path.relative(context.paths.root, context.paths.cacheDir) || "."}/ (${(error as Error).message}); the next build redoes that work.`,
    );
  }
}

export function configureEleventy(eleventyConfig: EleventyConfig, context: BuildContext): SiteBuilder {
  const { paths } = context;
  const onImageEncode = (file: string, report: { encoded: number; cached: number }) => context.log(describeImageWork(file, report));
  // The dev server shows the last good build with the problems on top, until the next save fixes them.
  let lastGood: BuildData | undefined;
  let run: BuildRun | undefined;

  const startRun = (): BuildRun => {
    const loaded = (async () =>
      loadBuildData(paths, {
        includeDrafts: context.includeDrafts,
        onImageEncode,
        textCache: await context.textCache(),
        minifyCache: await context.minifyCache(),
        ...(context.loadedBefore ? { loadedBefore: context.loadedBefore } : {}),
      }))();
    const data =
      context.mode === "serve"
        ? loaded.then(
            (fresh) => {
              lastGood = fresh;
              return fresh;
            },
            (error: unknown) => {
              if (!(error instanceof ContentError) || lastGood === undefined) throw error;
              context.log(error.message);
              return { ...lastGood, problems: error.problems.map(formatProblem) };
            },
          )
        : loaded;
    const templates = context.minifyCache().then((cache) => minifyTemplates(paths, cache));
    // Awaited by whoever needs them; a failure is reported once, by the build.
    data.catch(() => {});
    templates.catch(() => {});
    return { data, templates };
  };
  const current = (): BuildRun => (run ??= startRun());

  // Every page renders from templates minified once (src/render/template-environment.ts), so no page is minified
  // after rendering: Eleventy's Nunjucks environment is ours, serving the minified layouts, and each HTML page's
  // body is swapped for its minified version before Eleventy renders it. Pages that are not HTML (feeds) pass unchanged.
  const loader = new MinifiedTemplateLoader();
  const environment = createTemplateEnvironment(loader);
  eleventyConfig.setLibrary("njk", environment);
  // Eleventy may ask for global data before or after eleventy.before: a run started by such a request is this
  // build's; one that has begun belongs to the previous build (a dev-server rebuild starts afresh).
  eleventyConfig.on("eleventy.before", () => {
    if (run === undefined || run.begun) run = startRun();
    run.begun = true;
  });
  eleventyConfig.addPreprocessor("minified-template", "njk", async (data, content) => {
    const templates = await current().templates;
    loader.use(templates);
    const minifiedPage = templates.pages[content];
    // A page written as HTML always has its minified body; failing loudly beats publishing it unminified.
    if (minifiedPage === undefined && isHtmlPage(data)) throw new Error("an HTML page template has no minified version");
    return minifiedPage;
  });
  eleventyConfig.addGlobalData("site", async () => (await current().data).site);
  eleventyConfig.addGlobalData("articles", async () => (await current().data).articles);
  eleventyConfig.addGlobalData("sections", async () => (await current().data).sections);
  eleventyConfig.addGlobalData("stylesheet", async () => (await current().data).stylesheet);
  eleventyConfig.addGlobalData("problems", async () => (await current().data).problems);

  // Templates are ours alone (articles are read by src/content/read-article.ts), but no template may run code
  // from front matter.
  eleventyConfig.setFrontMatterParsingOptions({
    engines: { js: refuseCodeInFrontMatter, javascript: refuseCodeInFrontMatter, node: refuseCodeInFrontMatter },
  });
  eleventyConfig.setTemplateFormats(["njk"]);
  eleventyConfig.setIncludesDirectory("../layouts");

  // One handler, its steps in order (Eleventy runs the handlers of one event concurrently).
  eleventyConfig.on("eleventy.after", async ({ directories }) => {
    const thisRun = current();
    const outcome = (async (): Promise<BuildOutcome> => {
      const [data, templates] = await Promise.all([thisRun.data, thisRun.templates]);
      loader.use(templates);
      const weights = context.secure ? await context.pageWeights() : undefined;
      const writtenPages = writePages(environment, data, directories.output, {
        ...(weights ? { weigh: (bytes: Buffer) => weights.weigh(bytes) } : {}),
        secure: context.secure,
        ...(context.writtenBefore ? { writtenBefore: context.writtenBefore, templatesVersion: JSON.stringify(templates.layouts) } : {}),
        ...(context.sourceDateEpoch === undefined ? {} : { sourceDateEpoch: context.sourceDateEpoch }),
      });
      await publishImages(data.articles, paths.cacheDir, directories.output, context.publishedBefore);
      await publishAssets(path.join(paths.assetsDir, "public"), directories.output);
      // Old addresses (aliases) answer with a redirect; written before the CSP step, which secures their pages too.
      await writeRedirects(data.articles, data.site, directories.output);
      // Last, on the final bytes of every other page: per-page CSP (meta and _headers).
      if (context.secure) await secureOutput(directories.output, securedPolicies(writtenPages));
      // The dev server keeps the article text it read in memory: an edit's rebuild should not write every article
      // again. A build keeps what it used and deletes what no build used lately (src/cache/store.ts).
      if (context.mode === "build") {
        await (await context.textCache()).save();
        await weights?.save();
        const store = new CacheStore(paths.cacheDir, { warn: context.log });
        await saveQuietly(context, "cache", () =>
          store.prune([DERIVATIVE_STAGE, SOURCE_CHECK_STAGE, TEXT_STAGE, MINIFY_STAGE, PAGE_WEIGHT_STAGE], {
            usedSince: performance.timeOrigin,
          }),
        );
      }
      return { data, writtenPages };
    })();
    thisRun.outcome = outcome;
    await outcome;
  });
  // The content folder actually built (NEWSROOM_CONTENT_DIR may move it), so the dev server sees every edit.
  eleventyConfig.addWatchTarget(paths.contentDir);
  eleventyConfig.addWatchTarget(path.join(paths.assetsDir, "/"));
  // Eleventy waits until a changed file has been still for 150 ms before rebuilding; 30 ms still guards against a
  // half-written file and leaves the rest of the 200 ms edit-to-page budget to the rebuild.
  eleventyConfig.setChokidarConfig({ awaitWriteFinish: { stabilityThreshold: 30, pollInterval: 10 } });

  return {
    latest: () => {
      if (run === undefined) return undefined;
      // A build that failed before eleventy.after rejects with its data's error.
      return run.outcome ?? run.data.then(() => Promise.reject(new Error("the build stopped before writing its pages")));
    },
  };
}
