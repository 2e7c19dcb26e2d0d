// Turns a headline into the article's web address: lowercase ASCII words joined by hyphens, as the schema's slug rule asks.
import slugify from "@sindresorhus/slugify";

/** Longest slug the schema accepts (src/content/article-schema.ts). */
export const MAX_SLUG_LENGTH = 120;

/**
 * The slug for a headline, transliterated to ASCII; empty when nothing in it can be spelled in ASCII (e.g. "北京").
 * @example slugifyHeadline("Lukashenko’s U-turn: what next?") // "lukashenkos-u-turn-what-next"
 */
export function slugifyHeadline(headline: string): string {
  const slug = slugify(headline, {
    // "iPhone" is one word in a headline, not "i-phone".
    decamelize: false,
    // Typographic apostrophes join the word, as straight ones do: "Lukashenko’s" → "lukashenkos".
    customReplacements: [["’", ""]],
  });
  if (slug.length <= MAX_SLUG_LENGTH) return slug;
  // Cut at a word boundary so a long headline never ends in half a word.
  const cut = slug.slice(0, MAX_SLUG_LENGTH + 1);
  const lastHyphen = cut.lastIndexOf("-");
  return (lastHyphen > 0 ? cut.slice(0, lastHyphen) : cut.slice(0, MAX_SLUG_LENGTH)).replace(/-+$/, "");
}
