// The site's security headers: a strict Content-Security-Policy (no script at all, styles only by the hash of each
// inline <style> in the final bytes), written to _site/_headers for Netlify and Cloudflare Pages, and put into
// each page as a <meta http-equiv> for hosts that cannot set headers. Runs after every page is written.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { IMAGE_URL_PREFIX } from "../images/headline-image.ts";
import { cspHash } from "../render/stylesheet.ts";
import { entryPath, listTree } from "./list-files.ts";

/** Headers for every response. CSP is per page (below): two matching CSP headers would be two policies, both enforced. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy":
    "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=()",
  // frame-ancestors in the CSP does the same for current browsers; this covers older ones.
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
};

/** Published images are named by a hash of their content (src/images/image-plan.ts), so a URL's bytes never change. */
export const IMMUTABLE_CACHE = "public, max-age=31536000, immutable";

/** The element a CSP meta tag is written as; it goes right after <meta charset>, before anything it governs. */
const CSP_META = "Content-Security-Policy";

/** Pages read and rewritten at once by secureOutput. */
const PAGES_IN_FLIGHT = 16;

const STYLE_ELEMENT = /<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi;

/**
 * The text of every <style> element, exactly as the browser hashes it. <style> holds raw text (no entities, no
 * comments) ending at the first `</style`, so a pattern reads it as an HTML parser does.
 */
export function inlineStyles(html: string): string[] {
  return [...html.matchAll(STYLE_ELEMENT)].map((match) => match[1] ?? "");
}

/**
 * The policy for a page with these inline styles. `forMeta` leaves out frame-ancestors, which browsers ignore
 * (and warn about) in a <meta>.
 * @example contentSecurityPolicy(["body{margin:0}"], { forMeta: false })
 */
export function contentSecurityPolicy(styles: readonly string[], options: { readonly forMeta: boolean }): string {
  const hashes = [...new Set(styles.map(cspHash))].sort();
  const directives = [
    "default-src 'none'",
    "img-src 'self' data:",
    // No script can run, so this opens nothing; it lets Lighthouse fetch /robots.txt from the page (GoogleChrome/lighthouse#4386).
    "connect-src 'self'",
    `style-src ${hashes.length === 0 ? "'none'" : hashes.join(" ")}`,
    "base-uri 'none'",
    "form-action 'none'",
    ...(options.forMeta ? [] : ["frame-ancestors 'none'"]),
  ];
  return directives.join("; ");
}

/** Inserts (or replaces) the page's CSP meta element right after <meta charset>, or at the start of <head>. */
export function withCspMeta(html: string, policy: string): string {
  const meta = `<meta http-equiv="${CSP_META}" content="${policy.replace(/&/g, "&amp;").replace(/"/g, "&quot;")}">`;
  const existing = new RegExp(`<meta http-equiv="${CSP_META}"[^>]*>`, "i");
  if (existing.test(html)) return html.replace(existing, () => meta);
  const anchor = /<meta charset="?[\w-]+"?\s*\/?>/i.exec(html) ?? /<head\b[^>]*>/i.exec(html);
  if (!anchor) throw new Error("a page has no <head>: cannot add its Content-Security-Policy");
  const at = anchor.index + anchor[0].length;
  return `${html.slice(0, at)}${meta}${html.slice(at)}`;
}

/** The URL paths a host serves one output file at: `a/index.html` is `/a/` and `/a/index.html`; `404.html` also `/404`. */
export function servedPaths(file: string): string[] {
  const url = `/${file.split(path.sep).join("/")}`;
  if (url.endsWith("/index.html")) return [url.slice(0, -"index.html".length), url];
  return [url.slice(0, -".html".length), url];
}

/** The `_headers` file (Netlify and Cloudflare Pages format) for pages with the given policies. */
export function headersFile(pages: ReadonlyMap<string, string>): string {
  const block = (pattern: string, headers: Readonly<Record<string, string>>) =>
    `${pattern}\n${Object.entries(headers)
      .map(([name, value]) => `  ${name}: ${value}`)
      .join("\n")}\n`;
  const blocks = [block("/*", COMMON_HEADERS), block(`${IMAGE_URL_PREFIX}*`, { "Cache-Control": IMMUTABLE_CACHE })];
  for (const [file, policy] of [...pages].sort(([a], [b]) => a.localeCompare(b))) {
    for (const served of servedPaths(file)) blocks.push(block(served, { "Content-Security-Policy": policy }));
  }
  return `# Written by the build (src/security-headers.ts): do not edit.\n${blocks.join("")}`;
}

/**
 * Gives every HTML page in the output its CSP meta element and writes `_headers`. Hashes are taken from the
 * pages as written, after minification, so they match the bytes the browser receives. Pages in `secured` (page
 * path → header policy) already carry their meta element (src/render/write-pages.ts) and are not read again.
 * @returns the number of pages secured.
 */
export async function secureOutput(outputDir: string, secured: ReadonlyMap<string, string> = new Map()): Promise<number> {
  const pages = listTree(outputDir)
    .filter((entry) => entry.isFile() && entry.name.endsWith(".html"))
    .map((entry) => path.relative(outputDir, entryPath(entry)))
    .sort();
  const policies = new Map<string, string>();
  const secure = async (page: string) => {
    const known = secured.get(page.split(path.sep).join("/"));
    if (known !== undefined) {
      policies.set(page, known);
      return;
    }
    const file = path.join(outputDir, page);
    const html = await readFile(file, "utf8");
    if (!/<head\b/i.test(html)) throw new Error(`${page} has no <head>, so it cannot carry its Content-Security-Policy: give it a layout`);
    const styles = inlineStyles(html);
    await writeFile(file, withCspMeta(html, contentSecurityPolicy(styles, { forMeta: true })));
    policies.set(page, contentSecurityPolicy(styles, { forMeta: false }));
  };
  // A few pages at a time: file reads and writes overlap, memory stays flat on a site of thousands of pages.
  for (let index = 0; index < pages.length; index += PAGES_IN_FLIGHT) {
    await Promise.all(pages.slice(index, index + PAGES_IN_FLIGHT).map(secure));
  }
  await writeFile(path.join(outputDir, "_headers"), headersFile(policies));
  return pages.length;
}
