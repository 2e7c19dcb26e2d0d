// The content pipeline, in order: read → validate → render Markdown → image derivatives.
// Every article is checked before anything is refused, so one build reports every problem at once.
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { ArticleFrontMatter } from "./article-schema.ts";
import { checkLinks, type SiteLinkTargets } from "./check-links.ts";
import { ContentError, type ContentProblem } from "./content-error.ts";
import { describeHeadlineImage, type HeadlineImage } from "./headline-image.ts";
import { type CacheReport, ensureDerivatives } from "./image-cache.ts";
import { encoderVersion } from "./image-encode.ts";
import { createImageOptions, minimumSourceSize, planDerivatives } from "./image-plan.ts";
import { type ImageLimits, loadImageSource } from "./image-source.ts";
import { readArticleFile } from "./read-article.ts";
import { readingMinutes } from "./reading-time.ts";
import { MarkdownError, renderMarkdown } from "./render-markdown.ts";
import { findPlaceholders } from "./scaffold-article.ts";
import { validateArticle } from "./validate-article.ts";

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
  /** Where body links may point besides articles; links are checked only when this is given. */
  readonly linkTargets?: SiteLinkTargets;
}

export interface LoadedArticles {
  readonly articles: readonly Article[];
  readonly images: CacheReport;
}

const DEFAULT_LIMITS: Omit<ImageLimits, "minWidth" | "minHeight"> = { maxPixels: 50_000_000, maxBytes: 40_000_000 };

/** Every `*.md` under the content folder, except data and hidden folders, in a stable order. */
export async function findArticleFiles(contentDir: string): Promise<string[]> {
  const entries = await readdir(contentDir, { recursive: true, withFileTypes: true });
  // Symbolic links are listed too, so that they are refused (src/read-article.ts) rather than silently skipped.
  return entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith(".md"))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter(
      (file) =>
        !path
          .relative(contentDir, file)
          .split(path.sep)
          .some((part) => part.startsWith("_") || part.startsWith(".")),
    )
    .sort();
}

type Step = { ok: true; article: Article; report: CacheReport } | { ok: false; problems: ContentProblem[] };

async function loadOne(file: string, options: LoadOptions, limits: ImageLimits, version: () => Promise<string>): Promise<Step> {
  const displayFile = path.relative(options.root, file);
  const read = await readArticleFile(file, displayFile);
  if (!read.ok) return { ok: false, problems: read.problems };
  const validated = validateArticle(read.article);
  if (!validated.ok) return { ok: false, problems: validated.problems };
  const frontMatter: ArticleFrontMatter = validated.frontMatter;

  const problems: ContentProblem[] = [];
  let html = "";
  try {
    html = renderMarkdown(read.article.body);
  } catch (error) {
    if (!(error instanceof MarkdownError)) throw error;
    for (const { line, ...problem } of error.problems) {
      problems.push({
        file: displayFile,
        field: "(body)",
        ...problem,
        ...(line === undefined ? {} : { line: read.article.bodyLine + line - 1 }),
      });
    }
  }
  let image: HeadlineImage | undefined;
  let report: CacheReport = { encoded: 0, cached: 0 };
  if (frontMatter.image) {
    const line = read.article.lineOf(["image", "src"]);
    const loaded = await loadImageSource(file, displayFile, frontMatter.image.src, options.contentDir, limits, line, options.cacheDir);
    if (!loaded.ok) {
      problems.push(loaded.problem);
    } else if (options.encodeImages !== false) {
      const derivatives = planDerivatives(loaded.image, createImageOptions(await version()));
      const onEncodeStart = (started: CacheReport) =>
        options.onImageEncode?.(path.relative(options.root, loaded.image.absolutePath), started);
      report = await ensureDerivatives(loaded.image.bytes, derivatives, options.cacheDir, limits.maxPixels, { onEncodeStart });
      image = await describeHeadlineImage(derivatives, frontMatter.image, options.cacheDir);
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
      readingMinutes: readingMinutes(html),
      ...(image === undefined ? {} : { image }),
    },
  };
}

/** A file name that cannot be a URL segment is reported instead of published under a mangled address. */
function checkSlugs(articles: readonly Article[]): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const seen = new Map<string, string>();
  for (const article of articles) {
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(article.slug)) {
      problems.push({
        file: article.sourceFile,
        field: "slug",
        message: `the file name "${article.slug}" cannot be used as a web address`,
        hint: "rename the file to lowercase words joined by hyphens, or set slug: in the front matter",
      });
    }
    const other = seen.get(article.slug);
    if (other !== undefined) {
      problems.push({
        file: article.sourceFile,
        field: "slug",
        message: `the address /${article.slug}/ is already used by ${other}`,
        hint: "give one of the two articles a different slug",
      });
    }
    seen.set(article.slug, article.sourceFile);
  }
  return problems;
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
 * Loads every article under `contentDir`, newest first.
 * @throws ContentError listing every problem in every article.
 */
export async function loadArticles(options: LoadOptions): Promise<LoadedArticles> {
  const limits: ImageLimits = { ...DEFAULT_LIMITS, ...minimumSourceSize(createImageOptions("")), ...options.imageLimits };
  let versionPromise: Promise<string> | undefined;
  const version = () => (versionPromise ??= encoderVersion());
  const files = await findArticleFiles(options.contentDir);
  // Articles load concurrently, so reading 1000 files overlaps; image encodes still take turns (src/image-cache.ts).
  const steps = await mapConcurrently(files, ARTICLE_CONCURRENCY, (file) => loadOne(file, options, limits, version));
  const problems = steps.flatMap((step) => (step.ok ? [] : step.problems));
  const loaded = steps.flatMap((step) => (step.ok ? [step.article] : []));
  // Links are checked across drafts and published articles alike, before drafts are filtered out, and only once
  // every article loads: a link to an article that was refused would otherwise be reported as broken too.
  const everyArticleLoaded = problems.length === 0;
  problems.push(...checkSlugs(loaded), ...findPlaceholders(loaded));
  if (everyArticleLoaded && options.linkTargets !== undefined) problems.push(...checkLinks(loaded, options.linkTargets));
  if (problems.length > 0) throw new ContentError(problems);
  const articles = loaded
    .filter((article) => options.includeDrafts || !article.draft)
    .sort((a, b) => Date.parse(b.date) - Date.parse(a.date) || a.slug.localeCompare(b.slug));
  const images = steps.reduce(
    (total, step) => (step.ok ? { encoded: total.encoded + step.report.encoded, cached: total.cached + step.report.cached } : total),
    { encoded: 0, cached: 0 },
  );
  return { articles, images };
}
