// Remembers which source images were already found sound, so a warm build validates a photo without loading sharp.
// The full decode that catches truncated files costs ~0.1 s plus ~0.2 s to load sharp, on every build otherwise.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { encoderVersion, type ImageInfo, readImageInfo } from "./image-encode.ts";

type SoundImage = Extract<ImageInfo, { ok: true }>;

/** Where the verdict on one source lives: keyed by its bytes, the pixel limit and the decoder's version. */
export function infoPathOf(cacheDir: string, sourceHash: string, maxPixels: number, version: string): string {
  const key = createHash("sha256")
    .update(JSON.stringify([sourceHash, maxPixels, version]))
    .digest("hex");
  return path.join(cacheDir, "info", `${key}.json`);
}

function isSoundImage(value: unknown): value is SoundImage {
  const info = value as Partial<SoundImage> | null;
  return (
    typeof info === "object" &&
    info !== null &&
    info.ok === true &&
    typeof info.format === "string" &&
    Number.isInteger(info.width) &&
    Number.isInteger(info.height)
  );
}

/**
 * Reads format and upright size of a source image, decoding it only the first time these exact bytes are seen.
 * Only sound images are remembered: a refused file is checked again on every build.
 * @example await inspectImage(bytes, sha256(bytes), 50_000_000, ".cache/images")
 */
export async function inspectImage(bytes: Buffer, sourceHash: string, maxPixels: number, cacheDir: string): Promise<ImageInfo> {
  const file = infoPathOf(cacheDir, sourceHash, maxPixels, await encoderVersion());
  try {
    const remembered: unknown = JSON.parse(await readFile(file, "utf8"));
    if (isSoundImage(remembered)) return remembered;
  } catch {
    // Not remembered yet (or unreadable): decode below.
  }
  const info = await readImageInfo(bytes, maxPixels);
  if (info.ok) {
    await mkdir(path.dirname(file), { recursive: true });
    // Unique per write: two articles may show the same photo and load at the same time.
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    await writeFile(temporary, JSON.stringify(info));
    await rename(temporary, file);
  }
  return info;
}
