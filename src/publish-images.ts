// Copies the derivatives the pages use from the image cache into the output's /img/ folder. Only what a page
// references is published: never the originals (which may carry metadata), never stale derivatives.
import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { IMAGE_URL_PREFIX } from "./headline-image.ts";
import { cachePathOf } from "./image-cache.ts";
import type { Article } from "./load-articles.ts";

/** Publishes every derivative of every article's headline image; returns the number of files copied. */
export async function publishImages(articles: readonly Article[], cacheDir: string, outputDir: string): Promise<number> {
  const target = path.join(outputDir, IMAGE_URL_PREFIX);
  await mkdir(target, { recursive: true });
  const derivatives = articles.flatMap((article) => article.image?.derivatives ?? []);
  await Promise.all(derivatives.map((derivative) => copyFile(cachePathOf(cacheDir, derivative), path.join(target, derivative.fileName))));
  return derivatives.length;
}
