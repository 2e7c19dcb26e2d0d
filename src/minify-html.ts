// Step 6: minify each page. The one place html-minifier-terser is configured, only with options that never
// change what a page means or how it renders.

/** Pages larger than this are not minified: html-minifier-terser is quadratic on long whitespace runs. */
export const MAX_MINIFY_BYTES = 2_000_000;

/**
 * Pages with a longer run of whitespace are not minified either: the minifier's time grows with the square of each
 * run (10,000 spaces take 2 s, 40,000 take 20 s). Runs up to this length cost at most a few seconds per megabyte.
 */
export const MAX_WHITESPACE_RUN = 200;

const OPTIONS = {
  collapseWhitespace: true,
  conservativeCollapse: true, // keeps one space where whitespace was, so inline text never runs together
  removeComments: true,
  collapseBooleanAttributes: true,
  removeRedundantAttributes: false, // keeps explicit attributes such as type on <source>
  sortAttributes: false,
  minifyCSS: false, // CSS is minified once at start-up, and CSP hashes are taken on exactly those bytes
  minifyJS: false, // pages carry no scripts; JSON-LD is serialised compactly already
  decodeEntities: false, // entities written by the templates stay as written
  keepClosingSlash: false,
};

/** Everything that decides the output besides the input and the minifier's version: part of the minify cache key. */
export const MINIFY_SETTINGS = JSON.stringify([OPTIONS, MAX_MINIFY_BYTES, MAX_WHITESPACE_RUN]);

/**
 * Nunjucks tags, outputs and comments: left exactly as written when a template is minified, so the minifier works
 * on the HTML around them and the template engine still reads them.
 */
const TEMPLATE_FRAGMENTS = [/\{%[\s\S]*?%\}/, /\{\{[\s\S]*?\}\}/, /\{#[\s\S]*?#\}/];

/** The same options for a template's source (see minifyTemplate). */
const TEMPLATE_OPTIONS = { ...OPTIONS, ignoreCustomFragments: TEMPLATE_FRAGMENTS, preserveLineBreaks: true };

/** Part of the minify cache key for templates. */
export const TEMPLATE_MINIFY_SETTINGS = JSON.stringify(["template", TEMPLATE_OPTIONS, TEMPLATE_FRAGMENTS.map(String)]);

/** True when the text has a run of whitespace longer than `limit` characters; one pass, no regular expression. */
export function hasLongWhitespaceRun(text: string, limit = MAX_WHITESPACE_RUN): boolean {
  let run = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    run = code === 32 || (code >= 9 && code <= 13) || code === 0xa0 ? run + 1 : 0;
    if (run > limit) return true;
  }
  return false;
}

let minifier: Promise<typeof import("html-minifier-terser")> | undefined;
/**
 * Loaded on first use: a warm build takes every page from the minify cache and never loads it. Memoised, because
 * each `import()` goes through Eleventy's module hooks even when the module is loaded (about 1 ms a page).
 */
export const loadMinifier = () => (minifier ??= import("html-minifier-terser"));

/**
 * Minifies a Nunjucks template's HTML once, instead of every page rendered from it: the article pages are the
 * template plus values it escapes, so they come out minified without html-minifier-terser's ~2.7 ms per page.
 * @example await minifyTemplate("<p>\n  {{ title }}\n</p>") // "<p> {{ title }} </p>"
 */
export async function minifyTemplate(source: string): Promise<string> {
  const { minify } = await loadMinifier();
  return minify(source, TEMPLATE_OPTIONS);
}

/** Minifies one page of HTML; too-large input is returned unchanged rather than risking a very slow build. */
export async function minifyHtml(html: string): Promise<string> {
  if (html.length > MAX_MINIFY_BYTES || hasLongWhitespaceRun(html)) return html;
  const { minify } = await loadMinifier();
  return minify(html, OPTIONS);
}
