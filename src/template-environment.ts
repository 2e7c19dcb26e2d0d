// The Nunjucks environment the article pages are rendered with: the layouts in src/layouts/, each minified once
// as a template (src/minify-html.ts), the same options as Eleventy's Nunjucks and the same filters
// (src/template-filters.ts). Templates are our own files; article content only ever arrives as escaped values.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import nunjucks from "nunjucks";
import type { MinifyCache } from "./minify-cache.ts";
import { minifyTemplate, TEMPLATE_MINIFY_SETTINGS } from "./minify-html.ts";
import { TEMPLATE_FILTERS } from "./template-filters.ts";

/** Eleventy's pages and the article pages render with these (.eleventy.ts passes them to Eleventy). */
export const NUNJUCKS_OPTIONS = { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true } as const;

/** Every `.njk` file directly in `folder`, minified, by file name. */
async function readMinifiedTemplates(folder: string, cache: MinifyCache | undefined): Promise<Map<string, string>> {
  const names = (await readdir(folder)).filter((name) => name.endsWith(".njk"));
  const minify = (source: string) => (cache ? cache.apply(source, TEMPLATE_MINIFY_SETTINGS, minifyTemplate) : minifyTemplate(source));
  const sources = await Promise.all(names.map(async (name) => minify(await readFile(path.join(folder, name), "utf8"))));
  return new Map(names.map((name, index) => [name, sources[index] as string]));
}

/**
 * An environment whose templates are the minified layouts of `layoutsDir`, read once: `{% extends "base.njk" %}`
 * resolves among them. `cache` remembers the minified sources, so a warm build never loads the minifier.
 */
export async function createTemplateEnvironment(layoutsDir: string, cache?: MinifyCache): Promise<nunjucks.Environment> {
  const templates = await readMinifiedTemplates(layoutsDir, cache);
  const loader: nunjucks.ILoader = {
    getSource(name: string) {
      const src = templates.get(name);
      if (src === undefined) throw new Error(`no template ${name} in ${layoutsDir}`);
      return { src, path: path.join(layoutsDir, name), noCache: false };
    },
  };
  const environment = new nunjucks.Environment(loader, NUNJUCKS_OPTIONS);
  for (const [name, filter] of Object.entries(TEMPLATE_FILTERS)) environment.addFilter(name, filter as (...args: unknown[]) => unknown);
  return environment;
}
