// The one place sharp is used: reading image headers and encoding one derivative.
// sharp strips all metadata (EXIF, GPS, XMP, camera data) unless asked to keep it; we never ask.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { Sharp } from "sharp";
import type { Derivative } from "./image-plan.ts";

type SharpModule = typeof import("sharp");
let sharpModule: Promise<SharpModule> | undefined;

/** sharp is loaded on first use only, so a warm build (every derivative cached) never pays for it. */
async function loadSharp(): Promise<SharpModule> {
  sharpModule ??= import("sharp").then((module) => {
    // One libvips thread per image keeps AVIF output byte-identical across machines; we parallelise across images.
    module.default.concurrency(1);
    return module;
  });
  return sharpModule;
}

/**
 * The installed sharp version, part of every cache key (each sharp release pins its libvips and codecs).
 * Read from package.json so that asking costs no native library load.
 */
export async function encoderVersion(): Promise<string> {
  // sharp's "exports" hides package.json; its entry point is lib/index.js, one folder below the package root.
  const entry = createRequire(import.meta.url).resolve("sharp");
  const manifest = await readFile(path.join(path.dirname(entry), "..", "package.json"), "utf8");
  return `sharp ${(JSON.parse(manifest) as { version: string }).version}`;
}

export type ImageInfo =
  | { readonly ok: true; readonly format: string; readonly width: number; readonly height: number }
  | { readonly ok: false; readonly reason: string };

/** Reads format and upright dimensions, decoding the whole image once to catch truncated or corrupt files. */
export async function readImageInfo(bytes: Buffer, maxPixels: number): Promise<ImageInfo> {
  const { default: sharp } = await loadSharp();
  try {
    const metadata = await sharp(bytes, { limitInputPixels: maxPixels, failOn: "error" }).metadata();
    if (metadata.width === undefined || metadata.height === undefined) return { ok: false, reason: "the file has no readable dimensions" };
    if (metadata.width * metadata.height > maxPixels) {
      return { ok: true, format: metadata.format, width: metadata.width, height: metadata.height };
    }
    // metadata() reads only the header: decode fully so a truncated file is refused now, not mid-build.
    await sharp(bytes, { limitInputPixels: maxPixels, failOn: "truncated" }).resize(8).raw().toBuffer();
    const upright = (metadata.orientation ?? 1) >= 5;
    return {
      ok: true,
      format: metadata.format,
      width: upright ? metadata.height : metadata.width,
      height: upright ? metadata.width : metadata.height,
    };
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { ok: false, reason: `the file is not a readable image (${detail})` };
  }
}

function encode(pipeline: Sharp, derivative: Derivative): Sharp {
  const { encoder } = derivative;
  switch (encoder.format) {
    case "avif":
      return pipeline.avif({
        quality: encoder.quality,
        ...(encoder.effort === undefined ? {} : { effort: encoder.effort }),
        ...(encoder.chromaSubsampling === undefined ? {} : { chromaSubsampling: encoder.chromaSubsampling }),
      });
    case "webp":
      return pipeline.webp({ quality: encoder.quality, ...(encoder.effort === undefined ? {} : { effort: encoder.effort }) });
    case "jpeg":
      return pipeline.jpeg({ quality: encoder.quality, mozjpeg: true });
  }
}

/** Encodes one derivative from the source bytes: upright (EXIF orientation applied), sRGB, no metadata. */
export async function encodeDerivative(bytes: Buffer, derivative: Derivative, maxPixels: number): Promise<Buffer> {
  const { default: sharp } = await loadSharp();
  const upright = sharp(bytes, { limitInputPixels: maxPixels }).autoOrient();
  const sized =
    derivative.role === "full" ? upright : upright.resize(derivative.width, derivative.height, { fit: "cover", position: "attention" });
  const softened = derivative.role === "placeholder" ? sized.blur(1.2) : sized;
  return encode(softened.toColourspace("srgb"), derivative).toBuffer();
}
