// The paths a build publishes besides articles: the fixed pages in src/render/pages/, the front page and the listing
// pages after it, and the files in assets/public/. Article bodies may link to them; the link check
// (src/content/check-links.ts) needs to know they exist.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { relativePath } from "../output/list-files.ts";

/** A page's fixed `permalink:` in its front matter; templated ones (articles) are not fixed paths. */
const PERMALINK = /^permalink:\s*["']?(\/[^"'{}\s]*)["']?\s*$/m;

/** Both ways a reader reaches a folder's page: "/feed/" and "/feed/index.html"; "/" for the home page. */
function withFolderForm(file: string): string[] {
  return file.endsWith("/index.html") ? [file, file.slice(0, -"index.html".length)] : [file];
}

async function listFiles(folder: string): Promise<string[]> {
  try {
    const entries = await readdir(folder, { recursive: true, withFileTypes: true });
    return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/** Articles to a front, section, tag or author page (src/render/listings.ts paginate; tests/e2e/front-page.test.ts checks the two agree). */
export const ARTICLES_PER_LISTING_PAGE = 50;

/**
 * The front page and the listing pages after it, for this many listed articles; there is always a front page.
 * @example listingPagePaths(60) // ["/index.html", "/", "/page/2/index.html", "/page/2/"]
 */
export function listingPagePaths(listedArticles: number): string[] {
  const pages = Math.max(1, Math.ceil(listedArticles / ARTICLES_PER_LISTING_PAGE));
  return Array.from({ length: pages }, (_, index) => (index === 0 ? "/index.html" : `/page/${index + 1}/index.html`)).flatMap(
    withFolderForm,
  );
}

/** Every fixed path of the site, e.g. {"/404.html", "/feed.xml", "/favicon.svg"}; listingPagePaths adds the rest. */
export async function listStaticPaths(pagesDir: string, publicDir: string): Promise<Set<string>> {
  const pages = await listFiles(pagesDir);
  const permalinks = await Promise.all(
    pages.filter((file) => file.endsWith(".njk")).map(async (file) => PERMALINK.exec(await readFile(file, "utf8"))?.[1]),
  );
  const assets = (await listFiles(publicDir)).map((file) => `/${relativePath(publicDir, file)}`);
  return new Set([...permalinks, ...assets].flatMap((file) => (file === undefined ? [] : withFolderForm(file))));
}
