// Gathers everything the templates need for one build: site data, articles, the donation block and the stylesheet.
import path from "node:path";
import { ContentError } from "./content-error.ts";
import { type DonationBlock, describeDonation } from "./donation-block.ts";
import { type Article, type LoadedArticles, type LoadOptions, loadArticles } from "./load-articles.ts";
import type { MinifyCache } from "./minify-cache.ts";
import type { ProjectPaths } from "./project-paths.ts";
import { loadSiteData } from "./site-data.ts";
import { listStaticPaths } from "./site-paths.ts";
import type { Donation, Site } from "./site-schema.ts";
import { loadStylesheet, type Stylesheet } from "./stylesheet.ts";

// Re-exported: the folders live in their own module so the build's entry points can know them without loading
// the content pipeline (see src/prefetch-build-data.ts).
export { type ProjectPaths, projectPaths } from "./project-paths.ts";

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
