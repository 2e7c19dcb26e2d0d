// Structured data for search engines: a NewsArticle, serialised so that no value can close the <script> element.

import type { Site } from "../content/site-schema.ts";
import type { Article } from "../types.ts";
import { isoDateTime } from "./format-date.ts";

/** Escapes JSON for an HTML <script> element: `<`, `>` and `&` cannot start a tag, U+2028/2029 cannot break old parsers. */
export function serializeJsonLd(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** The NewsArticle object for one article (Google's article guidance: headline, image crops, dates, authors, publisher). */
export function newsArticleJsonLd(article: Article, site: Site): Record<string, unknown> {
  const absolute = (url: string) => new URL(url, `${site.url}/`).href;
  return {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: article.title,
    description: article.description,
    datePublished: isoDateTime(article.date),
    dateModified: isoDateTime(article.updated),
    // Authors in content/_data/authors.json get their page on this site and their profiles elsewhere.
    author: (article.links?.authors ?? article.authors.map((name) => ({ name }))).map((author) => ({
      "@type": "Person",
      name: author.name,
      ...("url" in author && author.url !== undefined ? { url: absolute(author.url) } : {}),
      ...("author" in author && author.author !== undefined && (author.author.url !== undefined || author.author.sameAs.length > 0)
        ? { sameAs: [...(author.author.url === undefined ? [] : [author.author.url]), ...author.author.sameAs] }
        : {}),
    })),
    publisher: {
      "@type": "Organization",
      name: site.name,
      url: `${site.url}/`,
      logo: { "@type": "ImageObject", url: absolute(site.logo) },
    },
    mainEntityOfPage: { "@type": "WebPage", "@id": absolute(article.url) },
    ...(article.section === undefined ? {} : { articleSection: article.section }),
    ...(article.tags.length === 0 ? {} : { keywords: article.tags }),
    ...(article.image === undefined ? {} : { image: article.image.crops.map((crop) => absolute(crop.url)) }),
    inLanguage: article.lang ?? site.language,
  };
}
