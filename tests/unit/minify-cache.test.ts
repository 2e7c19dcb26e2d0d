// The minified-template cache: keyed by every package that shapes the minifier's output, and the lookup of those
// packages' versions ends, whatever the folder a package is installed under.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { MinifyCache } from "../../src/cache/minify-cache.ts";
import { packageFolder } from "../../src/cache/package-versions.ts";
import { CacheStore } from "../../src/cache/store.ts";

const VERSIONS = { "html-minifier-terser": "7.2.0", terser: "5.1.0", "clean-css": "5.3.3" };

describe("MinifyCache", () => {
  it("minifies again when terser or clean-css changes, not only the minifier", async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), "newsroom-minify-"));
    try {
      let runs = 0;
      const minify = async (input: string) => {
        runs++;
        return input.trim();
      };
      const store = new CacheStore(folder);
      await new MinifyCache(store, VERSIONS).apply(" <p>a</p> ", "settings", minify);
      await new MinifyCache(store, VERSIONS).apply(" <p>a</p> ", "settings", minify);
      assert.equal(runs, 1, "the same packages: from the cache");
      await new MinifyCache(store, { ...VERSIONS, terser: "5.2.0" }).apply(" <p>a</p> ", "settings", minify);
      await new MinifyCache(store, { ...VERSIONS, "clean-css": "5.4.0" }).apply(" <p>a</p> ", "settings", minify);
      assert.equal(runs, 3);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe("packageFolder", () => {
  it("gives up with an error, instead of climbing forever, for a package installed under another name (an npm alias)", async () => {
    const project = await mkdtemp(path.join(os.tmpdir(), "newsroom-alias-"));
    try {
      const alias = path.join(project, "node_modules", "minifier-alias");
      await mkdir(alias, { recursive: true });
      await writeFile(path.join(alias, "package.json"), JSON.stringify({ name: "html-minifier-terser", main: "index.js" }));
      await writeFile(path.join(alias, "index.js"), "module.exports = {};");
      const resolver = createRequire(path.join(project, "probe.js"));
      assert.throws(() => packageFolder("minifier-alias", resolver), /cannot find the package\.json of minifier-alias/);
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });
});
