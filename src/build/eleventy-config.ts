// Eleventy's configuration, for every build: it renders the two pages in src/render/pages/ (404, robots.txt) with
// our Nunjucks environment over the minified layouts, from the global data it is handed. Who hands it the data,
// and who writes the rest of the site, depends on who runs Eleventy:
//   npm run build   Eleventy runs on a thread of its own (src/build/eleventy-thread.ts) beside the build
//   npm start       Eleventy is the dev server and drives each rebuild (src/build/eleventy-builds.ts)
import path from "node:path";
import { createTemplateEnvironment, type MinifiedTemplateLoader, type MinifiedTemplates } from "../render/template-environment.ts";
import type { PageData } from "../render/write-pages.ts";
import type { BuildData, ProjectPaths } from "../types.ts";

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

/** The global data Eleventy's pages see: the layout's data, and the newest articles (the 404 page lists five). */
export type PageGlobals = Omit<PageData, "donationBlock"> & {
  readonly articles: readonly { readonly url: string; readonly title: string }[];
};

/** Every name in PageGlobals, each one of Eleventy's global data: a Record, so the compiler checks none is missing. */
const GLOBAL_NAMES = Object.keys({
  site: true,
  articles: true,
  sections: true,
  stylesheet: true,
  problems: true,
} satisfies Record<keyof PageGlobals, true>) as (keyof PageGlobals)[];

/** How many articles Eleventy's pages are given. */
const NEWEST_ARTICLES = 5;

/** The global data for Eleventy's pages, from a build's data. */
export function pageGlobals(data: BuildData & { readonly problems?: readonly string[] }): PageGlobals {
  return {
    site: data.site,
    stylesheet: data.stylesheet,
    sections: data.sections,
    articles: data.articles.slice(0, NEWEST_ARTICLES).map(({ url, title }) => ({ url, title })),
    ...(data.problems === undefined ? {} : { problems: data.problems }),
  };
}

/** Where Eleventy's pages get what they render from: the same values for every page of one build. */
export interface PageSource {
  readonly globals: () => Promise<PageGlobals>;
  readonly templates: () => Promise<MinifiedTemplates>;
}

/** True for a page whose permalink is an HTML file (not robots.txt). */
function isHtmlPage(data: unknown): boolean {
  const permalink = (data as { permalink?: unknown }).permalink;
  return typeof permalink === "string" && permalink.endsWith(".html");
}

function refuseCodeInFrontMatter(): never {
  throw new Error("JavaScript front matter is disabled: front matter must be YAML");
}

/**
 * Configures Eleventy to render src/render/pages/ through `loader`'s templates.
 * @returns the Nunjucks environment Eleventy renders with, for the caller's own pages
 */
export function configureEleventy(
  eleventyConfig: EleventyConfig,
  paths: ProjectPaths,
  source: PageSource,
  loader: MinifiedTemplateLoader,
): ReturnType<typeof createTemplateEnvironment> {
  // Every page renders from templates minified once (src/render/template-environment.ts), so no page is minified
  // after rendering: Eleventy's Nunjucks environment is ours, serving the minified layouts, and each HTML page's
  // body is swapped for its minified version before Eleventy renders it. robots.txt passes unchanged.
  const environment = createTemplateEnvironment(loader);
  eleventyConfig.setLibrary("njk", environment);
  eleventyConfig.addPreprocessor("minified-template", "njk", async (data, content) => {
    const templates = await source.templates();
    loader.use(templates);
    const minifiedPage = templates.pages[content];
    // A page written as HTML always has its minified body; failing loudly beats publishing it unminified.
    if (minifiedPage === undefined && isHtmlPage(data)) throw new Error("an HTML page template has no minified version");
    return minifiedPage;
  });
  const global = <K extends keyof PageGlobals>(name: K) => eleventyConfig.addGlobalData(name, async () => (await source.globals())[name]);
  for (const name of GLOBAL_NAMES) global(name);

  // Templates are ours alone (articles are read by src/content/read-article.ts), but no template may run code
  // from front matter.
  eleventyConfig.setFrontMatterParsingOptions({
    engines: { js: refuseCodeInFrontMatter, javascript: refuseCodeInFrontMatter, node: refuseCodeInFrontMatter },
  });
  eleventyConfig.setTemplateFormats(["njk"]);
  eleventyConfig.setIncludesDirectory("../layouts");

  // The content folder actually built (NEWSROOM_CONTENT_DIR may move it), so the dev server sees every edit.
  eleventyConfig.addWatchTarget(paths.contentDir);
  eleventyConfig.addWatchTarget(path.join(paths.assetsDir, "/"));
  // Eleventy waits until a changed file has been still for 150 ms before rebuilding; 30 ms still guards against a
  // half-written file and leaves the rest of the 200 ms edit-to-page budget to the rebuild.
  eleventyConfig.setChokidarConfig({ awaitWriteFinish: { stabilityThreshold: 30, pollInterval: 10 } });
  return environment;
}
