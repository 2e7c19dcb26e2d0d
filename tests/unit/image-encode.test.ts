// One real sharp run on a small photo: the decode-once pipeline gives the same bytes however many encodes run at once.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { copyFile, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import sharp from "sharp";
import { CacheStore } from "../../src/cache/store.ts";
import { describeHeadlineImage } from "../../src/images/headline-image.ts";
import { derivativeKey, ensureDerivatives, type ImageCache, openImageCache, readDerivative } from "../../src/images/image-cache.ts";
import { inspectImage } from "../../src/images/image-inspect.ts";
import { createImageOptions, type Derivative, type ImageOptions, planDerivatives } from "../../src/images/image-plan.ts";
import { publishImages } from "../../src/images/publish-images.ts";
import type { Article } from "../../src/types.ts";
import { makePhoto } from "../helpers/fixture-site.ts";

const cacheIn = (folder: string, warn?: (message: string) => void): ImageCache =>
  openImageCache(new CacheStore(folder, warn === undefined ? {} : { warn }));
const bytesOf = async (images: ImageCache, derivative: Derivative) => {
  const bytes = await readDerivative(images, derivative);
  assert.ok(bytes, `${derivative.fileName} is in the cache`);
  return bytes;
};

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
    const serial = cacheIn(path.join(folder, "serial"));
    const parallel = cacheIn(path.join(folder, "parallel"));
    assert.deepEqual(await ensureDerivatives(photo, plan, serial, 1e6, { concurrency: 1 }), { encoded: plan.length, cached: 0 });
    await ensureDerivatives(photo, plan, parallel, 1e6, { concurrency: 4 });
    for (const derivative of plan) {
      const [one, four] = await Promise.all([bytesOf(serial, derivative), bytesOf(parallel, derivative)]);
      assert.ok(one.equals(four), derivative.fileName);
    }
  });

  it("makes upright derivatives of the planned size and format, from one decode of the source", async () => {
    const plan = planDerivatives({ stem: "photo", hash: "f".repeat(64), width: 200, height: 300 }, OPTIONS);
    const images = cacheIn(path.join(folder, "sizes"));
    await ensureDerivatives(photo, plan, images, 1e6);
    for (const derivative of plan) {
      const metadata = await sharp(await bytesOf(images, derivative)).metadata();
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
    const images = cacheIn(path.join(folder, "shared"));
    const reports = await Promise.all([ensureDerivatives(photo, plan, images, 1e6), ensureDerivatives(photo, plan, images, 1e6)]);
    assert.deepEqual(reports, [
      { encoded: plan.length, cached: 0 },
      { encoded: 0, cached: plan.length },
    ]);
    const info = await Promise.all([inspectImage(photo, "8".repeat(64), 1e6, images), inspectImage(photo, "8".repeat(64), 1e6, images)]);
    assert.ok(info.every((one) => one.ok));
  });

  it("remembers a sound source and refuses a truncated one every time", async () => {
    const cacheDir = cacheIn(path.join(folder, "info"));
    assert.deepEqual(await inspectImage(photo, "1".repeat(64), 1e6, cacheDir), {
      ok: true,
      format: "jpeg",
      width: 200,
      height: 300,
      pages: 1,
      hasAlpha: false,
    });
    const truncated = photo.subarray(0, photo.length / 2);
    const first = await inspectImage(truncated, "2".repeat(64), 1e6, cacheDir);
    const second = await inspectImage(truncated, "2".repeat(64), 1e6, cacheDir);
    assert.equal(first.ok, false);
    assert.equal(second.ok, false);
  });
});

