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
  ENCODE_MEMORY_BUDGET,
  EncodingQueue,
  encodeMemory,
  encodeOrder,
  ensureDerivatives,
  type ImageCache,
  openImageCache,
  runWithinBudget,
} from "../../src/images/image-cache.ts";
import { encoderVersion, isEncoderLoaded } from "../../src/images/image-encode.ts";
import { inspectImage, sourceCheckKey } from "../../src/images/image-inspect.ts";
import { createImageOptions, planDerivatives, planTextPicture } from "../../src/images/image-plan.ts";

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

  it("starts a screenshot's lossless WebP first: it takes about twice as long as its AVIF", () => {
    const ordered = encodeOrder(planTextPicture({ ...SOURCE, width: 2160, height: 1620 }, "graphic", "sharp 0.0.0"));
    assert.deepEqual([ordered[0]?.encoder.format, ordered[0]?.encoder.lossless, ordered[0]?.width], ["webp", true, 1280]);
  });
});

describe("runWithinBudget", () => {
  /** Tasks that each hold `memory` bytes for a few milliseconds, and a record of what was held at once. */
  const trace = () => {
    let held = 0;
    let running = 0;
    const seen = { maxHeld: 0, maxRunning: 0, order: [] as string[], finished: [] as string[] };
    const task = (name: string, memory: number, { fail = false, ms = 5 } = {}) => ({
      memory,
      run: async () => {
        held += memory;
        running++;
        seen.maxHeld = Math.max(seen.maxHeld, held);
        seen.maxRunning = Math.max(seen.maxRunning, running);
        seen.order.push(name);
        await new Promise((resolve) => setTimeout(resolve, ms));
        held -= memory;
        running--;
        seen.finished.push(name);
        if (fail) throw new Error(`${name} failed`);
      },
    });
    return { seen, task };
  };

  it("never lets two tasks hold more than the budget together, and runs small ones beside a large one", async () => {
    const { seen, task } = trace();
    await runWithinBudget([task("big AVIF", 40), task("big WebP", 40), task("small JPEG", 5), task("small WebP", 5)], 2, 48);
    assert.ok(seen.maxHeld <= 48, `held ${seen.maxHeld}`);
    assert.equal(seen.maxRunning, 2);
    assert.deepEqual(seen.order.slice(0, 2), ["big AVIF", "small JPEG"]);
  });

  it("runs a task larger than the whole budget, alone", async () => {
    const { seen, task } = trace();
    await runWithinBudget([task("huge", 100), task("small", 1)], 2, 48);
    assert.deepEqual(seen.order, ["huge", "small"]);
    assert.equal(seen.maxRunning, 1);
  });

  it("without a budget, runs as many at once as the limit allows", async () => {
    const { seen, task } = trace();
    await runWithinBudget([task("a", 40), task("b", 40), task("c", 40)], 2, Number.POSITIVE_INFINITY);
    assert.equal(seen.maxRunning, 2);
  });

  it("starts nothing after a failure and rejects with it once what runs has finished", async () => {
    const { seen, task } = trace();
    const tasks = [task("a", 1, { fail: true }), task("b", 1, { ms: 20 }), task("c", 1), task("d", 1)];
    await assert.rejects(runWithinBudget(tasks, 2, 48), /a failed/);
    assert.deepEqual(seen.finished, ["a", "b"]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.deepEqual(seen.order, ["a", "b"]);
  });

  it("keeps a screenshot's 1280 px AVIF and lossless WebP encodes apart, and lets its PNG run beside either", () => {
    const screenshot = planTextPicture({ ...SOURCE, width: 2160, height: 1620 }, "graphic", "sharp 0.0.0");
    const at = (format: string, width: number) => {
      const found = screenshot.find((derivative) => derivative.encoder.format === format && derivative.width === width);
      assert.ok(found, `${format} at ${width} px`);
      return encodeMemory(found);
    };
    assert.ok(at("avif", 1280) + at("webp", 1280) > ENCODE_MEMORY_BUDGET);
    assert.ok(at("webp", 1280) + at("png", 1280) <= ENCODE_MEMORY_BUDGET);
    assert.ok(at("avif", 1280) + at("png", 1280) <= ENCODE_MEMORY_BUDGET);
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
