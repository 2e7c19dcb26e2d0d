// Gathers everything the templates need for one build: site data, articles, the donation block and the stylesheet.
import path from "node:path";
import { ContentError } from "./content-error.ts";
import { type DonationBlock, describeDonation } from "./donation-block.ts";
import { type Article, type LoadedArticles, type LoadOptions, loadArticles } from "./load-articles.ts";
import type { MinifyCache } from "./minify-cache.ts";
import { loadSiteData } from "./site-data.ts";
import { listStaticPaths } from "./site-paths.ts";
import type { Donation, Site } from "./site-schema.ts";
import { loadStylesheet, type Stylesheet } from "./stylesheet.ts";

export interface ProjectPaths {
  readonly root: string;
  readonly contentDir: string;
  readonly assetsDir: string;
  readonly cacheDir: string;
}

/**
 * The project's folders, from its root. NEWSROOM_CONTENT_DIR and NEWSROOM_CACHE_DIR point a build at other
 * content or another image cache (the end-to-end tests build fixture sites this way).
 */
export function projectPaths(root: string, env: NodeJS.ProcessEnv = process.env): ProjectPaths {
  return {
    root,
    contentDir: path.resolve(root, env["NEWSROOM_CONTENT_DIR"] ?? "content"),
    assetsDir: path.join(root, "assets"),
    cacheDir: path.resolve(root, env["NEWSROOM_CACHE_DIR"] ?? path.join(".cache", "images")),
  };
}

export interface BuildData {
  readonly site: Site;
  readonly donation: Donation;
  readonly donationBlock: DonationBlock;
  readonly articles: readonly Article[];
  readonly stylesheet: Stylesheet;
  readonly images: LoadedArticles["images"];
}

/**
 * Loads and validates all content for one build.
 * @throws ContentError with every problem in the data files and the articles together.
 */
export async function loadBuildData(
  paths: ProjectPaths,
  includeDrafts: boolean,
  options: Pick<LoadOptions, "encodeImages" | "onImageEncode"> & { readonly minifyCache?: MinifyCache } = {},
): Promise<BuildData> {
  const [siteData, stylesheet, staticPaths] = await Promise.all([
    loadSiteData(paths.contentDir, paths.root),
    loadStylesheet(path.join(paths.assetsDir, "site.css"), options.minifyCache),
    listStaticPaths(path.join(paths.root, "src", "pages"), path.join(paths.assetsDir, "public")),
  ]);
  const siteUrl = siteData.ok ? { siteUrl: siteData.data.site.url } : {};
  let loaded: LoadedArticles | undefined;
  let articleError: ContentError | undefined;
  try {
    loaded = await loadArticles({ ...paths, ...options, includeDrafts, linkTargets: { ...siteUrl, staticPaths } });
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    articleError = error;
  }
  const problems = [...(siteData.ok ? [] : siteData.problems), ...(articleError?.problems ?? [])];
  if (problems.length > 0 || !siteData.ok || loaded === undefined) throw new ContentError(problems);
  return {
    ...siteData.data,
    donationBlock: describeDonation(siteData.data.donation),
    articles: loaded.articles,
    stylesheet,
    images: loaded.images,
  };
}
