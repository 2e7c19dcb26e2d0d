// Older addresses of articles (`aliases:`), kept working: `_redirects` for hosts that read one (Netlify, Cloudflare
// Pages) answers 301, and a small page at each old address (meta refresh, canonical link and a plain link) does
// the same on hosts that do not (GitHub Pages). The build gives these pages their CSP like any other.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { addressFile } from "../content/addresses.ts";
import type { Article, Site } from "../types.ts";

/** Escapes text for HTML content and double-quoted attributes. */
const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The page left at an old address: it sends readers and crawlers on at once, and names the new address. */
export function redirectPage(article: Pick<Article, "url" | "title">, site: Pick<Site, "url" | "language">): string {
  const target = escapeHtml(new URL(article.url, `${site.url}/`).href);
  return [
    "<!doctype html>",
    `<html lang="${escapeHtml(site.language)}">`,
    '<head><meta charset="utf-8">',
    `<title>Moved: ${escapeHtml(article.title)}</title>`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<link rel="canonical" href="${target}">`,
    `<meta http-equiv="refresh" content="0; url=${target}">`,
    "</head>",
    `<body><p>This article has moved to <a href="${target}">${escapeHtml(article.title)}</a>.</p></body>`,
    "</html>",
    "",
  ].join("\n");
}

/**
 * `_redirects` (Netlify and Cloudflare Pages): one permanent redirect a line. `301!` forces it on Netlify, which
 * otherwise serves the redirect page that exists at the old address; Cloudflare Pages always follows a redirect.
 */
export function redirectsFile(articles: readonly Pick<Article, "url" | "aliases">[]): string {
  const lines = articles.flatMap((article) => article.aliases.map((alias) => `${alias} ${article.url} 301!`)).sort();
  return `# Written by the build (src/output/redirects.ts) from the articles' aliases: do not edit.\n${lines.map((line) => `${line}\n`).join("")}`;
}

/** Writes each alias's redirect page and `_redirects`. @returns the number of redirects. */
export async function writeRedirects(articles: readonly Article[], site: Site, outputDir: string): Promise<number> {
  let count = 0;
  for (const article of articles) {
    for (const alias of article.aliases) {
      const file = path.join(outputDir, addressFile(alias));
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, redirectPage(article, site));
      count++;
    }
  }
  await writeFile(path.join(outputDir, "_redirects"), redirectsFile(articles));
  return count;
}
