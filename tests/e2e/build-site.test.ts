// End to end: real Eleventy builds of fixture content into temp folders, with real sharp encoding.
import assert from "node:assert/strict";
import { readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { minify } from "html-minifier-terser";
import { parseHTML } from "linkedom";
import sharp from "sharp";
import type { BuildSummary } from "../../src/build/build-site.ts";
import { ContentError } from "../../src/content/content-error.ts";
import { gzipSize, listHtmlPages } from "../../src/output/page-budget.ts";
import { HTML_OPTIONS } from "../../src/render/minify-html.ts";
import { articleText, buildFixtureSite, makeContentDir, makePhoto, snapshotFolder, VALID_FRONT_MATTER } from "../helpers/fixture-site.ts";

describe("building a fixture site", () => {
  let contentDir: string;
  let outputDir: string;
  let document: ReturnType<typeof parseHTML>["document"];
  let summary: BuildSummary;

  before(async () => {
    contentDir = await makeContentDir(
      [
        {
          file: "articles/fixture-story.md",
          text: articleText({
            ...VALID_FRONT_MATTER,
            image: { ...VALID_FRONT_MATTER.image, caption: "A caption.", credit: "Photo: Test" },
          }),
        },
      ],
      { "articles/images/photo.jpg": await makePhoto(1800, 1200, { orientation: 6 }) },
    );
    outputDir = path.join(os.tmpdir(), `newsroom-out-${process.pid}`);
    summary = await buildFixtureSite(contentDir, outputDir);
    document = parseHTML(await readFile(path.join(outputDir, "fixture-story", "index.html"), "utf8")).document;
  });

  after(async () => {
    await rm(outputDir, { recursive: true, force: true });
    await rm(contentDir, { recursive: true, force: true });
  });

  it("writes the article at /<slug>/ with its headline and paragraphs", () => {
    assert.equal(document.querySelector("h1")?.textContent, "Fixture headline");
    assert.deepEqual(
      [...document.querySelectorAll(".article-body p")].map((p) => p.textContent),
      ["First paragraph.", "Second paragraph."],
    );
  });

  it("offers AVIF and WebP sources and a JPEG fallback at several widths, never lazy, with explicit size", async () => {
    const sources = [...document.querySelectorAll("picture source")];
    assert.deepEqual(
      sources.map((source) => source.getAttribute("type")),
      ["image/avif", "image/webp"],
    );
    const img = document.querySelector("picture img");
    assert.ok(img);
    assert.equal(img.getAttribute("fetchpriority"), "high");
    assert.equal(img.getAttribute("loading"), null);
    // The photo is 1800×1200 stored sideways (EXIF orientation 6): upright it is 1200 wide, 1800 tall.
    assert.equal(Number(img.getAttribute("width")) / Number(img.getAttribute("height")), 1200 / 1800);
    for (const source of [...sources, img]) {
      const candidates: string[] = String(source.getAttribute("srcset") ?? "").split(", ");
      assert.deepEqual(
        candidates.map((candidate) => candidate.split(" ")[1]),
        ["480w", "800w", "1200w"],
      );
      for (const candidate of candidates) {
        const url = candidate.split(" ")[0] ?? "";
        const metadata = await sharp(await readFile(path.join(outputDir, url))).metadata();
        assert.equal(metadata.width, Number(candidate.split(" ")[1]?.replace("w", "")));
      }
    }
  });

  it("links the picture to an upright full-size JPEG with every piece of metadata stripped", async () => {
    const link = document.querySelector("a.headline-image");
    assert.ok(link?.textContent?.includes("Click to see the full-size image"));
    const bytes = await readFile(path.join(outputDir, link?.getAttribute("href") ?? "missing"));
    const metadata = await sharp(bytes).metadata();
    assert.deepEqual([metadata.format, metadata.width, metadata.height], ["jpeg", 1200, 1800]);
    assert.equal(metadata.orientation, undefined);
    assert.equal(metadata.exif, undefined);
    assert.equal(metadata.xmp, undefined);
    assert.ok(!bytes.includes("SECRET-EXIF-MARKER") && !bytes.includes("FixtureCam"));
  });

  it("publishes no image that carries EXIF, GPS, XMP or camera data, and never the original", async () => {
    const images = await readdir(path.join(outputDir, "img"));
    assert.ok(images.length >= 10);
    for (const name of images) {
      const bytes = await readFile(path.join(outputDir, "img", name));
      const metadata = await sharp(bytes).metadata();
      assert.equal(metadata.exif, undefined, name);
      assert.equal(metadata.xmp, undefined, name);
      assert.ok(!bytes.includes("FixtureCam") && !bytes.includes("SECRET-EXIF-MARKER"), name);
    }
    const all = await snapshotFolder(outputDir);
    assert.ok(![...all.keys()].some((file) => file.endsWith(".md") || file.includes("photo.jpg")));
  });

  it("shows caption and credit", () => {
    assert.equal(document.querySelector("figcaption")?.textContent?.trim(), "A caption. Photo: Test");
  });

  it("shows the donation block with a native meter and the formatted amounts", () => {
    const meter = document.querySelector(".donation meter");
    assert.deepEqual(
      ["min", "max", "value"].map((name) => meter?.getAttribute(name)),
      ["0", "5000", "115"],
    );
    // The visible label names the meter in amounts (the Nu checker refuses aria-valuetext on <meter>).
    assert.equal(document.querySelector('label[for="donation-meter"]')?.textContent, "115 $ raised of 5,000 $ goal");
    assert.deepEqual(
      [...document.querySelectorAll(".donation-scale li")].map((li) => li.textContent),
      ["0 $", "2,500 $", "5,000 $"],
    );
    assert.ok(document.querySelector(".donation-raised")?.textContent?.includes("115 $"));
    assert.equal(document.querySelector(".donate-link")?.getAttribute("href"), "https://fixture.example.org/donate/");
    assert.equal(document.querySelector(".donation-appeal")?.textContent, "Do you like this content? Consider helping us!");
  });

  it("counts what it built from one walk of the output, every HTML page listed for weighing", async () => {
    assert.deepEqual(summary.weights.map((weight) => weight.page).sort(), listHtmlPages(outputDir).sort());
    assert.ok(summary.weights.some((weight) => weight.page === "fixture-story/index.html"));
    assert.equal(summary.pages, summary.weights.length);
  });

  it("weighs every page at its gzipped size, on a warm build (weights remembered) as on a cold one", async () => {
    const warm = await buildFixtureSite(contentDir, outputDir);
    for (const { page, gzipBytes } of [...summary.weights, ...warm.weights]) {
      assert.equal(gzipBytes, gzipSize(await readFile(path.join(outputDir, page))), page);
    }
    assert.deepEqual(warm.weights, summary.weights);
  });

  it("ships no JavaScript and minifies the HTML", async () => {
    assert.equal(document.querySelectorAll("script:not([type='application/ld+json'])").length, 0);
    // The templates are minified once, not each page (their HTML comments are gone): minifying a finished page
    // again must find nothing left to do beyond turning line breaks into spaces (same length).
    for (const page of ["fixture-story/index.html", "index.html", "404.html"]) {
      const html = await readFile(path.join(outputDir, page), "utf8");
      assert.ok(!html.includes("\n\n") && !html.includes("<!--"), page);
      assert.equal((await minify(html, HTML_OPTIONS)).length, html.length, page);
    }
  });

  it("refuses a bad article with every problem listed and leaves the previous output untouched", async () => {
    const before = await snapshotFolder(outputDir);
    const broken = await makeContentDir([
      { file: "articles/a.md", text: articleText({ title: "", date: "2024-02-30", author: "A", description: "D" }) },
      { file: "articles/b.md", text: articleText({ ...VALID_FRONT_MATTER, image: { src: "../../etc/passwd", alt: "x" } }) },
    ]);
    await assert.rejects(buildFixtureSite(broken, outputDir), (error: unknown) => {
      assert.ok(error instanceof ContentError);
      const found = error.problems.map((problem) => `${path.basename(problem.file)} ${problem.field}`);
      assert.deepEqual(found.sort(), ["a.md date", "a.md title", "b.md image.src"]);
      return true;
    });
    assert.deepEqual(await snapshotFolder(outputDir), before);
    await rm(broken, { recursive: true, force: true });
  });
});