describe("a damaged image cache", () => {
  let folder: string;
  let photoFile: string;
  let photo: Buffer;
  let hash: string;
  before(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), "newsroom-damaged-"));
    photo = await makePhoto(300, 200);
    photoFile = path.join(folder, "photo.jpg");
    await writeFile(photoFile, photo);
    hash = createHash("sha256").update(photo).digest("hex");
  });
  after(() => rm(folder, { recursive: true, force: true }));

  /** An article showing the photo, as loading it gives one, and the output of publishing it. */
  const build = async (images: ImageCache, plan: readonly Derivative[], name: string) => {
    const report = await ensureDerivatives(photo, plan, images, 1e6);
    const image = await describeHeadlineImage(plan, { alt: "A photo" }, images, { bytes: photo, file: photoFile, hash, maxPixels: 1e6 });
    const article = { sourceFile: "content/a.md", image } as unknown as Article;
    const output = path.join(folder, name);
    await publishImages([article], images.store.folder, output);
    return { report, image, output };
  };

  it("encodes again what was truncated, overwritten or copied from another entry, and publishes only good bytes", async () => {
    const plan = planDerivatives({ stem: "photo", hash, width: 300, height: 200 }, OPTIONS);
    const images = cacheIn(path.join(folder, "cache"));
    const clean = await build(images, plan, "clean");
    const good = new Map(
      await Promise.all(plan.map(async (derivative) => [derivative.fileName, await bytesOf(images, derivative)] as const)),
    );

    const pick = (index: number) => plan.at(index) as Derivative;
    const [truncated, overwritten, foreign, placeholder] = [pick(0), pick(1), pick(2), pick(-1)];
    const fileOf = (derivative: Derivative) => images.store.pathOf(derivativeKey(images, derivative));
    await truncate(fileOf(truncated), 100);
    await writeFile(fileOf(overwritten), randomBytes((await stat(fileOf(overwritten))).size));
    await copyFile(fileOf(pick(3)), fileOf(foreign));
    await writeFile(fileOf(placeholder), "{}");

    const damaged = await build(images, plan, "after-damage");
    assert.deepEqual(damaged.report, { encoded: 4, cached: plan.length - 4 });
    assert.equal(damaged.image.placeholder, clean.image.placeholder, "the placeholder is the real one");
    for (const name of await readdir(path.join(damaged.output, "img"))) {
      assert.ok((await readFile(path.join(damaged.output, "img", name))).equals(good.get(name) ?? Buffer.alloc(0)), name);
    }
  });

  it("publishes correct bytes from a cache damaged after the images were checked, without a second build", async () => {
    const plan = planDerivatives({ stem: "photo", hash, width: 300, height: 200 }, OPTIONS);
    const images = cacheIn(path.join(folder, "late"));
    await ensureDerivatives(photo, plan, images, 1e6);
    const good = await bytesOf(images, plan[0] as Derivative);
    const image = await describeHeadlineImage(plan, { alt: "A photo" }, images, { bytes: photo, file: photoFile, hash, maxPixels: 1e6 });
    await writeFile(images.store.pathOf(derivativeKey(images, plan[0] as Derivative)), randomBytes(good.length));
    const output = path.join(folder, "late-output");
    await publishImages([{ sourceFile: "content/a.md", image } as unknown as Article], images.store.folder, output);
    assert.ok((await readFile(path.join(output, "img", (plan[0] as Derivative).fileName))).equals(good));
  });

  it("publishes again, in a dev-server session, a file that was deleted since it was published", async () => {
    const plan = planDerivatives({ stem: "photo", hash, width: 300, height: 200 }, OPTIONS);
    const images = cacheIn(path.join(folder, "session"));
    await ensureDerivatives(photo, plan, images, 1e6);
    const image = await describeHeadlineImage(plan, { alt: "A photo" }, images, { bytes: photo, file: photoFile, hash, maxPixels: 1e6 });
    const article = { sourceFile: "content/a.md", image } as unknown as Article;
    const output = path.join(folder, "session-output");
    const publishedBefore = new Set<string>();
    const published = await publishImages([article], images.store.folder, output, { publishedBefore });
    const gone = path.join(output, "img", (plan[0] as Derivative).fileName);
    const bytes = await readFile(gone);
    await rm(gone);
    assert.equal(await publishImages([article], images.store.folder, output, { publishedBefore }), published);
    assert.ok((await readFile(gone)).equals(bytes));
  });

  it("builds correctly with a cache it cannot write: one warning, the same bytes published", async () => {
    const plan = planDerivatives({ stem: "photo", hash, width: 300, height: 200 }, OPTIONS);
    const reference = await build(cacheIn(path.join(folder, "reference")), plan, "reference-output");
    await writeFile(path.join(folder, "blocked"), "a file where the cache folder should be");
    const warnings: string[] = [];
    const unwritable = await build(
      cacheIn(path.join(folder, "blocked", "cache"), (message) => warnings.push(message)),
      plan,
      "unwritable-output",
    );
    assert.equal(warnings.length, 1);
    assert.equal(unwritable.image.placeholder, reference.image.placeholder);
    const names = await readdir(path.join(reference.output, "img"));
    assert.deepEqual(await readdir(path.join(unwritable.output, "img")), names);
    for (const name of names) {
      const [expected, actual] = await Promise.all([
        readFile(path.join(reference.output, "img", name)),
        readFile(path.join(unwritable.output, "img", name)),
      ]);
      assert.ok(actual.equals(expected), name);
    }
  });
});

