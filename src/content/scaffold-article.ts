// The text of a new article: every front matter field present, each with a comment saying what it is for.
// Required fields are filled so the scaffold passes `npm run check`; optional ones are commented out for the editor.
// Its placeholder sentences may stay in a draft, never in a published article (`findPlaceholders`).
import type { ContentProblem } from "./content-error.ts";

/** The standfirst a new article starts with. */
export const PLACEHOLDER_DESCRIPTION = "Replace this with one or two sentences that sum up the article.";
/** The body a new article starts with. */
export const PLACEHOLDER_BODY = "Write the article here in Markdown. A blank line starts a new paragraph.";

export interface ScaffoldOptions {
  readonly headline: string;
  /** The day the article is started; it becomes `date:` (local calendar day, as the editor sees it). */
  readonly now: Date;
  /** The byline; the command line passes `git config user.name` when there is one. */
  readonly author?: string;
}

/** A YAML double-quoted scalar: JSON strings are valid YAML, so quotes, colons and `#` stay text. */
const quote = (value: string) => JSON.stringify(value);

/** `YYYY-MM-DD` for the local calendar day of `date`. */
export function localDay(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The Markdown file for a new draft article.
 * @example scaffoldArticle({ headline: "Minsk turns west", now: new Date() }).startsWith("---\n") // true
 */
export function scaffoldArticle(options: ScaffoldOptions): string {
  const day = localDay(options.now);
  return `---
# Front matter: every field is explained in docs/editing.md. Run \`npm run check\` after each change.
# The headline, shown as the page title and in search results (at most 200 characters).
title: ${quote(options.headline.trim())}
# The standfirst: one or two sentences under the headline, reused for search and social cards.
description: ${quote(PLACEHOLDER_DESCRIPTION)}
# Publication date in quotes: "${day}", or with a time and zone: "${day}T09:30:00Z".
date: "${day}"
# Last real change, never earlier than date; remove the # to use it.
# updated: "${day}"
# The byline: one name, or a list such as [Jane Doe, John Roe].
author: ${quote(options.author?.trim() || "Newsroom Staff")}
# The web address is /<file name>/; set slug only to choose another (lowercase words joined by hyphens).
# slug: another-address
# The section shown with the article, such as Analysis or News.
# section: Analysis
# Up to 20 tags.
# tags: [Belarus, Russia]
# The headline image: at least 1200×1200 px, JPEG, PNG, WebP, AVIF or HEIF; put the file in content/articles/images/.
# image:
#   src: images/my-photo.jpg
#   alt: "What the picture shows, for readers who cannot see it."
#   caption: "A sentence shown under the picture."
#   credit: "Photo: Agency / Photographer"
# Write donation: false to hide the donation block on this article.
# donation: false
# Older addresses of this article, each redirected here, from / to a final / or .html.
# aliases: ["/2024/05/01/old-address/"]
# The article's language when it is not the site's, such as fr or ar (Arabic is shown right to left).
# lang: fr
# A correction, shown under a Correction label; its date counts as an update.
# corrections:
#   - date: "${day}"
#     text: "An earlier version of this article said … It is …"
# Drafts are shown by \`npm start\` and never published: change to false (or remove the line) to publish.
draft: true
---

${PLACEHOLDER_BODY}
`;
}

/** What the placeholder check needs to know about an article. */
export interface PublishableText {
  readonly sourceFile: string;
  readonly description: string;
  readonly html: string;
  readonly draft: boolean;
}

/** Problems for published articles that still hold a sentence `npm run new` wrote for the editor to replace. */
export function findPlaceholders(articles: readonly PublishableText[]): ContentProblem[] {
  const hint = "replace it with your own text, or keep draft: true until the article is finished";
  return articles
    .filter((article) => !article.draft)
    .flatMap((article) => [
      ...(article.description === PLACEHOLDER_DESCRIPTION
        ? [{ file: article.sourceFile, field: "description", message: "still holds the placeholder from npm run new", hint }]
        : []),
      ...(article.html.includes(PLACEHOLDER_BODY)
        ? [{ file: article.sourceFile, field: "(body)", message: "still holds the placeholder text from npm run new", hint }]
        : []),
    ]);
}
