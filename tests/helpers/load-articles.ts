// Loads every article of a content folder the way a build does, without the data files: find, load, check together.
import { checkArticles } from "../../src/content/check-articles.ts";
import { findArticleFiles } from "../../src/content/find-articles.ts";
import { type LoadOptions, loadArticleFiles } from "../../src/content/load-articles.ts";
import type { Article } from "../../src/types.ts";

/** @throws ContentError listing every problem, as a build would. */
export async function loadArticles(options: LoadOptions & { readonly includeDrafts?: boolean }): Promise<{ articles: readonly Article[] }> {
  const loaded = await loadArticleFiles(await findArticleFiles(options.contentDir), options);
  return { articles: checkArticles(loaded, { includeDrafts: options.includeDrafts ?? false }) };
}
