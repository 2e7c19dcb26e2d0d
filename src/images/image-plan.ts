// Plans the headline image's derivatives: which widths, formats, crops and names. Pure: no pixels are touched,
// so the plan (and the cache key that makes warm builds free) is tested without encoding anything.
import { createHash } from "node:crypto";

export type ImageFormat = "avif" | "webp" | "jpeg" | "png";

/** Why a derivative exists; the templates pick derivatives by role. */
export type DerivativeRole = "responsive" | "full" | "crop" | "social" | "placeholder";

export interface EncoderSettings {
  readonly format: ImageFormat;
  readonly quality: number;
  /** AVIF/WebP effort: higher is smaller and slower. */
  readonly effort?: number;
  /** "4:2:0" halves colour resolution; photographs rarely show the difference. */
  readonly chromaSubsampling?: "4:2:0" | "4:4:4";
  /** WebP: lossless, for screenshots and diagrams, whose sharp edges lossy encoders smear. */
  readonly lossless?: boolean;
  /** JPEG: mozjpeg's trellis quantisation (about 15% smaller, about 10× slower). */
  readonly mozjpeg?: boolean;
  /** JPEG: progressive scans (a little smaller, twice as slow to encode). */
  readonly progressive?: boolean;
}

export interface Derivative {
  readonly role: DerivativeRole;
  /** For crops: the aspect ratio's name, e.g. "16x9". */
  readonly label?: string;
  readonly width: number;
  readonly height: number;
  readonly encoder: EncoderSettings;
  /** Hash of the source bytes and every setting: equal keys mean byte-equal output. */
  readonly cacheKey: string;
  /** File name under /img/, content-hashed so it can be cached forever. */
  readonly fileName: string;
}

export interface ImageOptions {
  /** Widths of the responsive `srcset`, in pixels; widths above the source's are dropped (never upscaled). */
  readonly widths: readonly number[];
  /** Formats offered to browsers, best first; the last is the `<img>` fallback. */
  readonly formats: readonly EncoderSettings[];
  /** The full-size JPEG the headline links to. */
  readonly full: EncoderSettings;
  /** Crops for structured data (Google asks for 16:9, 4:3 and 1:1, at least 1200 px wide). */
  readonly crops: readonly { readonly label: string; readonly width: number; readonly height: number }[];
  /** The Open Graph / X card image. */
  readonly social: { readonly width: number; readonly height: number; readonly encoder: EncoderSettings };
  /** Width of the blurred placeholder inlined into the page. */
  readonly placeholderWidth: number;
  /** Version of the encoder library: a new encoder can change bytes, so it is part of every cache key. */
  readonly encoderVersion: string;
}

/**
 * Version of the image stage's output (decode once, resize from the decoded pixels, these encoder calls): part of
 * every derivative's name and cache key. Bump it whenever a change to src/images/ can change output bytes with the
 * same settings and packages.
 */
export const IMAGE_PIPELINE_VERSION = "decode-once-2-jpeg-flattened";

// Every setting below was chosen by measurement on the sample photo; docs/performance.md has the numbers.
// JPEG is plain libjpeg-turbo: mozjpeg saves about 15% but costs about 10× the time, and these JPEGs are
// fetched by crawlers, share previews and the rare browser without WebP, never by a phone reading the page.
const CARD_JPEG: EncoderSettings = { format: "jpeg", quality: 80 };

/** Default options; a fresh object each call so callers can spread over it safely. */
export function createImageOptions(encoderVersion: string): ImageOptions {
  return {
    // 480 for small phones at 1x, 800/1200 for phones at 2–3x (390 px × 3 = 1170) and desktop columns,
    // 1600 for a 640 px desktop column at 2x.
    widths: [480, 800, 1200, 1600],
    formats: [
      // What nearly every browser downloads. Effort 1 is 2.3× faster than effort 2 for 0.3% more bytes;
      // effort 3+ saves 5–10% for 3–13× the time. 4:2:0 is smaller and faster than 4:4:4, invisible in photos.
      { format: "avif", quality: 50, effort: 1, chromaSubsampling: "4:2:0" },
      // For browsers without AVIF. Effort 3: effort 4's bytes and time here; effort 2 halves the time for 7% more bytes.
      { format: "webp", quality: 72, effort: 3 },
      { format: "jpeg", quality: 78 },
    ],
    // The linked full-size original, re-encoded so no metadata survives.
    full: { format: "jpeg", quality: 82 },
    crops: [
      { label: "16x9", width: 1200, height: 675 },
      { label: "4x3", width: 1200, height: 900 },
      { label: "1x1", width: 1200, height: 1200 },
    ],
    social: { width: 1200, height: 630, encoder: CARD_JPEG },
    placeholderWidth: 24,
    encoderVersion,
  };
}

export const FILE_EXTENSIONS: Readonly<Record<ImageFormat, string>> = { avif: "avif", webp: "webp", jpeg: "jpg", png: "png" };

