// Addresses the site itself uses: an article given one of them as its slug (or file name) would overwrite or hide
// a page, the images (served for a year under /img/, so a page there would be cached as long), a feed, or an
// address a coming feature (sections, tags, authors) needs. The names in assets/public are reserved too, by the
// build, which lists them (src/content/site-paths.ts).

/** Slugs no article may have. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "img",
  "feed.xml",
  "feed.json",
  "sitemap.xml",
  "robots.txt",
  "404",
  "page",
  "section",
  "tag",
  "author",
]);

/**
 * The slugs no article may take on a site that publishes `staticPaths`: the reserved ones, and the first part of
 * every fixed path (a page, a file from assets/public) such as "favicon.svg" or "img".
 */
export function takenSlugs(staticPaths: ReadonlySet<string>): Set<string> {
  return new Set([...RESERVED_SLUGS, ...[...staticPaths].map((staticPath) => staticPath.split("/")[1] ?? "")]);
}

/**
 * Whether an article at /slug/ would collide with what the site publishes.
 * @example isReservedSlug("img", new Set()) // true
 */
export function isReservedSlug(slug: string, staticPaths: ReadonlySet<string>): boolean {
  return takenSlugs(staticPaths).has(slug);
}
