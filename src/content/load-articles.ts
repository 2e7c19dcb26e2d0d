// Loads each article file on its own, in order: read the text → (text cache, or parse: front matter, schema,
// Markdown) → check the headline image and make its derivatives. Problems are collected, not thrown, so one build
// reports every problem of every article at once; src/content/check-articles.ts then runs the checks that need
// every article together.
import { lstatSync } from "node:fs";
import path from "node:path";
import type { ArticleTextCache } from "../cache/article-text-cache.ts";
import { CacheStore } from "../cache/store.ts";
import { describeHeadlineImage, type HeadlineImage } from "../images/headline-image.ts";
import { type CacheReport, ensureDerivatives, type ImageCache, openImageCache } from "../images/image-cache.ts";
import { encoderVersion } from "../images/image-encode.ts";
import { createImageOptions, minimumSourceSize, planDerivatives, planTextPicture, TEXT_PICTURE_MIN_WIDTH } from "../images/image-plan.ts";
import { type ImageLimits, loadImageSource } from "../images/image-source.ts";
import { describeTextPicture, type PublishedPicture, pictureFamily } from "../images/text-picture.ts";
import type { Article, ContentProblem, ImageWork } from "../types.ts";
import { textDirection } from "./addresses.ts";
import { readArticleText } from "./article-file.ts";
import { extractLinks } from "./check-links.ts";

export interface LoadOptions {
  /** Project root: messages show paths relative to it. */
  readonly root: string;
  readonly contentDir: string;
  readonly cacheDir: string;
  readonly imageLimits?: Partial<ImageLimits>;
  /** Told, before an image's derivatives are encoded, how many will be encoded and how many came from the cache. */
  readonly onImageEncode?: (file: string, report: CacheReport) => void;
  /** False checks each image (path, format, size) without encoding it, and leaves `image` unset: `npm run check`. @default true */
  readonly encodeImages?: boolean;
  /** Bytes one source's encodes may hold at once (src/images/image-cache.ts). @default ENCODE_MEMORY_BUDGET */
  readonly encodeMemoryBudget?: number;
  /** Remembers what unchanged article text gave in earlier builds (src/cache/article-text-cache.ts). */
  readonly textCache?: ArticleTextCache;
  /**
   * The dev server's articles as its previous rebuild loaded them: an article whose file and pictures are unchanged
   * on disk (same size, modification time and inode) is taken as it was, unread; one whose text alone changed keeps
   * its headline image. Filled in as articles load.
   */
  readonly loadedBefore?: LoadedBefore;
}

/**
 * Article file → what it loaded to, the files (the article, its pictures) that loading read with their
 * signatures, and its headline image with what that was made from.
 */
export type LoadedBefore = Map<
  string,
  {
    readonly article: Article;
    readonly report: CacheReport;
    readonly read: ReadonlyMap<string, string>;
    readonly headline?: { readonly input: string; readonly file: string; readonly derivatives: number };
  }
>;

/** Size, modification time and inode of a file: a file saved again differs in at least one. */
function fileSignature(file: string): string {
  const stats = lstatSync(file, { throwIfNoEntry: false });
  return stats === undefined ? "missing" : `${stats.size}:${stats.mtimeMs}:${stats.ino}`;
}

/** What loading the article files gave: the articles that loaded and the problems of those that did not. */
export interface LoadedFiles {
  readonly articles: readonly Article[];
  readonly problems: readonly ContentProblem[];
  readonly images: ImageWork;
}

/** Pictures in the text that get a blurred placeholder; later ones show the page's background until they load. */
export const MAX_PLACEHOLDERS = 4;

const DEFAULT_LIMITS: Omit<ImageLimits, "minWidth" | "minHeight"> = { maxPixels: 50_000_000, maxBytes: 40_000_000 };

type Step = { ok: true; article: Article; report: CacheReport } | { ok: false; problems: ContentProblem[] };