/** Smallest source the plan accepts: the 1:1 crop must be 1200 px without upscaling. */
export function minimumSourceSize(options: ImageOptions): { minWidth: number; minHeight: number } {
  const boxes = [...options.crops, options.social];
  return { minWidth: Math.max(...boxes.map((box) => box.width)), minHeight: Math.max(...boxes.map((box) => box.height)) };
}

export interface SourceImage {
  /** File name without extension, used as a readable prefix of derivative names. */
  readonly stem: string;
  /** sha256 of the source bytes. */
  readonly hash: string;
  /** Upright dimensions (after EXIF orientation). */
  readonly width: number;
  readonly height: number;
}

/**
 * Decides every derivative of one headline image.
 * @example planDerivatives({ stem: "photo", hash, width: 4000, height: 2667 }, createImageOptions("0.35.5"))
 */
export function planDerivatives(source: SourceImage, options: ImageOptions): Derivative[] {
  const make = derivativeMaker(source, options.encoderVersion);
  const heightAt = (width: number) => Math.round((source.height * width) / source.width);
  const widths = responsiveWidths(source.width, options.widths);
  return [
    ...options.formats.flatMap((encoder) => widths.map((width) => make("responsive", width, heightAt(width), encoder))),
    make("full", source.width, source.height, options.full),
    ...options.crops.map((crop) => make("crop", crop.width, crop.height, CARD_JPEG, crop.label)),
    make("social", options.social.width, options.social.height, options.social.encoder),
    make("placeholder", options.placeholderWidth, heightAt(options.placeholderWidth), { format: "webp", quality: 40 }),
  ];
}

/** Makes one derivative of a source: its key hashes the source and every setting. */
function derivativeMaker(source: SourceImage, encoderVersion: string) {
  return (role: DerivativeRole, width: number, height: number, encoder: EncoderSettings, label?: string): Derivative => {
    const cacheKey = createHash("sha256")
      .update(JSON.stringify([source.hash, role, label ?? "", width, height, encoder, encoderVersion, IMAGE_PIPELINE_VERSION]))
      .digest("hex");
    const suffix = label ?? (role === "full" ? "full" : role === "responsive" ? `${width}w` : role);
    return {
      role,
      ...(label === undefined ? {} : { label }),
      width,
      height,
      encoder,
      cacheKey,
      fileName: `${source.stem}-${cacheKey.slice(0, 10)}-${suffix}.${FILE_EXTENSIONS[encoder.format]}`,
    };
  };
}

/**
 * Widths of a picture in the text: the 40rem (640 px) column at 1x and 2x, and 320/960 between. A picture is never
 * enlarged, so a 500 px screenshot gets 320 and 500.
 */
export const TEXT_COLUMN_WIDTHS: readonly number[] = [320, 640, 960, 1280];

/** Smallest picture accepted in the text: the narrowest phone's column at 1x. */
export const TEXT_PICTURE_MIN_WIDTH = 320;

/** A photo is published as JPEG; a graphic (transparency or flat colours: PNG, GIF, SVG sources) as PNG. */
export type PictureFamily = "photo" | "graphic";

const TEXT_ENCODERS: Readonly<Record<PictureFamily, readonly EncoderSettings[]>> = {
  photo: [
    { format: "avif", quality: 50, effort: 1, chromaSubsampling: "4:2:0" },
    { format: "webp", quality: 72, effort: 3 },
    { format: "jpeg", quality: 78 },
  ],
  // Text in screenshots needs full colour resolution and no smearing: AVIF at 4:4:4, WebP lossless, PNG.
  graphic: [
    { format: "avif", quality: 60, effort: 1, chromaSubsampling: "4:4:4" },
    { format: "webp", quality: 100, effort: 3, lossless: true },
    { format: "png", quality: 100 },
  ],
};

/**
 * Decides every derivative of a picture in the text: AVIF, WebP and its family's format at the column's widths, the
 * full-size picture it links to (in its family's format) and a tiny blurred placeholder.
 */
export function planTextPicture(source: SourceImage, family: PictureFamily, encoderVersion: string): Derivative[] {
  const make = derivativeMaker(source, encoderVersion);
  const heightAt = (width: number) => Math.max(1, Math.round((source.height * width) / source.width));
  const widths = responsiveWidths(source.width, TEXT_COLUMN_WIDTHS);
  const encoders = TEXT_ENCODERS[family];
  const fallback = encoders.at(-1) ?? { format: "jpeg", quality: 78 };
  return [
    ...encoders.flatMap((encoder) => widths.map((width) => make("responsive", width, heightAt(width), encoder))),
    make("full", source.width, source.height, family === "photo" ? { format: "jpeg", quality: 82 } : fallback),
    make("placeholder", 16, heightAt(16), { format: "webp", quality: 40 }),
  ];
}

/** The configured widths the source can fill, plus the source width itself when it falls between them. */
export function responsiveWidths(sourceWidth: number, widths: readonly number[]): number[] {
  const fitting = [...new Set(widths)].filter((width) => width <= sourceWidth).sort((a, b) => a - b);
  const largest = Math.max(...widths);
  return sourceWidth < largest && !fitting.includes(sourceWidth) ? [...fitting, sourceWidth] : fitting;
}
