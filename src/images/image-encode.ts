// The one place sharp is used: reading image headers, decoding a source once, resizing and encoding derivatives.
// sharp strips all metadata (EXIF, GPS, XMP, camera data) unless asked to keep it; we never ask.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Sharp } from "sharp";
import { packageFolder, packageVersion } from "../cache/package-versions.ts";
import type { Derivative, EncoderSettings } from "./image-plan.ts";

type SharpModule = typeof import("sharp");
let sharpModule: Promise<SharpModule> | undefined;

/** Whether sharp has been loaded in this process: tests assert that a warm build never loads it. */
export function isEncoderLoaded(): boolean {
  return sharpModule !== undefined;
}

/** sharp is loaded on first use only, so a warm build (every derivative cached) never pays for it. */
async function loadSharp(): Promise<SharpModule> {
  sharpModule ??= import("sharp").then((module) => {
    // One libvips thread per image keeps output byte-identical however many encodes run at once;
    // we parallelise across derivatives instead (see image-cache.ts).
    module.default.concurrency(1);
    return module;
  });
  return sharpModule;
}

/**
 * The packages that shape every encoded byte: sharp and the libvips it runs (its prebuilt @img/sharp-libvips-*
 * package, or "system" when sharp uses the system's libvips). Read from package files, so asking loads nothing.
 */
export function imagePackages(): Record<string, string> {
  const sharpFolder = packageFolder("sharp");
  const prebuilt = path.join(sharpFolder, "..", "@img");
  let libvips = "system";
  try {
    for (const name of readdirSync(prebuilt)
      .filter((entry) => entry.startsWith("sharp-libvips-"))
      .sort()) {
      const versions = JSON.parse(readFileSync(path.join(prebuilt, name, "versions.json"), "utf8")) as { vips?: unknown };
      if (typeof versions.vips === "string") libvips = versions.vips;
    }
  } catch {
    // No prebuilt libvips next to sharp.
  }
  return { sharp: packageVersion("sharp"), libvips };
}

/** sharp and libvips versions in one string, part of every derivative's name (a new encoder can change bytes). */
export async function encoderVersion(): Promise<string> {
  const { sharp, libvips } = imagePackages();
  return `sharp ${sharp} libvips ${libvips}`;
}

export type ImageInfo =
  | {
      readonly ok: true;
      readonly format: string;
      readonly width: number;
      readonly height: number;
      /** Frames: more than 1 is an animation. */
      readonly pages: number;
      readonly hasAlpha: boolean;
    }
  | { readonly ok: false; readonly reason: string };

/** Reads format and upright dimensions, decoding the whole image once to catch truncated or corrupt files. */
export async function readImageInfo(bytes: Buffer, maxPixels: number): Promise<ImageInfo> {
  const { default: sharp } = await loadSharp();
  try {
    // The header is read without the pixel limit (no pixels are decoded), so a pixel bomb is reported by its size.
    let metadata = await sharp(bytes, { limitInputPixels: false, failOn: "error" }).metadata();
    // An SVG is drawn at the size decodeSource draws it.
    const drawn = svgOptions(metadata);
    if ("density" in drawn) metadata = await sharp(bytes, { limitInputPixels: false, ...drawn }).metadata();
    if (metadata.width === undefined || metadata.height === undefined) return { ok: false, reason: "the file has no readable dimensions" };
    const frames = { pages: metadata.pages ?? 1, hasAlpha: metadata.hasAlpha === true };
    if (metadata.width * metadata.height > maxPixels) {
      return { ok: true, format: metadata.format, width: metadata.width, height: metadata.height, ...frames };
    }
    // metadata() reads only the header: decode fully so a truncated file is refused now, not mid-build.
    await sharp(bytes, { limitInputPixels: maxPixels, failOn: "truncated", ...drawn })
      .resize(8)
      .raw()
      .toBuffer();
    const upright = (metadata.orientation ?? 1) >= 5;
    return {
      ok: true,
      ...frames,
      format: metadata.format,
      width: upright ? metadata.height : metadata.width,
      height: upright ? metadata.width : metadata.height,
    };
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { ok: false, reason: `the file is not a readable image (${detail})` };
  }
}

