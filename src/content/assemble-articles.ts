// The checks that need every article at once, after each article has loaded on its own (perhaps in several
// workers: src/prefetch-build-data.ts): addresses usable and unique, no placeholder left from `npm run new`,
// body links that resolve. Then drafts are left out unless wanted, and the rest sorted newest first. Light on
// purpose: the build's main thread runs this without loading the content pipeline.

import type { CacheReport } from "../images/image-cache.ts";
import { checkLinks, type SiteLinkTargets } from "./check-links.ts";
import { ContentError, type ContentProblem } from "./content-error.ts";
import type { Article } from "./load-articles.ts";
import { isReservedSlug } from "./reserved-slugs.ts";
import { findPlaceholders } from "./scaffold-article.ts";

/** What loading some of the article files gave: the articles that loaded and the problems of those that did not. */
export interface ArticleShard {
  readonly articles: readonly Article[];
  readonly problems: readonly ContentProblem[];
  readonly images: CacheReport;
}

export interface LoadedArticles {
  readonly articles: readonly Article[];
  readonly images: CacheReport;
}

/** A file name that cannot be a URL segment is reported instead of published under a mangled address. */
function checkSlugs(articles: readonly Article[], staticPaths: ReadonlySet<string>): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const seen = new Map<string, string>();
  for (const article of articles) {
    if (isReservedSlug(article.slug, staticPaths)) {
      problems.push({
        file: article.sourceFile,
        field: "slug",
        message: `the address /${article.slug}/ is one the site itself uses (images, feeds, listing pages or a file in assets/public)`,
        hint: "rename the file, or set slug: to another address",
      });
    }
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(article.slug)) {
      problems.push({
        file: article.sourceFile,
        field: "slug",
        message: `the file name "${article.slug}" cannot be used as a web address`,
        hint: "rename the file to lowercase words joined by hyphens, or set slug: in the front matter",
      });
    }
    const other = seen.get(article.slug);
    if (other !== undefined) {
      problems.push({
        file: article.sourceFile,
        field: "slug",
        message: `the address /${article.slug}/ is already used by ${other}`,
        hint: "give one of the two articles a different slug",
      });
    }
    seen.set(article.slug, article.sourceFile);
  }
  return problems;
}

/**
 * The articles of all shards (given in file order), checked together, newest first.
 * @throws ContentError listing every problem of every shard and of the articles together.
 */
export function assembleArticles(
  shards: readonly ArticleShard[],
  options: { readonly includeDrafts: boolean; readonly linkTargets?: SiteLinkTargets },
): LoadedArticles {
  const loaded = shards.flatMap((shard) => shard.articles);
  const problems = shards.flatMap((shard) => shard.problems);
  // Links are checked across drafts and published articles alike, before drafts are filtered out, and only once
  // every article loads: a link to an article that was refused would otherwise be reported as broken too.
  const everyArticleLoaded = problems.length === 0;
  problems.push(...checkSlugs(loaded, options.linkTargets?.staticPaths ?? new Set()), ...findPlaceholders(loaded));
  if (everyArticleLoaded && options.linkTargets !== undefined) problems.push(...checkLinks(loaded, options.linkTargets));
  if (problems.length > 0) throw new ContentError(problems);
  const articles = loaded
    .filter((article) => options.includeDrafts || !article.draft)
    .sort((a, b) => Date.parse(b.date) - Date.parse(a.date) || a.slug.localeCompare(b.slug));
  const images = shards.reduce(
    (total, shard) => ({ encoded: total.encoded + shard.images.encoded, cached: total.cached + shard.images.cached }),
    { encoded: 0, cached: 0 },
  );
  return { articles, images };
}
