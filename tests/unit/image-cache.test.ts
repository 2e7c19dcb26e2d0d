// The image cache without pixels: a warm cache must never load sharp. This file imports nothing that loads
// sharp, so the check below sees exactly what ensureDerivatives and inspectImage do.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { CacheStore } from "../../src/cache/store.ts";
import {
  derivativeKey,
  describeImageWork,
  EncodingQueue,
  encodeOrder,
  ensureDerivatives,
  type ImageCache,
  openImageCache,
} from "../../src/images/image-cache.ts";
import { encoderVersion, isEncoderLoaded } from "../../src/images/image-encode.ts";
import { inspectImage, sourceCheckKey } from "../../src/images/image-inspect.ts";
import { createImageOptions, planDerivatives } from "../../src/images/image-plan.ts";

const SOURCE = { stem: "photo", hash: "c".repeat(64), width: 4000, height: 2667 };

describe("ensureDerivatives with a warm cache", () => {
  let cacheDir: string;
  let images: ImageCache;
  before(async () => {
    cacheDir = await mkdtemp(path.join(os.tmpdir(), "newsroom-cache-"));
    images = openImageCache(new CacheStore(cacheDir));
  });
  after(() => rm(cacheDir, { recursive: true, force: true }));

  it("encodes nothing, never loads the encoder and reports every derivative as cached", async () => {
    const plan = planDerivatives(SOURCE, createImageOptions(await encoderVersion()));
    for (const derivative of plan) await images.store.put(derivativeKey(images, derivative), Buffer.from("cached bytes"));
    let started = false;
    const report = await ensureDerivatives(Buffer.from("not even an image"), plan, images, 50_000_000, {
      onEncodeStart: () => {
        started = true;
      },
    });
    assert.deepEqual(report, { encoded: 0, cached: plan.length });
    assert.equal(started, false);
    assert.equal(isEncoderLoaded(), false);
  });

  it("takes a source's remembered dimensions without decoding it", async () => {
    await images.store.put(
      sourceCheckKey(images, SOURCE.hash, 50_000_000),
      Buffer.from(JSON.stringify({ ok: true, format: "jpeg", width: 4000, height: 2667, pages: 1, hasAlpha: false })),
    );
    const info = await inspectImage(Buffer.from("not even an image"), SOURCE.hash, 50_000_000, images);
    assert.deepEqual(info, { ok: true, format: "jpeg", width: 4000, height: 2667, pages: 1, hasAlpha: false });
    assert.equal(isEncoderLoaded(), false);
  });

  it("keys remembered dimensions by source, pixel limit and decoder packages", () => {
    const newer = { ...images, packages: { ...images.packages, libvips: "99.0.0" } };
    const file = (cache = images, hash = SOURCE.hash, limit = 1) => images.store.pathOf(sourceCheckKey(cache, hash, limit));
    assert.equal(file(), file());
    assert.notEqual(file(), file(images, "d".repeat(64)));
    assert.notEqual(file(), file(images, SOURCE.hash, 2));
    assert.notEqual(file(), file(newer));
  });
});

describe("EncodingQueue", () => {
  it("runs one piece of work at a time, in order, and goes on after a failure", async () => {
    const queue = new EncodingQueue();
    const events: string[] = [];
    const work =
      (name: string, fail = false) =>
      async () => {
        events.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([queue.turn(work("a")), queue.turn(work("b", true)), queue.turn(work("c"))]);
    assert.deepEqual(events, ["start a", "end a", "start b", "end b", "start c", "end c"]);
    assert.deepEqual(
      results.map((result) => result.status),
      ["fulfilled", "rejected", "fulfilled"],
    );
  });
});

describe("encodeOrder", () => {
  it("starts the most expensive encodes first: big AVIFs before small JPEGs", () => {
    const ordered = encodeOrder(planDerivatives(SOURCE, createImageOptions("sharp 0.0.0")));
    assert.equal(ordered[0]?.encoder.format, "avif");
    assert.equal(ordered[0]?.width, 1600);
    assert.equal(ordered.at(-1)?.role, "placeholder");
  });
});

describe("describeImageWork", () => {
  it("says how many derivatives are encoded and how many came from the cache", () => {
    assert.equal(
      describeImageWork("content/a.jpg", { encoded: 3, cached: 15 }),
      "Encoding 3 image derivatives of content/a.jpg (15 from the cache)…",
    );
  });
});