async function loadOne(
  file: string,
  options: LoadOptions,
  limits: ImageLimits,
  version: () => Promise<string>,
  images: ImageCache,
): Promise<Step> {
  const before = options.loadedBefore?.get(file);
  if (before !== undefined && [...before.read].every(([read, signature]) => fileSignature(read) === signature)) {
    return { ok: true, article: before.article, report: { encoded: 0, cached: before.report.encoded + before.report.cached } };
  }
  const signatures = new Map([[file, fileSignature(file)]]);
  const displayFile = path.relative(options.root, file);
  const read = readArticleText(file, displayFile);
  if (!read.ok) return { ok: false, problems: read.problems };
  let parsed = options.textCache?.get(read.text);
  const problems: ContentProblem[] = [];
  if (parsed === undefined) {
    // The parser (YAML, the zod schema, markdown-it) is imported on the first article the text cache does not
    // hold, so a warm build never loads it; Node keeps the module once loaded.
    const { parseText } = await import("./parse-article-text.ts");
    const step = parseText(displayFile, read.text);
    if (!step.ok) return { ok: false, problems: step.problems };
    parsed = step.parsed;
    problems.push(...step.problems);
    if (step.problems.length === 0) options.textCache?.set(read.text, parsed);
  }
  const { frontMatter, html } = parsed;
  let image: HeadlineImage | undefined;
  let report: CacheReport = { encoded: 0, cached: 0 };
  let headline: { input: string; file: string; derivatives: number } | undefined;
  // The dev server, after an edit to the text only: the headline image as the previous rebuild made it from the
  // same picture file and the same front matter, instead of reading and hashing the source and verifying its
  // derivatives again (about 20 ms of each edit of the sample article).
  const sameHeadline = before?.headline;
  const sameSignature = sameHeadline && before?.read.get(sameHeadline.file);
  if (
    frontMatter.image &&
    sameHeadline !== undefined &&
    before?.article.image !== undefined &&
    sameSignature !== undefined &&
    options.encodeImages !== false &&
    sameHeadline.input === JSON.stringify(frontMatter.image) &&
    fileSignature(sameHeadline.file) === sameSignature
  ) {
    image = before.article.image;
    headline = sameHeadline;
    signatures.set(sameHeadline.file, sameSignature);
    report = { encoded: 0, cached: sameHeadline.derivatives };
  } else if (frontMatter.image) {
    const loaded = await loadImageSource(file, displayFile, frontMatter.image.src, options.contentDir, limits, parsed.imageLine, images);
    if (loaded.ok) signatures.set(loaded.image.absolutePath, fileSignature(loaded.image.absolutePath));
    if (!loaded.ok) {
      problems.push(loaded.problem);
    } else if (options.encodeImages !== false) {
      const derivatives = planDerivatives(loaded.image, createImageOptions(await version()));
      const onEncodeStart = (started: CacheReport) =>
        options.onImageEncode?.(path.relative(options.root, loaded.image.absolutePath), started);
      report = await ensureDerivatives(loaded.image.bytes, derivatives, images, limits.maxPixels, { onEncodeStart });
      const source = { bytes: loaded.image.bytes, file: loaded.image.absolutePath, hash: loaded.image.hash, maxPixels: limits.maxPixels };
      image = await describeHeadlineImage(derivatives, frontMatter.image, images, source);
      headline = { input: JSON.stringify(frontMatter.image), file: loaded.image.absolutePath, derivatives: derivatives.length };
    }
  }
  // Pictures in the text: each checked like the headline image (with the column's smaller minimum), encoded
  // through the same cache, and its figure put where the Markdown left its marker.
  const pictures: PublishedPicture[] = [];
  const figures = new Map<number, string>();
  const styles: string[] = [];
  const textLimits = { ...limits, minWidth: Math.min(TEXT_PICTURE_MIN_WIDTH, limits.minWidth), minHeight: 1 };
  for (const [index, picture] of parsed.pictures.entries()) {
    const loaded = await loadImageSource(file, displayFile, picture.src, options.contentDir, textLimits, picture.line, images, "text");
    if (loaded.ok) signatures.set(loaded.image.absolutePath, fileSignature(loaded.image.absolutePath));
    if (!loaded.ok) {
      problems.push(loaded.problem);
      continue;
    }
    if (options.encodeImages === false) continue;
    const derivatives = planTextPicture(loaded.image, pictureFamily(loaded.image), await version());
    const onEncodeStart = (started: CacheReport) =>
      options.onImageEncode?.(path.relative(options.root, loaded.image.absolutePath), started);
    const done = await ensureDerivatives(loaded.image.bytes, derivatives, images, limits.maxPixels, { onEncodeStart });
    report = { encoded: report.encoded + done.encoded, cached: report.cached + done.cached };
    const source = { file: loaded.image.absolutePath, hash: loaded.image.hash, maxPixels: limits.maxPixels };
    const lazy = !(picture.firstScreen && frontMatter.image === undefined);
    const described = await describeTextPicture(picture, index, derivatives, lazy, images, { ...source, bytes: loaded.image.bytes });
    figures.set(index, described.html);
    // A blurred placeholder costs about 256 gzipped bytes of the page's budget, and would show through a
    // transparent picture: only the first few opaque pictures get one.
    if (!loaded.image.hasAlpha && styles.length < MAX_PLACEHOLDERS) styles.push(described.style);
    pictures.push({ derivatives: derivatives.filter((derivative) => derivative.role !== "placeholder"), source });
  }
  if (problems.length > 0) return { ok: false, problems };

  const slug = frontMatter.slug ?? path.basename(file, ".md");
  const corrections = [...(frontMatter.corrections ?? [])].sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
  // A correction is a change: the newest of `updated` and the corrections' dates is when the article last changed.
  const updated = [frontMatter.updated ?? frontMatter.date, ...corrections.map((correction) => correction.date)].reduce((newest, date) =>
    Date.parse(date) > Date.parse(newest) ? date : newest,
  );
  const dir = frontMatter.lang === undefined ? undefined : textDirection(frontMatter.lang);
  const authors = typeof frontMatter.author === "string" ? [frontMatter.author] : frontMatter.author;
  const article: Article = {
    sourceFile: displayFile,
    slug,
    url: `/${slug}/`,
    title: frontMatter.title,
    description: frontMatter.description,
    date: frontMatter.date,
    updated,
    authors,
    ...(frontMatter.section === undefined ? {} : { section: frontMatter.section }),
    tags: frontMatter.tags ?? [],
    draft: frontMatter.draft ?? false,
    showDonation: frontMatter.donation !== false,
    html: html.replace(/<!--newsroom-picture (\d+)-->/g, (_marker, index: string) => figures.get(Number(index)) ?? ""),
    bodyLinks: extractLinks(html),
    ...(parsed.linkLines === undefined ? {} : { linkLines: parsed.linkLines }),
    readingMinutes: parsed.readingMinutes,
    ...(pictures.length === 0 ? {} : { pictures, pictureStyle: styles.join("") }),
    ...(image === undefined ? {} : { image }),
    aliases: frontMatter.aliases ?? [],
    ...(frontMatter.lang === undefined ? {} : { lang: frontMatter.lang }),
    ...(dir === undefined ? {} : { dir }),
    corrections,
  };
  options.loadedBefore?.set(file, { article, report, read: signatures, ...(headline === undefined ? {} : { headline }) });
  return { ok: true, report, article };
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

/** Loads the given article files, each on its own: read, validate, render, image derivatives. */
export async function loadArticleFiles(files: readonly string[], options: LoadOptions): Promise<LoadedFiles> {
  const limits: ImageLimits = { ...DEFAULT_LIMITS, ...minimumSourceSize(createImageOptions("")), ...options.imageLimits };
  let versionPromise: Promise<string> | undefined;
  const version = () => (versionPromise ??= encoderVersion());
  // One image cache for the whole build: its queue makes the articles' image encodes take turns.
  const imageCache = openImageCache(new CacheStore(options.cacheDir), options.encodeMemoryBudget);
  const steps = await mapConcurrently(files, ARTICLE_CONCURRENCY, (file) => loadOne(file, options, limits, version, imageCache));
  const listed = new Set(files);
  for (const file of options.loadedBefore?.keys() ?? []) if (!listed.has(file)) options.loadedBefore?.delete(file);
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
