// The project's folders. Kept apart from build-data.ts so that knowing them loads nothing else.
import path from "node:path";

export interface ProjectPaths {
  readonly root: string;
  readonly contentDir: string;
  readonly assetsDir: string;
  /** The layouts: base.njk and article.njk (rendered by src/article-pages.ts), Eleventy's includes too. */
  readonly layoutsDir: string;
  /** The site's other pages, rendered by Eleventy: home page, 404, feeds, sitemap, robots.txt. */
  readonly pagesDir: string;
  readonly cacheDir: string;
}

/**
 * The project's folders, from its root. NEWSROOM_CONTENT_DIR and NEWSROOM_CACHE_DIR point a build at other
 * content or another image cache (the end-to-end tests build fixture sites this way).
 */
export function projectPaths(root: string, env: NodeJS.ProcessEnv = process.env): ProjectPaths {
  return {
    root,
    contentDir: path.resolve(root, env["NEWSROOM_CONTENT_DIR"] ?? "content"),
    assetsDir: path.join(root, "assets"),
    layoutsDir: path.join(root, "src", "render", "layouts"),
    pagesDir: path.join(root, "src", "render", "pages"),
    cacheDir: path.resolve(root, env["NEWSROOM_CACHE_DIR"] ?? path.join(".cache", "images")),
  };
}
