// Loads everything the templates need for one build: the data files, the stylesheet and every article, checked
// together. Every problem of every file comes back at once, in one ContentError.
import path from "node:path";
import type { MinifyCache } from "../cache/minify-cache.ts";
import { applyPermalink, DEFAULT_PERMALINK } from "../content/addresses.ts";
import { checkArticles } from "../content/check-articles.ts";
import { ContentError } from "../content/content-error.ts";
import { findArticleFiles } from "../content/find-articles.ts";
import { type LoadOptions, loadArticleFiles } from "../content/load-articles.ts";
import { loadSiteData } from "../content/site-data.ts";
import { listingPagePaths, listStaticPaths } from "../content/site-paths.ts";
import type { Article, BuildData, ProjectPaths } from "../types.ts";
import { describeDonation } from "./donation-block.ts";
import { FEED_PATHS } from "./feeds.ts";
import { groupListings, linkArticles, listingPages, listingPaths, makeSlugger, paginate } from "./listings.ts";
import { NEWS_SITEMAP_PATH } from "./news-sitemap.ts";
import { SITEMAP_PATH } from "./sitemap.ts";
import { loadStylesheet } from "./stylesheet.ts";

export interface BuildDataOptions
  extends Pick<LoadOptions, "encodeImages" | "encodeMemoryBudget" | "onImageEncode" | "textCache" | "loadedBefore"> {
  /** Drafts are shown by the dev server and `npm run check`, never published. */
  readonly includeDrafts: boolean;
  readonly minifyCache?: MinifyCache;
}

/**
 * Loads and validates all content for one build.
 * @throws ContentError with every problem in the data files and the articles together.
 */
export async function loadBuildData(paths: ProjectPaths, options: BuildDataOptions): Promise<BuildData> {
  const files = await findArticleFiles(paths.contentDir);
  const [siteData, stylesheet, loadedFiles] = await Promise.all([
    loadSiteData(paths.contentDir, paths.root),
    loadStylesheet(path.join(paths.assetsDir, "site.css"), options.minifyCache),
    // Drafts are loaded and checked always: a draft is checked now so that it is ready to publish later.
    loadArticleFiles(files, { ...paths, ...options }),
  ]);
  // Each article at the address site.json's permalink pattern gives it.
  const addressed = applyPermalink(loadedFiles.articles, siteData.ok ? siteData.data.site.permalink : DEFAULT_PERMALINK);
  const loaded = { ...loadedFiles, articles: addressed.articles, problems: [...loadedFiles.problems, ...addressed.problems] };
  const listed = loaded.articles.filter((article) => options.includeDrafts || !article.draft);
  const authors = siteData.ok ? siteData.data.authors : [];
  const slugify = makeSlugger();
  const staticPaths = new Set([
    ...(await listStaticPaths(paths.pagesDir, path.join(paths.assetsDir, "public"))),
    // The feeds and sitemaps src/render/write-pages.ts writes.
    FEED_PATHS.atom,
    FEED_PATHS.json,
    SITEMAP_PATH,
    NEWS_SITEMAP_PATH,
    ...listingPagePaths(listed.length),
    // Section, tag and author pages: articles may link to them.
    ...listingPaths(groupListings(listed, authors, slugify)),
  ]);
  let articles: readonly Article[] = [];
  let articleError: ContentError | undefined;
  try {
    const siteUrl = siteData.ok ? { siteUrl: siteData.data.site.url } : {};
    articles = checkArticles(loaded, { includeDrafts: options.includeDrafts, linkTargets: { ...siteUrl, staticPaths } });
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    articleError = error;
  }
  const problems = [...(siteData.ok ? [] : siteData.problems), ...(articleError?.problems ?? [])];
  if (problems.length > 0 || !siteData.ok) throw new ContentError(problems);
  const { site, donation } = siteData.data;
  // Grouped once per build: the listing pages, the masthead, and each article's links and related stories.
  const listings = groupListings(articles, authors, slugify);
  const links = linkArticles(articles, listings, slugify);
  const linked = articles.map((article) => ({ ...article, links: links.get(article) }));
  const relisted = groupListings(linked, authors, slugify);
  return {
    site,
    donation,
    donationBlock: describeDonation(donation),
    articles: linked,
    sections: relisted.sections.map(({ name, url }) => ({ name, url })),
    listings: relisted,
    frontPages: paginate("/", linked),
    listingPages: listingPages(relisted),
    stylesheet,
    images: loaded.images,
  };
}