/** Uncompressed pixels: upright, sRGB, 8 bits per channel. */
export interface RawImage {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 2 | 3 | 4;
}

const fromRaw = (sharp: SharpModule["default"], image: RawImage): Sharp =>
  sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } });

async function toRaw(pipeline: Sharp): Promise<RawImage> {
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/**
 * Decodes the source once into upright sRGB pixels. sharp converts through the embedded ICC profile before
 * dropping it (a Display P3 photo keeps its colours; tests/unit/image-encode.test.ts checks it). Every derivative is resized from these pixels, so a
 * 4000 px JPEG is decoded once per build instead of once per derivative (about 0.2 s each).
 */
export async function decodeSource(bytes: Buffer, maxPixels: number): Promise<RawImage> {
  const { default: sharp } = await loadSharp();
  const metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  return toRaw(
    sharp(bytes, { limitInputPixels: maxPixels, ...svgOptions(metadata) })
      .autoOrient()
      .toColourspace("srgb"),
  );
}

/** Width an SVG is drawn at: wide enough for the text column at 2x (1280 px), or its own width when wider. */
export const SVG_RASTER_WIDTH = 1280;

/** The density (72 is the SVG's own size) that draws an SVG this wide at SVG_RASTER_WIDTH or more. */
export function svgDensity(width: number): number {
  return 72 * Math.max(1, SVG_RASTER_WIDTH / Math.max(1, width));
}

const svgOptions = (metadata: { format?: string; width?: number | undefined }) =>
  metadata.format === "svg" && metadata.width !== undefined ? { density: svgDensity(metadata.width) } : {};

/**
 * Resizes decoded pixels to one derivative's box. Crops keep the most interesting region (sharp's "attention":
 * skin tones, saturation, edges); the placeholder is blurred so it reads as a colour wash, not a tiny photo.
 */
export async function resizeFor(source: RawImage, derivative: Derivative): Promise<RawImage> {
  if (derivative.width === source.width && derivative.height === source.height) return source;
  const { default: sharp } = await loadSharp();
  const sized = fromRaw(sharp, source).resize(derivative.width, derivative.height, { fit: "cover", position: "attention" });
  return toRaw(derivative.role === "placeholder" ? sized.blur(1.2) : sized);
}

function encode(pipeline: Sharp, encoder: EncoderSettings): Sharp {
  switch (encoder.format) {
    case "avif":
      return pipeline.avif({
        quality: encoder.quality,
        ...(encoder.effort === undefined ? {} : { effort: encoder.effort }),
        ...(encoder.chromaSubsampling === undefined ? {} : { chromaSubsampling: encoder.chromaSubsampling }),
      });
    case "webp":
      return pipeline.webp({
        quality: encoder.quality,
        ...(encoder.effort === undefined ? {} : { effort: encoder.effort }),
        ...(encoder.lossless === true ? { lossless: true } : {}),
      });
    case "png":
      return pipeline.png({ compressionLevel: 9 });
    case "jpeg":
      return pipeline.jpeg({ quality: encoder.quality, mozjpeg: encoder.mozjpeg ?? false, progressive: encoder.progressive ?? false });
  }
}

/**
 * The page's background (`--background` in assets/site.css, light scheme): JPEG has no transparency, so a
 * transparent source is flattened onto it for the JPEG derivatives instead of turning black. AVIF and WebP keep
 * their alpha channel.
 */
export const PAGE_BACKGROUND = "#ffffff";

/**
 * Encodes resized pixels with one derivative's settings; raw pixels carry no metadata, so none is written.
 * decodeSource already converted them to sRGB through the source's embedded profile (Display P3 included).
 */
export async function encodeRaw(image: RawImage, encoder: EncoderSettings): Promise<Buffer> {
  const { default: sharp } = await loadSharp();
  const hasAlpha = image.channels === 2 || image.channels === 4;
  const pixels = fromRaw(sharp, image);
  return encode(encoder.format === "jpeg" && hasAlpha ? pixels.flatten({ background: PAGE_BACKGROUND }) : pixels, encoder).toBuffer();
}
