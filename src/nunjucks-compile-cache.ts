// Eleventy 3.1 creates a new Nunjucks Template for every page of a paginated template (its Nunjucks engine opts
// out of Eleventy's compile cache: node_modules/@11ty/eleventy/src/Engines/Nunjucks.js, `compile`), so 1000
// articles compiled the same article.njk 1000 times: the largest per-page cost of the build. Compiled code depends
// only on the environment, the template's path and its source, so each distinct source is compiled once.

interface CompiledTemplate {
  blocks: unknown;
  rootRenderFunc: unknown;
  compiled: boolean;
}

interface TemplateInstance extends CompiledTemplate {
  env: object;
  path: string | null;
  tmplStr?: string;
  tmplProps?: unknown;
}

/** The part of the nunjucks module this file touches. */
export interface NunjucksLibrary {
  Template: { prototype: { _compile(this: TemplateInstance): void } };
}

const patched = new WeakSet<object>();

/**
 * Makes Nunjucks compile each (environment, path, source) once per process; a changed template has a new source,
 * so the dev server still sees every edit.
 * @example eleventyConfig.on("eleventy.engine.njk", ({ nunjucks }) => shareCompiledTemplates(nunjucks))
 */
export function shareCompiledTemplates(nunjucks: NunjucksLibrary): void {
  const prototype = nunjucks.Template.prototype;
  if (patched.has(prototype)) return;
  patched.add(prototype);
  const compile = prototype._compile;
  const byEnvironment = new WeakMap<object, Map<string, Pick<CompiledTemplate, "blocks" | "rootRenderFunc">>>();
  prototype._compile = function (this: TemplateInstance) {
    if (this.tmplProps !== undefined || typeof this.tmplStr !== "string") return compile.call(this);
    const compiled = byEnvironment.get(this.env) ?? new Map();
    byEnvironment.set(this.env, compiled);
    const key = `${this.path ?? ""}\0${this.tmplStr}`;
    const known = compiled.get(key);
    if (known) {
      this.blocks = known.blocks;
      this.rootRenderFunc = known.rootRenderFunc;
      this.compiled = true;
      return;
    }
    compile.call(this);
    compiled.set(key, { blocks: this.blocks, rootRenderFunc: this.rootRenderFunc });
  };
}
