// Characters an editor cannot see and a page or feed must not carry: C0 and C1 controls (other than tab and line
// breaks), lone surrogates, and the noncharacters U+FFFE and U+FFFF. HTML calls them parse errors, and XML 1.0
// (the Atom feed, the sitemap) forbids most of them outright, so one would break a feed for every reader.

/** True for a code point that must never be published. */
export function isForbiddenCodePoint(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0xd800 && code <= 0xdfff) ||
    code === 0xfffe ||
    code === 0xffff
  );
}

/** Any forbidden character, as UTF-16 code units: a control, a noncharacter, or a surrogate without its pair. */
const FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this pattern is for.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The same characters without telling a lone surrogate from a pair: a plain class, about five times quicker to
 * scan than FORBIDDEN's lookarounds, that clears almost every text (only text with an emoji or other astral
 * character, or a real problem, goes on to FORBIDDEN).
 */
const FORBIDDEN_OR_SURROGATE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this pattern is for.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/;

/**
 * The first forbidden character in the text: its 1-based line and its U+ name, or undefined when there is none.
 * @example findControlCharacter("a\nb\u0007") // { line: 2, name: "U+0007" }
 */
export function findControlCharacter(text: string): { readonly line: number; readonly name: string } | undefined {
  // Almost every text is clean: native scans say so at a fraction of the cost of the loop that locates one.
  if (!FORBIDDEN_OR_SURROGATE.test(text) || !FORBIDDEN.test(text)) return undefined;
  let line = 1;
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code === 0x0a) line++;
    else if (isForbiddenCodePoint(code)) return { line, name: `U+${code.toString(16).toUpperCase().padStart(4, "0")}` };
  }
  return undefined;
}
