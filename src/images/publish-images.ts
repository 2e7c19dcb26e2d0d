// Publishes the derivatives the pages use into the output's /img/ folder. Only what a page references is published:
// never the originals (which may carry metadata), never stale derivatives, and never bytes the cache cannot vouch
// for: each derivative is read back verified, or encoded again from its source.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { CacheStore } from "../cache/store.ts";
import { ContentError } from "../content/content-error.ts";
import type { Article } from "../types.ts";
import { IMAGE_URL_PREFIX } from "./headline-image.ts";
import { encodeDerivatives, type ImageCache, openImageCache, readDerivative } from "./image-cache.ts";
import type { Derivative } from "./image-plan.ts";
import type { PublishedPicture } from "./text-picture.ts";

/**
 * Publishes every derivative of every article's pictures; returns the number of files written or kept. Given
 * `publishedBefore` (the dev server's, across its rebuilds), a picture whose files this session already published
 * and that are still there is left alone: a derivative's name comes from everything it is made from.
 */
export async function publishImages(
  articles: readonly Article[],
  cacheDir: string,
  outputDir: string,
  options: {
    readonly publishedBefore?: Set<string>;
    /** Memory the encodes of a derivative the cache cannot give back may hold at once (src/images/image-cache.ts). */
    readonly encodeMemoryBudget?: number;
  } = {},
): Promise<number> {
  const { publishedBefore } = options;
  const target = path.join(outputDir, IMAGE_URL_PREFIX);
  await mkdir(target, { recursive: true });
  const images = openImageCache(new CacheStore(cacheDir), options.encodeMemoryBudget);
  let count = 0;
  // One image at a time: its bytes are held in memory until written.
  for (const article of articles) {
    for (const picture of [...(article.image === undefined ? [] : [article.image]), ...(article.pictures ?? [])]) {
      const files = picture.derivatives.map((derivative) => path.join(target, derivative.fileName));
      if (publishedBefore !== undefined && files.every((file) => publishedBefore.has(file) && existsSync(file))) {
        count += files.length;
        continue;
      }
      const bytes = await verifiedBytes(article, picture, images);
      await Promise.all([...bytes].map(([derivative, data]) => publishOne(data, path.join(target, derivative.fileName))));
      for (const file of files) publishedBefore?.add(file);
      count += bytes.size;
    }
  }
  return count;
}

async function verifiedBytes(article: Article, picture: PublishedPicture, images: ImageCache): Promise<Map<Derivative, Buffer>> {
  const { derivatives } = picture;
  const found = new Map<Derivative, Buffer>();
  const missing: Derivative[] = [];
  await Promise.all(
    derivatives.map(async (derivative) => {
      const data = await readDerivative(images, derivative);
      if (data === undefined) missing.push(derivative);
      else found.set(derivative, data);
    }),
  );
  if (missing.length === 0) return found;
  const { file, hash, maxPixels } = picture.source;
  const source = await readFile(file).catch(() => undefined);
  if (source === undefined || createHash("sha256").update(source).digest("hex") !== hash) {
    throw new ContentError([
      {
        file: article.sourceFile,
        field: "image.src",
        message: `the picture ${path.basename(file)} changed (or was removed) while the site was being built`,
        hint: "build again once the image is saved",
      },
    ]);
  }
  for (const [derivative, data] of await encodeDerivatives(source, missing, images, maxPixels)) found.set(derivative, data);
  return found;
}

/**
 * Writes one file unless the target already holds exactly these bytes (the dev server rebuilds on every edit and
 * need not write megabytes each time).
 */
async function publishOne(data: Buffer, target: string): Promise<void> {
  const existing = await readFile(target).catch(() => undefined);
  if (existing?.equals(data)) return;
  await writeFile(target, data);
}
