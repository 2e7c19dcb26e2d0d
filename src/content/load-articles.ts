// The content pipeline, in order: read → validate → render Markdown → image derivatives.
// Every article is checked before anything is refused, so one build reports every problem at once.
export type { ArticleShard, LoadedArticles } from "./assemble-articles.ts";

import path from "node:path";
import type { ArticleTextCache } from "../cache/article-text-cache.ts";
import { CacheStore } from "../cache/store.ts";
import { describeHeadlineImage, type HeadlineImage } from "../images/headline-image.ts";
import { type CacheReport, ensureDerivatives, type ImageCache, openImageCache } from "../images/image-cache.ts";
import { encoderVersion } from "../images/image-encode.ts";
import { createImageOptions, minimumSourceSize, planDerivatives } from "../images/image-plan.ts";
import { type ImageLimits, loadImageSource } from "../images/image-source.ts";
import { readArticleText } from "./article-file.ts";
import { type ArticleShard, assembleArticles, type LoadedArticles } from "./assemble-articles.ts";
import type { SiteLinkTargets } from "./check-links.ts";
import type { ContentProblem } from "./content-error.ts";
import { findArticleFiles } from "./find-articles.ts";

/** An article ready for the layout. */
export interface Article {
  readonly sourceFile: string;
  readonly slug: string;
  /** Site-relative URL, e.g. "/my-article/". */
  readonly url: string;
  readonly title: string;
  readonly description: string;
  readonly date: string;
  readonly updated: string;
  readonly authors: readonly string[];
  readonly section?: string;
  readonly tags: readonly string[];
  readonly draft: boolean;
  readonly showDonation: boolean;
  readonly html: string;
  readonly readingMinutes: number;
  readonly image?: HeadlineImage;
}

export interface LoadOptions {
  /** Project root: messages show paths relative to it. */
  readonly root: string;
  readonly contentDir: string;
  readonly cacheDir: string;
  /** Drafts are shown by the dev server and never published. */
  readonly includeDrafts: boolean;
  readonly imageLimits?: Partial<ImageLimits>;
  /** Told, before an image's derivatives are encoded, how many will be encoded and how many came from the cache. */
  readonly onImageEncode?: (file: string, report: CacheReport) => void;
  /** False checks each image (path, format, size) without encoding it, and leaves `image` unset: `npm run check`. @default true */
  readonly encodeImages?: boolean;
  /** Remembers what unchanged article text gave in earlier builds (src/article-text-cache.ts). */
  readonly textCache?: ArticleTextCache;
  /** Where body links may point besides articles; links are checked only when this is given. */
  readonly linkTargets?: SiteLinkTargets;
}

const DEFAULT_LIMITS: Omit<ImageLimits, "minWidth" | "minHeight"> = { maxPixels: 50_000_000, maxBytes: 40_000_000 };

type Step = { ok: true; article: Article; report: CacheReport } | { ok: false; problems: ContentProblem[] };

// The parser (YAML, the zod schema, markdown-it) loads on the first article that is not in the text cache, so a
// warm build never loads it; once loaded it is used synchronously, so a text cache lookup and the entry made for
// it stay back to back.
let parser: typeof import("./parse-article-text.ts") | undefined;
async function loadParser(): Promise<typeof import("./parse-article-text.ts")> {
  parser ??= await import("./parse-article-text.ts");
  return parser;
}

/** Whether this process has loaded the article parser (tests/warm-articles.test.ts: a warm build never does). */
export const isParserLoaded = () => parser !== undefined;

/**
 * Loads the parser ahead of need: the dev server does once its first build is done, so that the first edit's
 * rebuild (an article no longer in the cache) does not wait for it.
 */
export async function preloadArticleParser(): Promise<void> {
  await loadParser();
}

