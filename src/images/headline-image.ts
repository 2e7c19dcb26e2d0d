// Turns a planned, cached headline image into what the layout needs: <picture> sources, the fallback <img>,
// the full-size link, the crops for structured data, the social card and the inline blurred placeholder.
import { encodeDerivatives, type ImageCache, readDerivative } from "./image-cache.ts";
import type { Derivative, ImageFormat } from "./image-plan.ts";

/** Public URL folder of every published image. */
export const IMAGE_URL_PREFIX = "/img/";

export const MIME_TYPES: Readonly<Record<ImageFormat, string>> = {
  avif: "image/avif",
  webp: "image/webp",
  jpeg: "image/jpeg",
  png: "image/png",
};

export interface PictureSource {
  readonly type: string;
  readonly srcset: string;
}

export interface ImageRef {
  readonly url: string;
  readonly width: number;
  readonly height: number;
}

export interface HeadlineImage {
  readonly alt: string;
  readonly caption?: string;
  readonly credit?: string;
  /** `<source>` elements, best format first; the fallback format is in `fallback` instead. */
  readonly sources: readonly PictureSource[];
  readonly fallback: ImageRef & { readonly srcset: string };
  readonly full: ImageRef;
  readonly crops: readonly ImageRef[];
  readonly social: ImageRef;
  /** A tiny blurred WebP as a data: URL, painted behind the image until it loads. */
  readonly placeholder: string;
  /** Every derivative, so the build can publish exactly these files. */
  readonly derivatives: readonly Derivative[];
  /** The source the derivatives were made from, to encode again any the cache no longer holds intact. */
  readonly source: ImageSourceRef;
}

export interface ImageSourceRef {
  /** Absolute path of the source image. */
  readonly file: string;
  /** sha256 of the bytes the derivatives were planned from. */
  readonly hash: string;
  readonly maxPixels: number;
}

const urlOf = (derivative: Derivative): ImageRef => ({
  url: `${IMAGE_URL_PREFIX}${derivative.fileName}`,
  width: derivative.width,
  height: derivative.height,
});

function single(derivatives: readonly Derivative[], role: Derivative["role"]): Derivative {
  const found = derivatives.find((derivative) => derivative.role === role);
  if (!found) throw new Error(`the image plan has no ${role} derivative`);
  return found;
}

/**
 * Builds the layout's view of a headline image from its derivatives. The placeholder's bytes are inlined: verified
 * ones from the cache, or encoded again when the cache cannot give them (a read-only cache, damage meanwhile).
 */
export async function describeHeadlineImage(
  derivatives: readonly Derivative[],
  text: { readonly alt: string; readonly caption?: string | undefined; readonly credit?: string | undefined },
  images: ImageCache,
  source: ImageSourceRef & { readonly bytes: Buffer },
): Promise<HeadlineImage> {
  const responsive = derivatives.filter((derivative) => derivative.role === "responsive");
  const formats = [...new Set(responsive.map((derivative) => derivative.encoder.format))];
  const fallbackFormat = formats.at(-1);
  if (fallbackFormat === undefined) throw new Error("the image plan has no responsive derivatives");
  const srcsetOf = (format: ImageFormat) =>
    responsive
      .filter((derivative) => derivative.encoder.format === format)
      .map((derivative) => `${IMAGE_URL_PREFIX}${derivative.fileName} ${derivative.width}w`)
      .join(", ");
  const fallbackSet = responsive.filter((derivative) => derivative.encoder.format === fallbackFormat);
  // The fallback src is the middle width: sensible for the rare browser that ignores srcset.
  const fallbackImage = fallbackSet[Math.floor((fallbackSet.length - 1) / 2)] ?? single(derivatives, "responsive");
  const placeholder = single(derivatives, "placeholder");
  const placeholderBytes =
    (await readDerivative(images, placeholder)) ??
    (await encodeDerivatives(source.bytes, [placeholder], images, source.maxPixels)).get(placeholder) ??
    Buffer.alloc(0);
  return {
    alt: text.alt,
    ...(text.caption === undefined ? {} : { caption: text.caption }),
    ...(text.credit === undefined ? {} : { credit: text.credit }),
    sources: formats.slice(0, -1).map((format) => ({ type: MIME_TYPES[format], srcset: srcsetOf(format) })),
    fallback: { ...urlOf(fallbackImage), srcset: srcsetOf(fallbackFormat) },
    full: urlOf(single(derivatives, "full")),
    crops: derivatives.filter((derivative) => derivative.role === "crop").map(urlOf),
    social: urlOf(single(derivatives, "social")),
    placeholder: `data:image/webp;base64,${placeholderBytes.toString("base64")}`,
    derivatives: derivatives.filter((derivative) => derivative.role !== "placeholder"),
    source: { file: source.file, hash: source.hash, maxPixels: source.maxPixels },
  };
}
