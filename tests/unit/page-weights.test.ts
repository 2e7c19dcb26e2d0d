// src/cache/page-weights.ts: a page's gzipped size, remembered from one build to the next by its bytes; what the
// store cannot verify is not known, so the page is weighed again.
import assert from "node:assert/strict";
import { readdir, rm, truncate } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { PageWeights } from "../../src/cache/page-weights.ts";
import { CacheStore } from "../../src/cache/store.ts";

const page = (words: number) => Buffer.from(`<!doctype html><p>${"report ".repeat(words)}</p>`);

describe("page weights", () => {
  const cacheDir = path.join(os.tmpdir(), `newsroom-page-weights-${process.pid}`);
  after(() => rm(cacheDir, { recursive: true, force: true }));

  it("remembers a page's weight for the next build, and knows no weight for a page it has not seen", async () => {
    const first = await PageWeights.open(new CacheStore(cacheDir));
    const seen = first.lookup(page(100));
    assert.equal(seen.weight, undefined);
    first.remember(seen.key, gzipSync(page(100)).length);
    await first.save();
    const next = await PageWeights.open(new CacheStore(cacheDir));
    assert.equal(next.lookup(page(100)).weight, gzipSync(page(100)).length);
    assert.equal(next.lookup(page(5000)).weight, undefined);
    // Looked up, it was used: the next save keeps it.
    await next.save();
    assert.equal((await PageWeights.open(new CacheStore(cacheDir))).lookup(page(100)).weight, gzipSync(page(100)).length);
  });

  it("knows no weight when the remembered weights are damaged", async () => {
    const first = await PageWeights.open(new CacheStore(cacheDir));
    first.remember(first.lookup(page(300)).key, gzipSync(page(300)).length);
    await first.save();
    const [entry] = (await readdir(cacheDir, { recursive: true, withFileTypes: true })).filter((each) => each.isFile());
    assert.ok(entry);
    await truncate(path.join(entry.parentPath, entry.name), 40);
    assert.equal((await PageWeights.open(new CacheStore(cacheDir))).lookup(page(300)).weight, undefined);
  });
});