async function loadOne(
  file: string,
  options: LoadOptions,
  limits: ImageLimits,
  version: () => Promise<string>,
  images: ImageCache,
): Promise<Step> {
  const displayFile = path.relative(options.root, file);
  const read = readArticleText(file, displayFile);
  if (!read.ok) return { ok: false, problems: read.problems };
  let parsed = options.textCache?.get(read.text);
  const problems: ContentProblem[] = [];
  if (parsed === undefined) {
    const { parseText } = parser ?? (await loadParser());
    const step = parseText(displayFile, read.text);
    if (!step.ok) return { ok: false, problems: step.problems };
    parsed = step.parsed;
    problems.push(...step.problems);
    if (step.problems.length === 0) options.textCache?.set(read.text, parsed);
  }
  const { frontMatter, html } = parsed;
  let image: HeadlineImage | undefined;
  let report: CacheReport = { encoded: 0, cached: 0 };
  if (frontMatter.image) {
    const loaded = await loadImageSource(file, displayFile, frontMatter.image.src, options.contentDir, limits, parsed.imageLine, images);
    if (!loaded.ok) {
      problems.push(loaded.problem);
    } else if (options.encodeImages !== false) {
      const derivatives = planDerivatives(loaded.image, createImageOptions(await version()));
      const onEncodeStart = (started: CacheReport) =>
        options.onImageEncode?.(path.relative(options.root, loaded.image.absolutePath), started);
      report = await ensureDerivatives(loaded.image.bytes, derivatives, images, limits.maxPixels, { onEncodeStart });
      const source = { bytes: loaded.image.bytes, file: loaded.image.absolutePath, hash: loaded.image.hash, maxPixels: limits.maxPixels };
      image = await describeHeadlineImage(derivatives, frontMatter.image, images, source);
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const slug = frontMatter.slug ?? path.basename(file, ".md");
  const authors = typeof frontMatter.author === "string" ? [frontMatter.author] : frontMatter.author;
  return {
    ok: true,
    report,
    article: {
      sourceFile: displayFile,
      slug,
      url: `/${slug}/`,
      title: frontMatter.title,
      description: frontMatter.description,
      date: frontMatter.date,
      updated: frontMatter.updated ?? frontMatter.date,
      authors,
      ...(frontMatter.section === undefined ? {} : { section: frontMatter.section }),
      tags: frontMatter.tags ?? [],
      draft: frontMatter.draft ?? false,
      showDonation: frontMatter.donation !== false,
      html,
      readingMinutes: parsed.readingMinutes,
      ...(image === undefined ? {} : { image }),
    },
  };
}

/** Articles in flight at once: enough to overlap file reads, few enough to keep memory flat. */
const ARTICLE_CONCURRENCY = 16;

/** `map` with at most `limit` calls in flight, results in input order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await map(items[index] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Loads the given article files, each on its own: read, validate, render, image derivatives. Problems are
 * collected, not thrown; assembleArticles (src/assemble-articles.ts) runs the checks that need every article.
 */
export async function loadArticleShard(files: readonly string[], options: LoadOptions): Promise<ArticleShard> {
  const limits: ImageLimits = { ...DEFAULT_LIMITS, ...minimumSourceSize(createImageOptions("")), ...options.imageLimits };
  let versionPromise: Promise<string> | undefined;
  const version = () => (versionPromise ??= encoderVersion());
  // Articles load concurrently, so reading 1000 files overlaps; image encodes still take turns (src/image-cache.ts).
  const imageCache = openImageCache(new CacheStore(options.cacheDir));
  const steps = await mapConcurrently(files, ARTICLE_CONCURRENCY, (file) => loadOne(file, options, limits, version, imageCache));
  const images = steps.reduce(
    (total, step) => (step.ok ? { encoded: total.encoded + step.report.encoded, cached: total.cached + step.report.cached } : total),
    { encoded: 0, cached: 0 },
  );
  return {
    articles: steps.flatMap((step) => (step.ok ? [step.article] : [])),
    problems: steps.flatMap((step) => (step.ok ? [] : step.problems)),
    images,
  };
}

/**
 * Loads every article under `contentDir`, newest first.
 * @throws ContentError listing every problem in every article.
 */
export async function loadArticles(options: LoadOptions): Promise<LoadedArticles> {
  const shard = await loadArticleShard(await findArticleFiles(options.contentDir), options);
  return assembleArticles([shard], options);
}
