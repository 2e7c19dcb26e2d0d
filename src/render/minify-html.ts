// Minification: the one place html-minifier-terser is configured, only with options that never change what a
// page means or how it renders. Templates are minified, not pages (src/render/template-environment.ts): a page is its
// minified template plus escaped values, and minifying each page again would cost about 2.7 ms a page.

/** What the minifier may do to HTML. */
export const HTML_OPTIONS = {
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
} as const;

/**
 * Nunjucks tags, outputs and comments: left exactly as written when a template is minified, so the minifier works
 * on the HTML around them and the template engine still reads them.
 */
const TEMPLATE_FRAGMENTS = [/\{%[\s\S]*?%\}/, /\{\{[\s\S]*?\}\}/, /\{#[\s\S]*?#\}/];

/**
 * For a template's source. Line breaks are kept (as one), so Nunjucks' trimBlocks still removes the line break
 * after a tag, and a tag whose condition is false leaves no doubled space behind.
 */
const TEMPLATE_OPTIONS = { ...HTML_OPTIONS, ignoreCustomFragments: TEMPLATE_FRAGMENTS, preserveLineBreaks: true };

/** Everything that decides a minified template besides its source and the minifier's version: part of the cache key. */
export const TEMPLATE_MINIFY_SETTINGS = JSON.stringify(["template", TEMPLATE_OPTIONS, TEMPLATE_FRAGMENTS.map(String)]);

let minifier: Promise<typeof import("html-minifier-terser")> | undefined;
/**
 * Loaded on first use: a warm build takes every template and the stylesheet from the minify cache and never loads
 * it (terser and clean-css take about a quarter of a bare Eleventy start just to load). Memoised, because each
 * `import()` goes through Eleventy's module hooks even when the module is loaded.
 */
export const loadMinifier = () => (minifier ??= import("html-minifier-terser"));

/**
 * Minifies a Nunjucks template's HTML once, instead of every page rendered from it.
 * @example await minifyTemplate("<p>\n  {{ title }}\n</p>") // "<p>\n{{ title }}\n</p>"
 */
export async function minifyTemplate(source: string): Promise<string> {
  const { minify } = await loadMinifier();
  return minify(source, TEMPLATE_OPTIONS);
}
