// The image cache without pixels: a warm cache must never load sharp. This file imports nothing that loads
// sharp, so the check below sees exactly what ensureDerivatives and inspectImage do.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { cachePathOf, describeImageWork, encodeOrder, ensureDerivatives } from "../../src/images/image-cache.ts";
import { encoderVersion, isEncoderLoaded } from "../../src/images/image-encode.ts";
import { infoPathOf, inspectImage } from "../../src/images/image-inspect.ts";
import { createImageOptions, planDerivatives } from "../../src/images/image-plan.ts";

const SOURCE = { stem: "photo", hash: "c".repeat(64), width: 4000, height: 2667 };

describe("ensureDerivatives with a warm cache", () => {
  let cacheDir: string;
  before(async () => {
    cacheDir = await mkdtemp(path.join(os.tmpdir(), "newsroom-cache-"));
  });
  after(() => rm(cacheDir, { recursive: true, force: true }));

  it("encodes nothing, never loads the encoder and reports every derivative as cached", async () => {
    const plan = planDerivatives(SOURCE, createImageOptions(await encoderVersion()));
    for (const derivative of plan) {
      await mkdir(path.dirname(cachePathOf(cacheDir, derivative)), { recursive: true });
      await writeFile(cachePathOf(cacheDir, derivative), "cached bytes");
    }
    let started = false;
    const report = await ensureDerivatives(Buffer.from("not even an image"), plan, cacheDir, 50_000_000, {
      onEncodeStart: () => {
        started = true;
      },
    });
    assert.deepEqual(report, { encoded: 0, cached: plan.length });
    assert.equal(started, false);
    assert.equal(isEncoderLoaded(), false);
  });

  it("takes a source's remembered dimensions without decoding it", async () => {
    const version = await encoderVersion();
    const file = infoPathOf(cacheDir, SOURCE.hash, 50_000_000, version);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify({ ok: true, format: "jpeg", width: 4000, height: 2667 }));
    const info = await inspectImage(Buffer.from("not even an image"), SOURCE.hash, 50_000_000, cacheDir);
    assert.deepEqual(info, { ok: true, format: "jpeg", width: 4000, height: 2667 });
    assert.equal(isEncoderLoaded(), false);
  });

  it("keys remembered dimensions by source, pixel limit and decoder version", () => {
    const key = (hash = SOURCE.hash, limit = 1, version = "sharp 1") => infoPathOf("/c", hash, limit, version);
    assert.equal(key(), key());
    assert.notEqual(key(), key("d".repeat(64)));
    assert.notEqual(key(), key(SOURCE.hash, 2));
    assert.notEqual(key(), key(SOURCE.hash, 1, "sharp 2"));
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
