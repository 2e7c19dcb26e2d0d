// Characters an editor cannot see and a page or feed must not carry: C0 and C1 controls (other than tab and line
// breaks), lone surrogates, and the noncharacters (U+FDD0–U+FDEF and the last two code points of every plane,
// U+FFFE, U+FFFF, U+1FFFE … U+10FFFF). HTML calls them parse errors, and XML 1.0 (the Atom feed, the sitemap)
// forbids most of them outright, so one would break a feed for every reader.
// Bidirectional controls are another matter: legitimate inside right-to-left prose, but in a headline or a file name
// an override reverses whatever follows it, on the page and in the terminal (findBidiControl).

/** True for a code point that must never be published. */
export function isForbiddenCodePoint(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0xd800 && code <= 0xdfff) ||
    (code >= 0xfdd0 && code <= 0xfdef) ||
    (code & 0xfffe) === 0xfffe
  );
}

/** The astral noncharacters U+1FFFE, U+1FFFF … U+10FFFE, U+10FFFF, as a character class body for a `u` pattern. */
const ASTRAL_NONCHARACTERS = Array.from(
  { length: 16 },
  (_, plane) => `\\u{${(plane + 1).toString(16)}fffe}\\u{${(plane + 1).toString(16)}ffff}`,
).join("");

/**
 * Any forbidden character, read by code point (the `u` flag): a surrogate in the class then matches only when it
 * has no partner, and astral noncharacters are single characters.
 */
const FORBIDDEN = new RegExp(
  `[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\ud800-\\udfff\\ufdd0-\\ufdef\\ufffe\\uffff${ASTRAL_NONCHARACTERS}]`,
  "u",
);

/**
 * The same characters without telling a lone surrogate from a pair: a plain class, about five times quicker to
 * scan than the `u` pattern, that clears almost every text (only text with an emoji or other astral character,
 * or a real problem, goes on to FORBIDDEN).
 */
const FORBIDDEN_OR_SURROGATE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this pattern is for.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]/;

/** U+0041 style name of a code point. */
export const codePointName = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;

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
    else if (isForbiddenCodePoint(code)) return { line, name: codePointName(code) };
  }
  return undefined;
}

/** Embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069): they reorder the text after them. */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

/**
 * The U+ name of the first bidirectional control in the text, or undefined.
 * @example findBidiControl("abc\u202edef") // "U+202E"
 */
export function findBidiControl(text: string): string | undefined {
  const found = BIDI_CONTROL.exec(text)?.[0];
  return found === undefined ? undefined : codePointName(found.charCodeAt(0));
}

/** Forbidden characters and bidirectional controls, anywhere, for escaping text before it reaches a terminal. */
const UNPRINTABLE = new RegExp(`${FORBIDDEN.source.slice(0, -1)}\\u202a-\\u202e\\u2066-\\u2069]`, "gu");

/**
 * Text safe to print in a terminal: every invisible or reordering character written as \u{…}.
 * @example escapeForTerminal("evil\u202Etxt.md") // "evil\\u{202E}txt.md"
 */
export function escapeForTerminal(text: string): string {
  return text.replace(UNPRINTABLE, (character) => `\\u{${(character.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`);
}
