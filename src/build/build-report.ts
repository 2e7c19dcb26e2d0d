// What the last build's Eleventy config learned about the article pages it wrote, for the summary line of
// `npm run build` (src/cli/build.ts): the config runs inside Eleventy, whose write() returns nothing of ours.
import type { WrittenPage } from "../render/article-pages.ts";

let lastArticlePages: readonly WrittenPage[] = [];

/** Called by the config once a build has written its article pages. */
export function recordArticlePages(pages: readonly WrittenPage[]): void {
  lastArticlePages = pages;
}

/** The article pages of the last build, weighed as they were written. */
export function lastBuildArticlePages(): readonly WrittenPage[] {
  return lastArticlePages;
}
