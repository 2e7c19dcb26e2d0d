import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createImageOptions, minimumSourceSize, planDerivatives, responsiveWidths } from "../../src/images/image-plan.ts";

const SOURCE = { stem: "photo", hash: "a".repeat(64), width: 4000, height: 2667 };
const OPTIONS = createImageOptions("sharp 0.0.0");

describe("planDerivatives", () => {
  it("plans every format at every width, plus full size, three crops, the social card and the placeholder", () => {
    const plan = planDerivatives(SOURCE, OPTIONS);
    const responsive = plan.filter((derivative) => derivative.role === "responsive");
    assert.equal(responsive.length, OPTIONS.widths.length * OPTIONS.formats.length);
    assert.deepEqual(
      plan.filter((derivative) => derivative.role === "crop").map((crop) => [crop.label, crop.width, crop.height]),
      [
        ["16x9", 1200, 675],
        ["4x3", 1200, 900],
        ["1x1", 1200, 1200],
      ],
    );
    const full = plan.find((derivative) => derivative.role === "full");
    assert.deepEqual([full?.width, full?.height, full?.encoder.format], [4000, 2667, "jpeg"]);
    assert.ok(plan.some((derivative) => derivative.role === "social" && derivative.width === 1200 && derivative.height === 630));
  });

  it("keeps the source's aspect ratio for responsive widths", () => {
    const w800 = planDerivatives(SOURCE, OPTIONS).find((derivative) => derivative.role === "responsive" && derivative.width === 800);
    assert.equal(w800?.height, 533);
  });

  it("gives every derivative a distinct, content-hashed file name", () => {
    const names = planDerivatives(SOURCE, OPTIONS).map((derivative) => derivative.fileName);
    assert.equal(new Set(names).size, names.length);
    assert.ok(
      names.every((name) => /^photo-[0-9a-f]{10}-[a-z0-9x]+\.(avif|webp|jpg)$/.test(name)),
      names.join(),
    );
  });

  it("changes the cache key when the source bytes, a setting or the encoder version changes", () => {
    const key = (source = SOURCE, options = OPTIONS) => planDerivatives(source, options)[0]?.cacheKey;
    assert.equal(key(), key());
    assert.notEqual(key(), key({ ...SOURCE, hash: "b".repeat(64) }));
    assert.notEqual(key(), key(SOURCE, createImageOptions("sharp 9.9.9")));
    const [first, ...rest] = OPTIONS.formats;
    assert.ok(first);
    assert.notEqual(key(), key(SOURCE, { ...OPTIONS, formats: [{ ...first, quality: first.quality + 1 }, ...rest] }));
  });
});

describe("responsiveWidths", () => {
  it("never upscales, and adds the source width when it falls between configured widths", () => {
    assert.deepEqual(responsiveWidths(4000, [480, 800, 1200, 1600]), [480, 800, 1200, 1600]);
    assert.deepEqual(responsiveWidths(1400, [480, 800, 1200, 1600]), [480, 800, 1200, 1400]);
    assert.deepEqual(responsiveWidths(1200, [1600, 480, 1200, 800]), [480, 800, 1200]);
  });
});

describe("minimumSourceSize", () => {
  it("is the largest crop, so no crop is ever upscaled", () => {
    assert.deepEqual(minimumSourceSize(OPTIONS), { minWidth: 1200, minHeight: 1200 });
  });
});
