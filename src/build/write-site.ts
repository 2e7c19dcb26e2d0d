// A build's data in, the site out; `npm run build` (src/build/build-site.ts) and the dev server
// (src/build/eleventy-builds.ts) both come through here.
//   startLoading  the build's data (src/render/build-data.ts) and the minified templates, loading at once
//   writeSite     everything made from the data, besides Eleventy's two pages, in order:
//     1. every page, feed and sitemap made from the articles (src/render/write-pages.ts), and the images
//     2. the caches saved, and what no build used lately pruned (npm run build)
//     3. once Eleventy's pages are written: the site's own files (assets/public/, which replace a page of the same
//        name) and the redirects from old addresses
//     4. each page's Content-Security-Policy, on the final bytes of every page (npm run build)
import path from "node:path";
import { TEXT_STAGE } from "../cache/article-text-cache.ts";
import { MINIFY_STAGE } from "../cache/minify-cache.ts";
import { PAGE_WEIGHT_STAGE } from "../cache/page-weights.ts";
import { CacheStore } from "../cache/store.ts";
import { DERIVATIVE_STAGE, describeImageWork } from "../images/image-cache.ts";
import { SOURCE_CHECK_STAGE } from "../images/image-inspect.ts";
import { publishImages } from "../images/publish-images.ts";
import { publishAssets } from "../output/publish-assets.ts";
import { writeRedirects } from "../output/redirects.ts";
import { secureOutput } from "../output/security-headers.ts";
import { loadBuildData } from "../render/build-data.ts";
import { type MinifiedTemplateLoader, type MinifiedTemplates, minifyTemplates } from "../render/template-environment.ts";
import { securedPolicies, type WrittenPage, writePages } from "../render/write-pages.ts";
import type { BuildData } from "../types.ts";
import type { BuildContext } from "./build-context.ts";

/** What one build made: buildSite weighs its pages for the summary. */
export interface BuildOutcome {
  readonly data: BuildData;
  /** The HTML pages src/render/write-pages.ts wrote (article, front, section, tag and author pages), already weighed. */
  readonly writtenPages: readonly WrittenPage[];
}

export interface SiteInputs {
  readonly data: BuildData & { readonly problems?: readonly string[] };
  readonly templates: MinifiedTemplates;
  /** The environment's loader (src/render/template-environment.ts): given `templates` before any page renders. */
  readonly loader: MinifiedTemplateLoader;
  readonly environment: Parameters<typeof writePages>[0];
  /** Settles once Eleventy has written its pages into `outputDir`: the security step reads them. */
  readonly eleventyPages?: Promise<void>;
}

/** One build's data and templates, loading. */
export interface Loading {
  readonly data: Promise<BuildData>;
  readonly templates: Promise<MinifiedTemplates>;
}

/** Starts loading the build's data and minifying the templates, with the context's caches. */
export function startLoading(context: BuildContext): Loading {
  const { paths } = context;
  const data = (async () =>
    loadBuildData(paths, {
      includeDrafts: context.includeDrafts,
      encodeMemoryBudget: context.encodeMemoryBudget,
      onImageEncode: (file, report) => context.log(describeImageWork(file, report)),
      textCache: await context.textCache(),
      minifyCache: await context.minifyCache(),
      ...(context.loadedBefore ? { loadedBefore: context.loadedBefore } : {}),
    }))();
  const templates = context.minifyCache().then((cache) => minifyTemplates(paths, cache));
  // Awaited by whoever needs them; a failure is reported once, by the build.
  data.catch(() => {});
  templates.catch(() => {});
  return { data, templates };
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

export async function writeSite(context: BuildContext, outputDir: string, inputs: SiteInputs): Promise<BuildOutcome> {
  const { paths } = context;
  const { data, templates } = inputs;
  inputs.loader.use(templates);
  const weights = context.secure ? await context.pageWeights() : undefined;
  const writtenPages = writePages(inputs.environment, data, outputDir, {
    ...(weights ? { weigh: (bytes: Buffer) => weights.weigh(bytes) } : {}),
    secure: context.secure,
    ...(context.writtenBefore ? { writtenBefore: context.writtenBefore, templatesVersion: JSON.stringify(templates.layouts) } : {}),
    ...(context.sourceDateEpoch === undefined ? {} : { sourceDateEpoch: context.sourceDateEpoch }),
  });
  await publishImages(data.articles, paths.cacheDir, outputDir, {
    ...(context.publishedBefore ? { publishedBefore: context.publishedBefore } : {}),
    encodeMemoryBudget: context.encodeMemoryBudget,
  });
  // The dev server keeps the article text it read in memory: an edit's rebuild should not write every article
  // again. A build keeps what it used and deletes what no build used lately (src/cache/store.ts), while Eleventy
  // may still be rendering its pages (it uses no cache).
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
  await inputs.eleventyPages;
  await publishAssets(path.join(paths.assetsDir, "public"), outputDir);
  // Old addresses (aliases) answer with a redirect; written before the CSP step, which secures their pages too.
  await writeRedirects(data.articles, data.site, outputDir);
  if (context.secure) await secureOutput(outputDir, securedPolicies(writtenPages));
  return { data, writtenPages };
}
