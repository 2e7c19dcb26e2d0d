// Eleventy runs JavaScript front matter (---js, ---javascript, ---node) by default. Our templates are our own, but
// src/build/eleventy-config.ts turns those engines off anyway. Proof: a template whose front matter writes a trace file, built
// in a copy of the project; a control build of a copy with the engines left on shows the trace would appear.
import assert from "node:assert/strict";
import { access, cp, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import type { buildSite } from "../../src/build/build-site.ts";
import { articleText, makeContentDir, VALID_FRONT_MATTER } from "../helpers/fixture-site.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const ENGINES_OFF = /\n\s*eleventyConfig\.setFrontMatterParsingOptions\(\{[\s\S]*?\}\);\n/;

const work = path.join(os.tmpdir(), `newsroom-hostile-templates-${process.pid}`);

/** Eleventy reads its folders relative to the working directory: each build runs from its copy's root. */
async function buildFrom(root: string, outputDir: string) {
  const cwd = process.cwd();
  process.chdir(root);
  try {
    // The copy's own build, wiring included: it is what this test changes.
    const copy = (await import(path.join(root, "src", "build", "build-site.ts"))) as { buildSite: typeof buildSite };
    return await copy.buildSite({ root, outputDir, log: () => {} });
  } finally {
    process.chdir(cwd);
  }
}

/** A copy of the project with one extra page whose front matter, if run, writes `trace`. */
async function projectWithHostilePage(name: string, engine: string, trace: string, enginesOn: boolean): Promise<string> {
  const root = path.join(work, name);
  await mkdir(root, { recursive: true });
  for (const entry of ["package.json", "src", "assets"]) await cp(path.join(ROOT, entry), path.join(root, entry), { recursive: true });
  const wiring = path.join("src", "build", "eleventy-config.ts");
  const config = await readFile(path.join(ROOT, wiring), "utf8");
  assert.match(config, ENGINES_OFF, "the Eleventy wiring turns the JavaScript front matter engines off");
  await writeFile(path.join(root, wiring), enginesOn ? config.replace(ENGINES_OFF, "\n") : config);
  await symlink(path.join(ROOT, "node_modules"), path.join(root, "node_modules"));
  const code = `require("node:fs").writeFileSync(${JSON.stringify(trace)}, "ran")`;
  await writeFile(
    path.join(root, "src", "render", "pages", "hostile.njk"),
    `---${engine}\n{ permalink: (${code}, "/hostile.html") }\n---\nhostile\n`,
  );
  return root;
}

/** The messages of an error and of the errors it wraps (`cause`). */
function causes(error: unknown): string[] {
  const messages: string[] = [];
  for (let current = error; current instanceof Error && messages.length < 10; current = current.cause) messages.push(current.message);
  return messages;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

describe("JavaScript front matter in templates", () => {
  after(() => rm(work, { recursive: true, force: true }));

  // Eleventy 3 removed ---node (it throws); .eleventy.ts refuses it too, should it return.
  for (const engine of ["js", "javascript"]) {
    it(`refuses ---${engine} front matter in a template without running it`, async () => {
      const { image: _image, ...withoutImage } = VALID_FRONT_MATTER;
      const contentDir = await makeContentDir([{ file: "articles/story.md", text: articleText(withoutImage) }]);
      process.env["NEWSROOM_CONTENT_DIR"] = contentDir;
      process.env["NEWSROOM_CACHE_DIR"] = `${contentDir}-cache`;
      try {
        const guardedTrace = path.join(work, `${engine}-guarded.txt`);
        const guarded = await projectWithHostilePage(`${engine}-guarded`, engine, guardedTrace, false);
        await assert.rejects(buildFrom(guarded, path.join(work, `${engine}-guarded-site`)), (error: Error) => {
          assert.ok(causes(error).includes("JavaScript front matter is disabled: front matter must be YAML"), causes(error).join("\n"));
          return true;
        });
        assert.equal(await exists(guardedTrace), false, "the front matter never ran");
        // Eleventy's thread failed after the main thread had written the rest of the site: nothing is left beside.
        assert.deepEqual(
          (await readdir(work)).filter((name) => name.startsWith(`${engine}-guarded-site`)),
          [],
        );

        const controlTrace = path.join(work, `${engine}-control.txt`);
        const control = await projectWithHostilePage(`${engine}-control`, engine, controlTrace, true);
        await buildFrom(control, path.join(work, `${engine}-control-site`)).catch(() => undefined);
        assert.equal(await exists(controlTrace), true, "control: with Eleventy's defaults the same page runs its code");
      } finally {
        delete process.env["NEWSROOM_CONTENT_DIR"];
        delete process.env["NEWSROOM_CACHE_DIR"];
        await rm(contentDir, { recursive: true, force: true });
        await rm(`${contentDir}-cache`, { recursive: true, force: true });
      }
    });
  }
});
