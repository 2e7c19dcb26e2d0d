// Estimates reading time from the rendered article text.

/** Adult silent reading speed for non-fiction, words per minute (Brysbaert 2019 meta-analysis: 238). */
export const WORDS_PER_MINUTE = 238;

/**
 * Whole minutes to read an HTML fragment, at least one.
 * @example readingMinutes("<p>" + "word ".repeat(500) + "</p>") // 3
 */
export function readingMinutes(html: string): number {
  const words = html.replace(/<[^>]*>/g, " ").match(/\S+/g)?.length ?? 0;
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}
