// Finds and inspects an article's headline image: the path must stay inside content/, the file must be a real,
// decodable photo of an accepted format, not a pixel bomb, and big enough for a headline.
import { createHash } from "node:crypto";
import { lstat, readFile, realpath } from "node:fs/promises";
import path from "node:path";
import type { ContentProblem } from "../content/content-error.ts";
import type { ImageCache } from "./image-cache.ts";
import { readImageInfo } from "./image-encode.ts";
import { inspectImage } from "./image-inspect.ts";
import type { SourceImage } from "./image-plan.ts";

export interface ImageLimits {
  /** Largest accepted pixel count: far below sharp's default (~268 megapixels), which a crafted file can exhaust. */
  readonly maxPixels: number;
  readonly maxBytes: number;
  readonly minWidth: number;
  readonly minHeight: number;
}

/** Formats a newsroom photo arrives in. GIF, SVG, TIFF and the rest are refused: convert to JPEG first. */
export const ACCEPTED_FORMATS: ReadonlySet<string> = new Set(["jpeg", "png", "webp", "avif", "heif"]);

export interface LoadedImage extends SourceImage {
  readonly bytes: Buffer;
  /** Absolute path of the source, for messages only. */
  readonly absolutePath: string;
}

export type ImageLoadResult = { readonly ok: true; readonly image: LoadedImage } | { readonly ok: false; readonly problem: ContentProblem };

/**
 * Resolves `image.src` relative to the article and loads it, refusing anything that leaves `contentDir`.
 * `articleFile` and `contentDir` are absolute; `displayFile` is what messages call the article. Given the `images` cache,
 * a source already found sound is not decoded again (a warm build never loads sharp).
 */
export async function loadImageSource(
  articleFile: string,
  displayFile: string,
  src: string,
  contentDir: string,
  limits: ImageLimits,
  line?: number,
  images?: ImageCache,
): Promise<ImageLoadResult> {
  const refuse = (message: string, hint: string): ImageLoadResult => ({
    ok: false,
    problem: { file: displayFile, field: "image.src", message: `${message} (${src})`, hint, ...(line === undefined ? {} : { line }) },
  });
  if (path.isAbsolute(src) || src.split(/[\\/]/).includes("..")) {
    return refuse(
      "the image path must stay inside content/",
      "put the image in content/ next to the article and give a relative path such as images/photo.jpg",
    );
  }
  const candidate = path.resolve(path.dirname(articleFile), src);
  let resolved: string;
  let root: string;
  try {
    [resolved, root] = await Promise.all([realpath(candidate), realpath(contentDir)]);
  } catch {
    return refuse("the image file does not exist", "check the file name and its folder; paths are relative to the article's Markdown file");
  }
  if (!resolved.startsWith(root + path.sep)) {
    return refuse(
      "the image path leads outside content/ (through a symbolic link)",
      "copy the image into content/ instead of linking to it",
    );
  }
  const stats = await lstat(resolved);
  if (!stats.isFile()) return refuse("the image path is not a regular file", "point image.src at an image file");
  if (stats.size === 0) return refuse("the image file is empty", "export the photo again and replace the file");
  if (stats.size > limits.maxBytes) {
    return refuse(
      `the image file is ${Math.round(stats.size / 1e6)} MB, over the ${Math.round(limits.maxBytes / 1e6)} MB limit`,
      "export a JPEG at quality 90 or less",
    );
  }
  const bytes = await readFile(resolved);
  const hash = createHash("sha256").update(bytes).digest("hex");
  const info =
    images === undefined ? await readImageInfo(bytes, limits.maxPixels) : await inspectImage(bytes, hash, limits.maxPixels, images);
  if (!info.ok) return refuse(info.reason, "export the photo again as a JPEG, PNG or WebP and replace the file");
  if (!ACCEPTED_FORMATS.has(info.format)) {
    return refuse(`${info.format.toUpperCase()} images are not accepted`, "convert it to JPEG (photos) or PNG (graphics)");
  }
  if (info.width * info.height > limits.maxPixels) {
    return refuse(
      `the image has ${info.width}×${info.height} pixels, over the ${Math.round(limits.maxPixels / 1e6)} megapixel limit`,
      "resize it to at most 6000 px wide",
    );
  }
  if (info.width < limits.minWidth || info.height < limits.minHeight) {
    return refuse(
      `the image is ${info.width}×${info.height} px, too small for a headline (at least ${limits.minWidth}×${limits.minHeight} px)`,
      "use the original, larger photo: search engines and social cards need 1200 px crops",
    );
  }
  return {
    ok: true,
    image: {
      bytes,
      absolutePath: resolved,
      stem:
        path
          .basename(resolved, path.extname(resolved))
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, "-")
          .replace(/^-|-$/g, "") || "image",
      hash,
      width: info.width,
      height: info.height,
    },
  };
}
