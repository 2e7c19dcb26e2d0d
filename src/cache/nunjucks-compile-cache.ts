// Eleventy 3.1 creates a new Nunjucks Template for every page of a paginated template (its Nunjucks engine opts
// out of Eleventy's compile cache: node_modules/@11ty/eleventy/src/Engines/Nunjucks.js, `compile`), and every
// build parses every template again. Compiled code depends only on the environment, the template's path and its
// source, so each distinct source is compiled once per process, and its compiled JavaScript is remembered on disk
// for the next build (a warm build parses no template). The patch is on the shared nunjucks module, so it serves
// Eleventy's pages and the article renderer's layouts (src/template-environment.ts) alike.
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";

interface CompiledTemplate {
  blocks: unknown;
  rootRenderFunc: unknown;
  compiled: boolean;
}

interface TemplateInstance extends CompiledTemplate {
  env: { asyncFilters: string[]; extensionsList: { tags?: string[] }[]; opts: object };
  path: string | null;
  tmplStr?: string;
  tmplProps?: unknown;
}

/** The part of the nunjucks module this file touches. */
export interface NunjucksLibrary {
  Template: { prototype: { _compile(this: TemplateInstance): void } };
  compiler: { compile(source: string, asyncFilters: string[], extensions: object[], name: string | null, options: object): string };
}

/** Compiled template code from earlier builds, keyed by everything the compiler reads, plus the installed packages. */
export class CompiledTemplateStore {
  readonly #file: string;
  readonly #salt: string;
  readonly #remembered: ReadonlyMap<string, string>;
  readonly #used = new Map<string, string>();
  #dirty = false;

  private constructor(file: string, salt: string, remembered: ReadonlyMap<string, string>) {
    this.#file = file;
    this.#salt = salt;
    this.#remembered = remembered;
  }

  /** Opens the store; `lockFile` (package-lock.json) versions it, since a new Nunjucks or Eleventy may compile differently. */
  static open(file: string, lockFile: string): CompiledTemplateStore {
    let salt = "";
    let remembered = new Map<string, string>();
    try {
      salt = createHash("sha256").update(readFileSync(lockFile)).digest("hex");
      const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
      if (parsed !== null && typeof parsed === "object") {
        remembered = new Map(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
      }
    } catch {
      // Nothing remembered yet.
    }
    return new CompiledTemplateStore(file, salt, remembered);
  }

  /** The compiled code for `input`, compiling it on a miss. */
  compiled(input: unknown, compile: () => string): string {
    const key = createHash("sha256")
      .update(JSON.stringify([this.#salt, input]))
      .digest("base64url");
    const known = this.#used.get(key) ?? this.#remembered.get(key);
    if (known !== undefined) {
      this.#used.set(key, known);
      return known;
    }
    const code = compile();
    this.#used.set(key, code);
    this.#dirty = true;
    return code;
  }

  /** Writes what this process used, when anything was new. */
  async save(): Promise<void> {
    if (!this.#dirty) return;
    await mkdir(path.dirname(this.#file), { recursive: true });
    const temporary = `${this.#file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    await writeFile(temporary, JSON.stringify(Object.fromEntries(this.#used)));
    await rename(temporary, this.#file);
    this.#dirty = false;
  }
}

const patched = new WeakSet<object>();

/**
 * Makes Nunjucks compile each (environment, path, source) once per process, taking the compiled code from `store`
 * when an earlier build made it; a changed template has a new source, so the dev server still sees every edit.
 * @example eleventyConfig.on("eleventy.engine.njk", ({ nunjucks }) => shareCompiledTemplates(nunjucks, store))
 */
export function shareCompiledTemplates(nunjucks: NunjucksLibrary, store?: CompiledTemplateStore): void {
  const prototype = nunjucks.Template.prototype;
  if (patched.has(prototype)) return;
  patched.add(prototype);
  const compile = prototype._compile;
  const byEnvironment = new WeakMap<object, Map<string, Pick<CompiledTemplate, "blocks" | "rootRenderFunc">>>();
  prototype._compile = function (this: TemplateInstance) {
    const source = this.tmplStr;
    if (this.tmplProps !== undefined || typeof source !== "string") return compile.call(this);
    const compiled = byEnvironment.get(this.env) ?? new Map();
    byEnvironment.set(this.env, compiled);
    const key = `${this.path ?? ""}\0${source}`;
    const known = compiled.get(key);
    if (known) {
      this.blocks = known.blocks;
      this.rootRenderFunc = known.rootRenderFunc;
      this.compiled = true;
      return;
    }
    if (store) {
      const { asyncFilters, extensionsList, opts } = this.env;
      const input = [this.path, source, asyncFilters, extensionsList.map((extension) => extension.tags ?? []), opts];
      const code = store.compiled(input, () => nunjucks.compiler.compile(source, asyncFilters, extensionsList, this.path, opts));
      // Exactly what Nunjucks does with its own compiled code (Template#_compile); precompiled props skip the parser.
      this.tmplProps = new Function(code)();
    }
    compile.call(this);
    compiled.set(key, { blocks: this.blocks, rootRenderFunc: this.rootRenderFunc });
  };
}
