// One real sharp run on a small photo: the decode-once pipeline gives the same bytes however many encodes run at once.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import sharp from "sharp";
import { cachePathOf, ensureDerivatives } from "../../src/images/image-cache.ts";
import { inspectImage } from "../../src/images/image-inspect.ts";
import { createImageOptions, type ImageOptions, planDerivatives } from "../../src/images/image-plan.ts";
import { makePhoto } from "../helpers/fixture-site.ts";

// Small boxes keep the test fast; the formats and encoder settings are the real ones.
const OPTIONS: ImageOptions = {
  ...createImageOptions("sharp test"),
  widths: [96, 160],
  crops: [{ label: "1x1", width: 120, height: 120 }],
  social: { ...createImageOptions("sharp test").social, width: 160, height: 84 },
};

describe("ensureDerivatives with an empty cache", () => {
  let folder: string;
  let photo: Buffer;
  before(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), "newsroom-encode-"));
    photo = await makePhoto(300, 200, { orientation: 6 });
  });
  after(() => rm(folder, { recursive: true, force: true }));

  it("writes byte-identical files with one encode at a time and with four", async () => {
    const plan = planDerivatives({ stem: "photo", hash: "e".repeat(64), width: 200, height: 300 }, OPTIONS);
    const serial = path.join(folder, "serial");
    const parallel = path.join(folder, "parallel");
    assert.deepEqual(await ensureDerivatives(photo, plan, serial, 1e6, { concurrency: 1 }), { encoded: plan.length, cached: 0 });
    await ensureDerivatives(photo, plan, parallel, 1e6, { concurrency: 4 });
    for (const derivative of plan) {
      const [one, four] = await Promise.all([readFile(cachePathOf(serial, derivative)), readFile(cachePathOf(parallel, derivative))]);
      assert.ok(one.equals(four), derivative.fileName);
    }
  });

  it("makes upright derivatives of the planned size and format, from one decode of the source", async () => {
    const plan = planDerivatives({ stem: "photo", hash: "f".repeat(64), width: 200, height: 300 }, OPTIONS);
    const cacheDir = path.join(folder, "sizes");
    await ensureDerivatives(photo, plan, cacheDir, 1e6);
    for (const derivative of plan) {
      const metadata = await sharp(await readFile(cachePathOf(cacheDir, derivative))).metadata();
      assert.deepEqual(
        [metadata.width, metadata.height, metadata.format],
        [
          derivative.width,
          derivative.height,
          derivative.encoder.format === "jpeg" ? "jpeg" : derivative.encoder.format === "avif" ? "heif" : "webp",
        ],
        derivative.fileName,
      );
    }
  });

  it("encodes a photo shown by two articles loading at once only once, without clashing files", async () => {
    const plan = planDerivatives({ stem: "photo", hash: "9".repeat(64), width: 200, height: 300 }, OPTIONS);
    const cacheDir = path.join(folder, "shared");
    const reports = await Promise.all([ensureDerivatives(photo, plan, cacheDir, 1e6), ensureDerivatives(photo, plan, cacheDir, 1e6)]);
    assert.deepEqual(reports, [
      { encoded: plan.length, cached: 0 },
      { encoded: 0, cached: plan.length },
    ]);
    const info = await Promise.all([
      inspectImage(photo, "8".repeat(64), 1e6, cacheDir),
      inspectImage(photo, "8".repeat(64), 1e6, cacheDir),
    ]);
    assert.ok(info.every((one) => one.ok));
  });

  it("remembers a sound source and refuses a truncated one every time", async () => {
    const cacheDir = path.join(folder, "info");
    assert.deepEqual(await inspectImage(photo, "1".repeat(64), 1e6, cacheDir), { ok: true, format: "jpeg", width: 200, height: 300 });
    const truncated = photo.subarray(0, photo.length / 2);
    const first = await inspectImage(truncated, "2".repeat(64), 1e6, cacheDir);
    const second = await inspectImage(truncated, "2".repeat(64), 1e6, cacheDir);
    assert.equal(first.ok, false);
    assert.equal(second.ok, false);
  });
});
