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

/** Formats a picture in the text may be: a still GIF and an SVG (drawn into pixels) too. */
export const TEXT_FORMATS: ReadonlySet<string> = new Set([...ACCEPTED_FORMATS, "gif", "svg"]);

/**
 * Why an SVG cannot be drawn safely, or undefined: it may not point at anything outside itself (librsvg reads
 * local files an SVG names: `href`, `url(…)`, `@import`, XML entities). Only `#…` references and `data:` are allowed.
 */
export function svgExternalReference(text: string): string | undefined {
  if (/<!ENTITY/i.test(text)) return "an XML entity";
  for (const match of text.matchAll(/\b(?:xlink:)?href\s*=\s*(["'])(.*?)\1/gis)) {
    const target = (match[2] ?? "").trim();
    if (!target.startsWith("#") && !target.startsWith("data:")) return `href="${target}"`;
  }
  for (const match of text.matchAll(/url\(\s*(["']?)(.*?)\1\s*\)/gis)) {
    const target = (match[2] ?? "").trim();
    if (!target.startsWith("#") && !target.startsWith("data:")) return `url(${target})`;
  }
  if (/@import/i.test(text)) return "@import";
  return undefined;
}

export interface LoadedImage extends SourceImage {
  readonly bytes: Buffer;
  /** Absolute path of the source, for messages only. */
  readonly absolutePath: string;
  readonly format: string;
  readonly hasAlpha: boolean;
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
  kind: "headline" | "text" = "headline",
): Promise<ImageLoadResult> {
  const field = kind === "headline" ? "image.src" : "(body)";
  const refuse = (message: string, hint: string): ImageLoadResult => ({
    ok: false,
    problem: { file: displayFile, field, message: `${message} (${src})`, hint, ...(line === undefined ? {} : { line }) },
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
  // Before any decoder sees it: librsvg would read the local files an SVG names.
  const head = bytes.subarray(0, 4096).toString("utf8");
  if (/<svg[\s>]/i.test(head) || /^\s*(?:\uFEFF)?<\?xml/.test(head)) {
    const reference = svgExternalReference(bytes.toString("utf8"));
    if (reference !== undefined) {
      return refuse(
        `the SVG refers to something outside itself (${reference.slice(0, 80)})`,
        "embed pictures and fonts in the SVG, or export the diagram as PNG",
      );
    }
  }
  const hash = createHash("sha256").update(bytes).digest("hex");
  const info =
    images === undefined ? await readImageInfo(bytes, limits.maxPixels) : await inspectImage(bytes, hash, limits.maxPixels, images);
  if (!info.ok) return refuse(info.reason, "export the photo again as a JPEG, PNG or WebP and replace the file");
  if (!(kind === "headline" ? ACCEPTED_FORMATS : TEXT_FORMATS).has(info.format)) {
    return refuse(`${info.format.toUpperCase()} images are not accepted`, "convert it to JPEG (photos) or PNG (graphics)");
  }
  if (info.pages > 1) {
    return refuse(
      `the picture is an animation (${info.pages} frames), which is not published`,
      "export the one frame that tells the story as a PNG, or publish the animation as a video and link to it",
    );
  }
  if (info.width * info.height > limits.maxPixels) {
    return refuse(
      `the image has ${info.width}×${info.height} pixels, over the ${Math.round(limits.maxPixels / 1e6)} megapixel limit`,
      "resize it to at most 6000 px wide",
    );
  }
  if (kind === "text" && (info.width < limits.minWidth || info.height < limits.minHeight)) {
    return refuse(
      `the picture is ${info.width}×${info.height} px, too small for the text column (at least ${limits.minWidth} px wide)`,
      "export it larger: pictures are never enlarged",
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
      format: info.format,
      hasAlpha: info.hasAlpha,
      width: info.width,
      height: info.height,
    },
  };
}
