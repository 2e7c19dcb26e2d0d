// A picture in the text, from the Markdown's record (src/content/render-markdown.ts) to the HTML that replaces its
// marker: its file checked like the headline image's (image-source.ts), its derivatives planned for the text
// column (image-plan.ts), encoded through the same cache (image-cache.ts), and described as a <figure> (or, for a
// video card's poster, a bare <picture>). Escaped here, since the result enters the page as HTML.
import type { TextPicture } from "../content/render-markdown.ts";
import { IMAGE_URL_PREFIX, type ImageSourceRef, MIME_TYPES } from "./headline-image.ts";
import { encodeDerivatives, type ImageCache, readDerivative } from "./image-cache.ts";
import type { Derivative, ImageFormat, PictureFamily } from "./image-plan.ts";
import type { LoadedImage } from "./image-source.ts";

/** What publish-images.ts needs of any picture: the files to publish and the source to encode them again from. */
export interface PublishedPicture {
  readonly derivatives: readonly Derivative[];
  readonly source: ImageSourceRef;
}

/** A photo keeps JPEG; a PNG, GIF or SVG source, or any picture with transparency, is a graphic and keeps PNG. */
export function pictureFamily(image: Pick<LoadedImage, "format" | "hasAlpha">): PictureFamily {
  return image.hasAlpha || ["png", "gif", "svg"].includes(image.format) ? "graphic" : "photo";
}

const escapeText = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");

/** The class that gives a picture its placeholder in the page's <style>, unique on the page. */
export const placeholderClass = (index: number) => `tp${index}`;

/**
 * The HTML for one picture and the CSS rule that paints its blurred placeholder. `lazy` is false for a picture in
 * the first screen. The placeholder's bytes are verified ones from the cache, or encoded again.
 */
export async function describeTextPicture(
  picture: TextPicture,
  index: number,
  derivatives: readonly Derivative[],
  lazy: boolean,
  images: ImageCache,
  source: ImageSourceRef & { readonly bytes: Buffer },
): Promise<{ html: string; style: string }> {
  const responsive = derivatives.filter((derivative) => derivative.role === "responsive");
  const formats = [...new Set(responsive.map((derivative) => derivative.encoder.format))];
  const srcsetOf = (format: ImageFormat) =>
    responsive
      .filter((derivative) => derivative.encoder.format === format)
      .map((derivative) => `${IMAGE_URL_PREFIX}${derivative.fileName} ${derivative.width}w`)
      .join(", ");
  const full = derivatives.find((derivative) => derivative.role === "full");
  const placeholder = derivatives.find((derivative) => derivative.role === "placeholder");
  const fallbackFormat = formats.at(-1);
  const fallbackSet = responsive.filter((derivative) => derivative.encoder.format === fallbackFormat);
  const fallback = fallbackSet[Math.min(1, fallbackSet.length - 1)];
  if (full === undefined || placeholder === undefined || fallback === undefined || fallbackFormat === undefined) {
    throw new Error("the picture plan lacks a derivative");
  }
  // Shown at its own size, or the column's (40rem on a desktop; the screen less the page's margins on a phone).
  const sizes =
    full.width >= 640
      ? "(min-width: 44rem) 40rem, calc(100vw - 2rem)"
      : `(min-width: ${full.width + 32}px) ${full.width}px, calc(100vw - 2rem)`;
  const sources = formats
    .slice(0, -1)
    .map((format) => `<source type="${MIME_TYPES[format]}" srcset="${srcsetOf(format)}" sizes="${sizes}">`)
    .join("");
  const img =
    `<img class="${placeholderClass(index)}" src="${IMAGE_URL_PREFIX}${fallback.fileName}" srcset="${srcsetOf(fallbackFormat)}" ` +
    `sizes="${sizes}" width="${full.width}" height="${full.height}" alt="${escapeText(picture.alt)}"` +
    `${lazy ? ' loading="lazy"' : ""} decoding="async">`;
  const pictureHtml = `<picture>${sources}${img}</picture>`;
  const bytes =
    (await readDerivative(images, placeholder)) ??
    (await encodeDerivatives(source.bytes, [placeholder], images, source.maxPixels)).get(placeholder) ??
    Buffer.alloc(0);
  const style = `.${placeholderClass(index)}{background-image:url(data:image/webp;base64,${bytes.toString("base64")})}`;
  if (picture.role === "poster") return { html: pictureHtml, style };
  return { html: figureHtml(picture, pictureHtml, `${IMAGE_URL_PREFIX}${full.fileName}`), style };
}

/**
 * The figure around a picture: the picture linked to its full size, then its caption and credit. The link is named by
 * the picture's description; a picture written with none (`![](chart.png)`) gives the link a name of its own, as a
 * link with no name cannot be followed by readers who do not see it.
 * @example figureHtml({ alt: "A chart" }, "<picture>…</picture>", "/img/chart-full.png") // '<figure class="text-figure"><a …>…</a></figure>'
 */
export function figureHtml(picture: Pick<TextPicture, "alt" | "caption" | "credit">, pictureHtml: string, fullUrl: string): string {
  const caption =
    picture.caption === undefined && picture.credit === undefined
      ? ""
      : `<figcaption>${escapeText(picture.caption ?? "")}${picture.credit === undefined ? "" : `${picture.caption === undefined ? "" : " "}<span class="credit">${escapeText(picture.credit)}</span>`}</figcaption>`;
  const name = picture.alt.trim() === "" ? ' aria-label="The picture at full size"' : "";
  return `<figure class="text-figure"><a class="text-image" href="${escapeText(fullUrl)}"${name}>${pictureHtml}</a>${caption}</figure>`;
}
