// Loads everything the templates need for one build: site data, articles, the donation block and the stylesheet.
import path from "node:path";
import type { ProjectPaths } from "../build/project-paths.ts";
import type { MinifyCache } from "../cache/minify-cache.ts";
import { findArticleFiles } from "../content/find-articles.ts";
import { type LoadOptions, loadArticleShard } from "../content/load-articles.ts";
import { loadSiteData } from "../content/site-data.ts";
import { assembleBuildData, type BuildData, type BuildDataShard } from "./assemble-build-data.ts";
import { loadStylesheet } from "./stylesheet.ts";

// Re-exported: the folders live in their own module so the build's entry points can know them without loading
// the content pipeline (see src/prefetch-build-data.ts).
export { type ProjectPaths, projectPaths } from "../build/project-paths.ts";
export type { BuildData, BuildDataShard } from "./assemble-build-data.ts";

export type ShardOptions = Pick<LoadOptions, "encodeImages" | "onImageEncode" | "textCache"> & { readonly minifyCache?: MinifyCache };

/** Loads the data files, the stylesheet and the given article files; problems are collected, not thrown. */
export async function loadBuildDataShard(
  paths: ProjectPaths,
  files: readonly string[],
  options: ShardOptions = {},
): Promise<BuildDataShard> {
  const [siteData, stylesheet, articles] = await Promise.all([
    loadSiteData(paths.contentDir, paths.root),
    loadStylesheet(path.join(paths.assetsDir, "site.css"), options.minifyCache),
    // Drafts are loaded and checked always; assembleBuildData leaves them out of a build that does not want them.
    loadArticleShard(files, { ...paths, ...options, includeDrafts: true }),
  ]);
  return { siteData, stylesheet, articles };
}

/**
 * Loads and validates all content for one build.
 * @throws ContentError with every problem in the data files and the articles together.
 */
export async function loadBuildData(paths: ProjectPaths, includeDrafts: boolean, options: ShardOptions = {}): Promise<BuildData> {
  const shard = await loadBuildDataShard(paths, await findArticleFiles(paths.contentDir), options);
  return assembleBuildData(paths, [shard], includeDrafts);
}
