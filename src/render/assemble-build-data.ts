// Puts one build's data together from what was loaded, in one piece or in shards by several workers
// (src/prefetch-build-data.ts): site data, stylesheet, the articles checked together, and the donation block.
// Light on purpose, like src/assemble-articles.ts: the build's main thread runs it.
import path from "node:path";
import type { ProjectPaths } from "../build/project-paths.ts";
import { type ArticleShard, assembleArticles, type LoadedArticles } from "../content/assemble-articles.ts";
import { ContentError } from "../content/content-error.ts";
import type { Article } from "../content/load-articles.ts";
import type { SiteDataResult } from "../content/site-data.ts";
import { listingPagePaths, listStaticPaths } from "../content/site-paths.ts";
import type { Donation, Site } from "../content/site-schema.ts";
import { type DonationBlock, describeDonation } from "./donation-block.ts";
import type { Stylesheet } from "./stylesheet.ts";

export interface BuildData {
  readonly site: Site;
  readonly donation: Donation;
  readonly donationBlock: DonationBlock;
  readonly articles: readonly Article[];
  readonly stylesheet: Stylesheet;
  readonly images: LoadedArticles["images"];
}

/** What loading the data files, the stylesheet and some of the articles gave, problems included. */
export interface BuildDataShard {
  readonly siteData: SiteDataResult;
  readonly stylesheet: Stylesheet;
  readonly articles: ArticleShard;
}

/**
 * The build's data from its shards, given in article file order; each shard carries the same site data and
 * stylesheet, the first one's are used.
 * @throws ContentError with every problem in the data files and the articles together.
 */
export async function assembleBuildData(
  paths: ProjectPaths,
  shards: readonly BuildDataShard[],
  includeDrafts: boolean,
): Promise<BuildData> {
  const [first] = shards;
  if (first === undefined) throw new Error("assembleBuildData needs at least one shard");
  const { siteData, stylesheet } = first;
  const listed = shards.flatMap((shard) => shard.articles.articles).filter((article) => includeDrafts || !article.draft).length;
  const staticPaths = new Set([
    ...(await listStaticPaths(paths.pagesDir, path.join(paths.assetsDir, "public"))),
    ...listingPagePaths(listed),
  ]);
  const siteUrl = siteData.ok ? { siteUrl: siteData.data.site.url } : {};
  let loaded: LoadedArticles | undefined;
  let articleError: ContentError | undefined;
  try {
    loaded = assembleArticles(
      shards.map((shard) => shard.articles),
      { includeDrafts, linkTargets: { ...siteUrl, staticPaths } },
    );
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
