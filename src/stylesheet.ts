// Loads the site stylesheet once per build, minified once (not once per page) and hashed for the CSP.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { minify } from "html-minifier-terser";

export interface Stylesheet {
  /** Minified CSS, inlined into every page's <style>. */
  readonly css: string;
}

/** The CSP source for an inline style or script: 'sha256-…' of exactly the bytes between the tags. */
export function cspHash(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/** Reads and minifies a CSS file. html-minifier-terser's CSS minifier is reused so there is one minifier to trust. */
export async function loadStylesheet(file: string): Promise<Stylesheet> {
  const source = await readFile(file, "utf8");
  const wrapped = await minify(`<style>${source}</style>`, { minifyCSS: true });
  return { css: wrapped.replace(/^<style>/, "").replace(/<\/style>$/, "") };
}
