// Remembers which source images were already found sound, so a warm build validates a photo without loading sharp.
// The full decode that catches truncated files costs ~0.1 s plus ~0.2 s to load sharp, on every build otherwise.
import { createHash } from "node:crypto";
import type { CacheKey } from "../cache/store.ts";
import type { ImageCache } from "./image-cache.ts";
import { type ImageInfo, readImageInfo } from "./image-encode.ts";
import { IMAGE_PIPELINE_VERSION } from "./image-plan.ts";

type SoundImage = Extract<ImageInfo, { ok: true }>;

/** The stage's folder in the cache store. */
export const SOURCE_CHECK_STAGE = "image-source-checks";

/** The verdict on one source: keyed by its bytes, the pixel limit and the decoder's packages. */
export function sourceCheckKey(images: ImageCache, sourceHash: string, maxPixels: number): CacheKey {
  return {
    stage: SOURCE_CHECK_STAGE,
    pipelineVersion: IMAGE_PIPELINE_VERSION,
    packages: images.packages,
    input: createHash("sha256")
      .update(JSON.stringify([sourceHash, maxPixels]))
      .digest("hex"),
  };
}

function isSoundImage(value: unknown): value is SoundImage {
  const info = value as Partial<SoundImage> | null;
  return (
    typeof info === "object" &&
    info !== null &&
    info.ok === true &&
    typeof info.format === "string" &&
    Number.isInteger(info.width) &&
    Number.isInteger(info.height) &&
    Number.isInteger(info.pages) &&
    typeof info.hasAlpha === "boolean"
  );
}

/**
 * Reads format and upright size of a source image, decoding it only the first time these exact bytes are seen.
 * Only sound images are remembered: a refused file is checked again on every build.
 */
export async function inspectImage(bytes: Buffer, sourceHash: string, maxPixels: number, images: ImageCache): Promise<ImageInfo> {
  const key = sourceCheckKey(images, sourceHash, maxPixels);
  const stored = await images.store.get(key);
  if (stored !== undefined) {
    try {
      const remembered: unknown = JSON.parse(stored.toString("utf8"));
      if (isSoundImage(remembered)) {
        const { format, width, height, pages, hasAlpha } = remembered;
        return { ok: true, format, width, height, pages, hasAlpha };
      }
    } catch {
      // Not JSON: decode below.
    }
  }
  const info = await readImageInfo(bytes, maxPixels);
  if (info.ok) await images.store.put(key, Buffer.from(JSON.stringify(info)));
  return info;
}
