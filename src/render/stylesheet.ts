// Loads the site stylesheet once per build, minified once (not once per page) and hashed for the CSP.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { MinifyCache } from "../cache/minify-cache.ts";
import { loadMinifier } from "./minify-html.ts";

export interface Stylesheet {
  /** Minified CSS, inlined into every page's <style>. */
  readonly css: string;
}

const knownHashes = new Map<string, string>();

/**
 * The CSP source for an inline style or script: 'sha256-…' of exactly the bytes between the tags. Remembered per
 * text: every article page carries the same stylesheet, hashed once instead of once a page.
 */
export function cspHash(text: string): string {
  let hash = knownHashes.get(text);
  if (hash === undefined) {
    hash = `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
    knownHashes.set(text, hash);
  }
  return hash;
}

const CSS_OPTIONS = { minifyCSS: true };

async function minifyCss(source: string): Promise<string> {
  const { minify } = await loadMinifier();
  const wrapped = await minify(`<style>${source}</style>`, CSS_OPTIONS);
  return wrapped.replace(/^<style>/, "").replace(/<\/style>$/, "");
}

/**
 * Reads and minifies a CSS file. html-minifier-terser's CSS minifier is reused so there is one minifier to trust;
 * given a cache, unchanged CSS is not minified again (and the minifier is not even loaded).
 */
export async function loadStylesheet(file: string, cache?: MinifyCache): Promise<Stylesheet> {
  const source = await readFile(file, "utf8");
  return { css: cache ? await cache.apply(source, `css ${JSON.stringify(CSS_OPTIONS)}`, minifyCss) : await minifyCss(source) };
}