describe("colours of the published derivatives", () => {
  let folder: string;
  before(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), "newsroom-colours-"));
  });
  after(() => rm(folder, { recursive: true, force: true }));

  const pixelAt = async (bytes: Buffer, x: number, y: number) => {
    const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const at = (y * info.width + x) * 4;
    return [...data.subarray(at, at + 4)] as [number, number, number, number];
  };
  const saturation = ([r, g, b]: readonly number[]) => Math.max(r ?? 0, g ?? 0, b ?? 0) - Math.min(r ?? 0, g ?? 0, b ?? 0);

  it("converts a Display P3 photo to sRGB through its profile, so its red is more saturated in sRGB numbers", async () => {
    const width = 200;
    const height = 150;
    const flat = Buffer.alloc(width * height * 3);
    for (let index = 0; index < flat.length; index += 3) flat.set([200, 90, 90], index);
    // withIccProfile("p3") stores Display P3 numbers and tags the file with the P3 profile, as a phone does.
    const p3 = await sharp(flat, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 95 })
      .withIccProfile("p3")
      .toBuffer();
    assert.ok((await sharp(p3).metadata()).icc?.includes(Buffer.from("P3", "utf16le").swap16()), "the file is tagged Display P3");
    const stored = await pixelAt(await sharp(p3, { ignoreIcc: true }).png().toBuffer(), 100, 75);
    const plan = planDerivatives({ stem: "p3", hash: "a".repeat(64), width, height }, OPTIONS);
    const images = cacheIn(path.join(folder, "p3"));
    await ensureDerivatives(p3, plan, images, 1e6);
    for (const derivative of plan) {
      const bytes = await bytesOf(images, derivative);
      assert.equal((await sharp(bytes).metadata()).icc, undefined, `${derivative.fileName} carries no profile`);
      const metadata = await sharp(bytes).metadata();
      const published = await pixelAt(bytes, Math.floor((metadata.width ?? 0) / 2), Math.floor((metadata.height ?? 0) / 2));
      assert.ok(
        saturation(published) >= saturation(stored) + 15,
        `${derivative.fileName}: sRGB ${published.slice(0, 3)} is more saturated than the stored P3 numbers ${stored.slice(0, 3)}`,
      );
    }
  });

  it("flattens a transparent PNG onto the page background in the JPEGs, and keeps the transparency in AVIF and WebP", async () => {
    const css = await readFile(path.resolve(import.meta.dirname, "..", "..", "assets", "site.css"), "utf8");
    const hex = /--background:\s*#([0-9a-f]{3,6})\b/i.exec(css)?.[1] ?? "";
    const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join("") : hex;
    const background = [0, 2, 4].map((offset) => Number.parseInt(full.slice(offset, offset + 2), 16));
    assert.equal(background.length, 3, "assets/site.css names the page background");

    const width = 200;
    const height = 150;
    const logo = Buffer.alloc(width * height * 4); // fully transparent, with an opaque red square in the middle
    for (let y = 50; y < 100; y++) for (let x = 75; x < 125; x++) logo.set([220, 20, 20, 255], (y * width + x) * 4);
    const png = await sharp(logo, { raw: { width, height, channels: 4 } })
      .png()
      .toBuffer();
    const plan = planDerivatives({ stem: "logo", hash: "b".repeat(64), width, height }, OPTIONS);
    const images = cacheIn(path.join(folder, "alpha"));
    await ensureDerivatives(png, plan, images, 1e6);
    const formats = new Set<string>();
    for (const derivative of plan) {
      if (derivative.role === "placeholder") continue;
      formats.add(derivative.encoder.format);
      const bytes = await bytesOf(images, derivative);
      const corner = await pixelAt(bytes, 0, 0);
      if (derivative.encoder.format === "jpeg") {
        corner.slice(0, 3).forEach((value, channel) => {
          assert.ok(Math.abs(value - (background[channel] ?? -99)) <= 2, `${derivative.fileName} corner ${corner} is the page background`);
        });
      } else {
        assert.equal(corner[3], 0, `${derivative.fileName} keeps its transparent corner`);
      }
    }
    assert.deepEqual([...formats].sort(), ["avif", "jpeg", "webp"]);
  });
});
