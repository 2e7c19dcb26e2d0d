// The Nunjucks environment every page is rendered with, Eleventy's pages and the article pages alike: each
// template is minified once (src/render/minify-html.ts), so no page is minified after rendering. Same options and filters
// (src/render/template-filters.ts) everywhere. Templates are our own files; article content only ever arrives as
// escaped values.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import nunjucks from "nunjucks";
import type { MinifyCache } from "../cache/minify-cache.ts";
import { minifyTemplate, TEMPLATE_MINIFY_SETTINGS } from "./minify-html.ts";
import { TEMPLATE_FILTERS } from "./template-filters.ts";

export const NUNJUCKS_OPTIONS = { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true } as const;

/** The site's templates, minified. */
export interface MinifiedTemplates {
  /** Each template in src/render/layouts/, by file name (`{% extends "base.njk" %}`). */
  readonly layouts: Readonly<Record<string, string>>;
  /** The body (after its front matter) of each page in src/render/pages/ that is written as HTML, keyed by the body as written. */
  readonly pages: Readonly<Record<string, string>>;
}

/** A page template's front matter and body, split as Eleventy splits them. */
const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/;
/**
 * A page written as HTML (its permalink, a path or a template of one, ends in .html): feeds, sitemap and
 * robots.txt are not HTML and are left exactly as written.
 */
const HTML_PERMALINK = /^permalink:\s*(["']?)\S.*\.html\1\s*$/m;

async function njkFiles(folder: string): Promise<string[]> {
  return (await readdir(folder)).filter((name) => name.endsWith(".njk")).sort();
}

/** Minifies the layouts and the HTML pages; `cache` remembers the results, so a warm build never loads the minifier. */
export async function minifyTemplates(
  folders: { readonly layoutsDir: string; readonly pagesDir: string },
  cache?: MinifyCache,
): Promise<MinifiedTemplates> {
  const minify = (source: string) => (cache ? cache.apply(source, TEMPLATE_MINIFY_SETTINGS, minifyTemplate) : minifyTemplate(source));
  const layoutNames = await njkFiles(folders.layoutsDir);
  const layouts = await Promise.all(
    layoutNames.map(async (name) => [name, await minify(await readFile(path.join(folders.layoutsDir, name), "utf8"))] as const),
  );
  const pageBodies = await Promise.all(
    (await njkFiles(folders.pagesDir)).map(async (name) => {
      const source = await readFile(path.join(folders.pagesDir, name), "utf8");
      const [whole, frontMatter] = FRONT_MATTER.exec(source) ?? ["", ""];
      return HTML_PERMALINK.test(frontMatter ?? "") ? [source.slice(whole.length)] : [];
    }),
  );
  const pages = await Promise.all(pageBodies.flat().map(async (body) => [body, await minify(body)] as const));
  return { layouts: Object.fromEntries(layouts), pages: Object.fromEntries(pages) };
}

const sameStrings = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([name, text]) => b[name] === text);

/** Serves the minified layouts to Nunjucks; the dev server hands it new ones when a layout changes. */
export class MinifiedTemplateLoader implements nunjucks.ILoader {
  /** Read by Eleventy when a template changes (its Nunjucks engine clears this loader's entry for the file). */
  readonly pathsToNames: Record<string, string> = {};
  cache: Record<string, unknown> = {};
  #layouts: Readonly<Record<string, string>> = {};

  constructor(templates?: MinifiedTemplates) {
    if (templates) this.use(templates);
  }

  /** Serves these templates from now on, and forgets templates compiled from the previous ones if they differ. */
  use(templates: MinifiedTemplates): void {
    // Called before every page, and with a fresh copy on every dev-server rebuild: the same layouts keep what
    // Nunjucks compiled (a listing page includes a card fifty times; compiling them all again cost about 10 ms of
    // each edit), changed ones start afresh.
    const same = templates.layouts === this.#layouts || sameStrings(templates.layouts, this.#layouts);
    this.#layouts = templates.layouts;
    if (!same) this.cache = {};
  }

  getSource(name: string): nunjucks.LoaderSource {
    const src = this.#layouts[name];
    if (src === undefined) throw new Error(`template not found: ${name} (layouts live in src/render/layouts/)`);
    return { src, path: name, noCache: false };
  }
}

/** An environment over the minified layouts, with the site's options and filters. */
export function createTemplateEnvironment(loader: MinifiedTemplateLoader): nunjucks.Environment {
  const environment = new nunjucks.Environment(loader, NUNJUCKS_OPTIONS);
  for (const [name, filter] of Object.entries(TEMPLATE_FILTERS)) environment.addFilter(name, filter as (...args: unknown[]) => unknown);
  return environment;
}
