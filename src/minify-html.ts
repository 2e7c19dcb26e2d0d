// Step 6: minify each page. The one place html-minifier-terser is configured, only with options that never
// change what a page means or how it renders.
import { minify } from "html-minifier-terser";

/** Pages larger than this are not minified: html-minifier-terser is quadratic on long whitespace runs. */
export const MAX_MINIFY_BYTES = 2_000_000;

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

/** Minifies one page of HTML; too-large input is returned unchanged rather than risking a very slow build. */
export async function minifyHtml(html: string): Promise<string> {
  if (html.length > MAX_MINIFY_BYTES) return html;
  return minify(html, OPTIONS);
}
