// Each Nunjucks template source is compiled once per process, and its compiled code is remembered between builds.
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { CompiledTemplateStore, type NunjucksLibrary, shareCompiledTemplates } from "../../src/cache/nunjucks-compile-cache.ts";

interface RenderableTemplate {
  render(context: object): string;
}
type Nunjucks = NunjucksLibrary & {
  Environment: new () => object;
  Template: NunjucksLibrary["Template"] & (new (source: string, env: object, path: string) => RenderableTemplate);
};
const nunjucks = createRequire(import.meta.url)("nunjucks") as Nunjucks;

describe("shareCompiledTemplates", () => {
  let folder: string;
  before(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), "newsroom-njk-"));
  });
  after(() => rm(folder, { recursive: true, force: true }));

  it("compiles a source once however many templates are made from it, and renders each the same", async () => {
    const lockFile = path.join(folder, "package-lock.json");
    await writeFile(lockFile, "{}");
    const store = CompiledTemplateStore.open(path.join(folder, "templates.json"), lockFile);
    let compiles = 0;
    const counting: NunjucksLibrary = {
      Template: nunjucks.Template,
      compiler: {
        compile: (...args) => {
          compiles++;
          return nunjucks.compiler.compile(...args);
        },
      },
    };
    shareCompiledTemplates(counting, store);
    const env = new nunjucks.Environment();
    const pages = ["Ada", "Grace", "Edsger"].map((name) =>
      new nunjucks.Template("<p>Hello {{ name }}</p>", env, "page.njk").render({ name }),
    );
    assert.deepEqual(pages, ["<p>Hello Ada</p>", "<p>Hello Grace</p>", "<p>Hello Edsger</p>"]);
    assert.equal(compiles, 1);
    assert.equal(new nunjucks.Template("<p>Bye {{ name }}</p>", env, "page.njk").render({ name: "Ada" }), "<p>Bye Ada</p>");
    assert.equal(compiles, 2, "a changed source is compiled again");
  });

  it("remembers compiled code between builds, and forgets it when the installed packages change", async () => {
    const lockFile = path.join(folder, "lock-2.json");
    await writeFile(lockFile, '{"lockfileVersion":3}');
    const file = path.join(folder, "remembered.json");
    const first = CompiledTemplateStore.open(file, lockFile);
    assert.equal(
      first.compiled(["page.njk", "source"], () => "code"),
      "code",
    );
    await first.save();
    const never = () => assert.fail("compiled again");
    assert.equal(CompiledTemplateStore.open(file, lockFile).compiled(["page.njk", "source"], never), "code");
    await writeFile(lockFile, '{"lockfileVersion":3,"packages":{}}');
    assert.equal(
      CompiledTemplateStore.open(file, lockFile).compiled(["page.njk", "source"], () => "new code"),
      "new code",
    );
  });
});
