// Copies the derivatives the pages use from the image cache into the output's /img/ folder. Only what a page
// references is published: never the originals (which may carry metadata), never stale derivatives.
import { constants, copyFile, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import type { Article } from "../types.ts";
import { IMAGE_URL_PREFIX } from "./headline-image.ts";
import { cachePathOf } from "./image-cache.ts";

/** Publishes every derivative of every article's headline image; returns the number of files copied. */
export async function publishImages(articles: readonly Article[], cacheDir: string, outputDir: string): Promise<number> {
  const target = path.join(outputDir, IMAGE_URL_PREFIX);
  await mkdir(target, { recursive: true });
  const derivatives = articles.flatMap((article) => article.image?.derivatives ?? []);
  await Promise.all(derivatives.map((derivative) => publishOne(cachePathOf(cacheDir, derivative), path.join(target, derivative.fileName))));
  return derivatives.length;
}

/**
 * Copies one file unless the target already holds it: names carry a hash of the source and settings, so an existing
 * file of the same size is the same file (the dev server rebuilds on every edit and need not copy megabytes each time).
 * The copy is a copy-on-write clone where the file system supports it.
 */
async function publishOne(source: string, target: string): Promise<void> {
  const [from, to] = await Promise.all([stat(source), stat(target).catch(() => undefined)]);
  if (to?.isFile() && to.size === from.size) return;
  await copyFile(source, target, constants.COPYFILE_FICLONE);
}
