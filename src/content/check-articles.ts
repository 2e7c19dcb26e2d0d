// The checks that need every article at once, after each has loaded on its own (src/content/load-articles.ts):
// addresses usable and unique, no placeholder left from `npm run new`, body links that resolve. Then drafts are
// left out unless wanted, and the rest sorted newest first.
import { IMAGE_URL_PREFIX } from "../images/headline-image.ts";
import type { Article } from "../types.ts";
import { checkAddresses } from "./addresses.ts";
import { checkLinks, type SiteLinkTargets } from "./check-links.ts";
import { ContentError, type ContentProblem } from "./content-error.ts";
import type { LoadedFiles } from "./load-articles.ts";
import { takenSlugs } from "./reserved-slugs.ts";
import { findPlaceholders } from "./scaffold-article.ts";

/** A file name that cannot be a URL segment is reported instead of published under a mangled address. */
function checkSlugs(articles: readonly Article[], staticPaths: ReadonlySet<string>): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const seen = new Map<string, string>();
  const taken = takenSlugs(staticPaths);
  for (const article of articles) {
    if (taken.has(article.slug)) {
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
 * The loaded articles checked together; drafts left out unless `includeDrafts`; newest first.
 * @throws ContentError listing every problem of every article and of the articles together.
 */
export function checkArticles(
  loaded: LoadedFiles,
  options: { readonly includeDrafts: boolean; readonly linkTargets?: SiteLinkTargets },
): readonly Article[] {
  const problems = [...loaded.problems];
  // Links are checked across drafts and published articles alike, before drafts are filtered out, and only once
  // every article loads: a link to an article that was refused would otherwise be reported as broken too.
  const everyArticleLoaded = problems.length === 0;
  problems.push(...checkSlugs(loaded.articles, options.linkTargets?.staticPaths ?? new Set()), ...findPlaceholders(loaded.articles));
  problems.push(...checkAddresses(loaded.articles, options.linkTargets?.staticPaths ?? new Set()));
  if (everyArticleLoaded && options.linkTargets !== undefined) {
    // The pictures' files, which the figures in the text link to, are the site's too.
    const pictureFiles = loaded.articles.flatMap((article) =>
      (article.pictures ?? []).flatMap((picture) => picture.derivatives.map((derivative) => `${IMAGE_URL_PREFIX}${derivative.fileName}`)),
    );
    const staticPaths = new Set([...options.linkTargets.staticPaths, ...pictureFiles]);
    problems.push(...checkLinks(loaded.articles, { ...options.linkTargets, staticPaths }));
  }
  if (problems.length > 0) throw new ContentError(problems);
  return loaded.articles
    .filter((article) => options.includeDrafts || !article.draft)
    .sort((a, b) => Date.parse(b.date) - Date.parse(a.date) || a.slug.localeCompare(b.slug));
}
