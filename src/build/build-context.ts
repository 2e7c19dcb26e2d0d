// What one build (or one dev-server session and its rebuilds) works with, made once and handed down explicitly:
// the project's folders, whether drafts are shown and pages secured, and the caches it reads and fills.
import { ArticleTextCache } from "../cache/article-text-cache.ts";
import { MinifyCache } from "../cache/minify-cache.ts";
import { PageWeights } from "../cache/page-weights.ts";
import type { LoadedBefore } from "../content/load-articles.ts";
import { ENCODE_MEMORY_BUDGET } from "../images/image-cache.ts";
import type { WrittenBefore } from "../render/write-pages.ts";
import type { ProjectPaths } from "../types.ts";
import { projectPaths } from "./project-paths.ts";

/** "build": `npm run build` and the tests, secured, no drafts. "serve": `npm start`, drafts shown, live reload. */
export type BuildMode = "build" | "serve";

export interface BuildContext {
  readonly paths: ProjectPaths;
  readonly mode: BuildMode;
  /** Drafts are previewed by the dev server, never published. */
  readonly includeDrafts: boolean;
  /** Pages get their Content-Security-Policy; not in the dev server, whose live reload is a script. */
  readonly secure: boolean;
  /** Article text read and rendered before (src/cache/article-text-cache.ts), opened on first use. */
  readonly textCache: () => Promise<ArticleTextCache>;
  /** Minified templates and stylesheet (src/cache/minify-cache.ts), opened on first use. */
  readonly minifyCache: () => Promise<MinifyCache>;
  /** Pages' gzipped sizes by their hash (src/cache/page-weights.ts), opened on first use; NEWSROOM_PAGE_WEIGHTS=off turns it off. */
  readonly pageWeights: () => Promise<PageWeights>;
  /** Bytes one source's image encodes may hold at once (src/images/image-cache.ts); NEWSROOM_ENCODE_BUDGET=off lifts it. */
  readonly encodeMemoryBudget: number;
  /** The dev server's pages as its previous rebuild wrote them; undefined for a one-off build. */
  readonly writtenBefore?: WrittenBefore;
  /** The image files the dev server published in this session (src/images/publish-images.ts); undefined for a one-off build. */
  readonly publishedBefore?: Set<string>;
  /** The dev server's articles as its previous rebuild loaded them; undefined for a one-off build. */
  readonly loadedBefore?: LoadedBefore;
  /** Where progress lines go (image encoding). */
  readonly log: (line: string) => void;
  /** SOURCE_DATE_EPOCH as the environment gave it: the news sitemap's "now" (src/render/news-sitemap.ts). */
  readonly sourceDateEpoch?: string;
}

/**
 * A context for the project at `root`; NEWSROOM_CONTENT_DIR and NEWSROOM_CACHE_DIR move its content and cache,
 * SOURCE_DATE_EPOCH sets the news sitemap's "now", NEWSROOM_PAGE_WEIGHTS=off weighs every page afresh,
 * NEWSROOM_ENCODE_BUDGET=off lets a source's encodes run one per core whatever memory they take.
 */
export function createBuildContext(options: {
  readonly root: string;
  readonly mode: BuildMode;
  readonly log?: (line: string) => void;
}): BuildContext {
  const paths = projectPaths(options.root);
  const log = options.log ?? ((line: string) => console.log(line));
  let textCache: Promise<ArticleTextCache> | undefined;
  let minifyCache: Promise<MinifyCache> | undefined;
  let pageWeights: Promise<PageWeights> | undefined;
  const weightsOff = process.env["NEWSROOM_PAGE_WEIGHTS"] === "off";
  const openTextCache = () => (textCache ??= ArticleTextCache.open(paths.cacheDir, { warn: log }));
  return {
    paths,
    mode: options.mode,
    includeDrafts: options.mode === "serve",
    secure: options.mode === "build",
    textCache: openTextCache,
    minifyCache: () => (minifyCache ??= MinifyCache.open(paths.cacheDir, { warn: log })),
    encodeMemoryBudget: process.env["NEWSROOM_ENCODE_BUDGET"] === "off" ? Number.POSITIVE_INFINITY : ENCODE_MEMORY_BUDGET,
    pageWeights: () =>
      (pageWeights ??= weightsOff ? Promise.resolve(PageWeights.none()) : openTextCache().then((cache) => PageWeights.open(cache.store))),
    ...(options.mode === "serve" ? { writtenBefore: new Map(), loadedBefore: new Map(), publishedBefore: new Set<string>() } : {}),
    ...(process.env["SOURCE_DATE_EPOCH"] === undefined ? {} : { sourceDateEpoch: process.env["SOURCE_DATE_EPOCH"] }),
    log,
  };
}
