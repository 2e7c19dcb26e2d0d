// src/cache/page-weights.ts: a page's weight is its gzipped size, whether weighed now or remembered from a build
// before; what the store cannot verify is weighed again.
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

  it("weighs a page at its gzipped size, the same when read back by the next build, and a new page afresh", async () => {
    const first = await PageWeights.open(new CacheStore(cacheDir));
    assert.equal(first.weigh(page(100)), gzipSync(page(100)).length);
    await first.save();
    const next = await PageWeights.open(new CacheStore(cacheDir));
    assert.equal(next.weigh(page(100)), gzipSync(page(100)).length);
    assert.equal(next.weigh(page(5000)), gzipSync(page(5000)).length);
  });

  it("weighs every page afresh when the remembered weights are damaged", async () => {
    const first = await PageWeights.open(new CacheStore(cacheDir));
    first.weigh(page(300));
    await first.save();
    const [entry] = (await readdir(cacheDir, { recursive: true, withFileTypes: true })).filter((each) => each.isFile());
    assert.ok(entry);
    await truncate(path.join(entry.parentPath, entry.name), 40);
    assert.equal((await PageWeights.open(new CacheStore(cacheDir))).weigh(page(300)), gzipSync(page(300)).length);
  });
});
