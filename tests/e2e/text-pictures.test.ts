// End to end: pictures in the text (a PNG screenshot, a JPEG photo, an SVG diagram, a still GIF) and a video card,
// built for real with sharp; and the pictures the build refuses, each with its file and line.
import assert from "node:assert/strict";
import { readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { parseHTML } from "linkedom";
import sharp from "sharp";
import { ContentError } from "../../src/content/content-error.ts";
import { articleText, buildFixtureSite, makeContentDir, makePhoto, VALID_FRONT_MATTER } from "../helpers/fixture-site.ts";

/** A screenshot-like PNG: flat colours and sharp edges, tagged with EXIF that must not be published. */
async function makeScreenshot(width: number, height: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#f4f4f4"/><rect x="20" y="20" width="${width - 40}" height="40" fill="#0b5cad"/><rect x="20" y="80" width="${width / 2}" height="12" fill="#333"/></svg>`;
  return sharp(Buffer.from(svg))
    .removeAlpha()
    .png()
    .withExif({ IFD0: { Copyright: "SECRET-EXIF-MARKER" } })
    .toBuffer();
}

const DIAGRAM = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200"><defs><linearGradient id="g"><stop offset="0" stop-color="#0b5cad"/><stop offset="1" stop-color="#d6d6d6"/></linearGradient></defs><rect width="400" height="200" fill="url(#g)"/><circle cx="200" cy="100" r="60" fill="#fff"/></svg>`;

const { image: _headline, ...TEXT_ONLY } = VALID_FRONT_MATTER;

const BODY = `Intro paragraph.

![A screenshot of the settings page](images/screenshot.png "The settings page | Screenshot: Newsroom")

Some text between.

![Protesters in the square](images/photo.jpg "The square at noon | Photo: Jane Doe / Agency")

![A diagram of the pipeline](images/diagram.svg "|Diagram: Newsroom")

![A still chart](images/chart.gif)

[The launch talk](https://www.youtube.com/watch?v=dQw4w9WgXcQ)
`;

describe("pictures in the text", () => {
  let contentDir: string;
  let outputDir: string;
  let document: ReturnType<typeof parseHTML>["document"];

  before(async () => {
    contentDir = await makeContentDir([{ file: "articles/pictures.md", text: articleText(VALID_FRONT_MATTER, BODY) }], {
      "articles/images/photo.jpg": await makePhoto(1800, 1200),
      "articles/images/screenshot.png": await makeScreenshot(900, 500),
      "articles/images/diagram.svg": Buffer.from(DIAGRAM),
      "articles/images/chart.gif": await sharp(await makeScreenshot(500, 300))
        .gif()
        .toBuffer(),
    });
    outputDir = path.join(os.tmpdir(), `newsroom-pictures-${process.pid}`);
    await buildFixtureSite(contentDir, outputDir);
    document = parseHTML(await readFile(path.join(outputDir, "pictures", "index.html"), "utf8")).document;
  });

  after(async () => {
    await rm(outputDir, { recursive: true, force: true });
    await rm(contentDir, { recursive: true, force: true });
    await rm(`${contentDir}-cache`, { recursive: true, force: true });
  });

  const figures = () => [...document.querySelectorAll(".article-body figure.text-figure")];

  it("makes each picture alone on a line a figure with a lazy, sized <picture> linked to its full size", () => {
    assert.equal(figures().length, 4);
    for (const figure of figures()) {
      const img = figure.querySelector("picture img");
      assert.ok(img);
      assert.ok(Number(img.getAttribute("width")) > 0 && Number(img.getAttribute("height")) > 0);
      assert.equal(img.getAttribute("loading"), "lazy", "the article has a headline image, so no body picture is in the first screen");
      assert.equal(img.getAttribute("decoding"), "async");
      assert.match(String(img.getAttribute("sizes")), /40rem|px/);
      const types = [...figure.querySelectorAll("source")].map((source) => source.getAttribute("type"));
      assert.deepEqual(types, ["image/avif", "image/webp"]);
      assert.match(String(figure.querySelector("a.text-image")?.getAttribute("href")), /^\/img\/.+-full\.(png|jpg)$/);
    }
  });

  it("keeps a screenshot, a diagram and a GIF as PNG, and a photo as JPEG", () => {
    const fallbacks = figures().map((figure) => path.extname(String(figure.querySelector("img")?.getAttribute("src"))));
    assert.deepEqual(fallbacks, [".png", ".jpg", ".png", ".png"]);
  });

  it("puts the caption and the credit typed after | into the figcaption", () => {
    const captions = figures().map((figure) => [
      figure.querySelector("figcaption")?.textContent ?? null,
      figure.querySelector("figcaption .credit")?.textContent ?? null,
    ]);
    assert.deepEqual(captions, [
      ["The settings page Screenshot: Newsroom", "Screenshot: Newsroom"],
      ["The square at noon Photo: Jane Doe / Agency", "Photo: Jane Doe / Agency"],
      ["Diagram: Newsroom", "Diagram: Newsroom"],
      [null, null],
    ]);
  });

  it("never enlarges a picture: no width above the source's, the SVG drawn at the column's 2x", () => {
    const widths = (index: number) =>
      String(figures()[index]?.querySelector("img")?.getAttribute("srcset"))
        .split(", ")
        .map((entry) => Number(entry.split(" ")[1]?.replace("w", "")));
    assert.deepEqual(widths(0), [320, 640, 900]);
    assert.deepEqual(widths(3), [320, 500]);
    assert.deepEqual(widths(2), [320, 640, 960, 1280]);
  });

  it("paints an opaque picture's blurred placeholder from the page's hashed <style>, never behind a transparent one", () => {
    const style = [...document.querySelectorAll("style")].map((element) => element.textContent).join("");
    const painted = figures().map((figure) =>
      new RegExp(`\\.${String(figure.querySelector("img")?.getAttribute("class"))}\\{background-image:url\\(data:image/webp;base64,`).test(
        style,
      ),
    );
    // The screenshot and the photo have no alpha channel; the SVG diagram and the GIF (as libvips reads it) have one.
    assert.deepEqual(painted, [true, true, false, false]);
  });

  it("publishes every file the pages name, none with metadata", async () => {
    const named = new Set(
      [...document.querySelectorAll(".article-body img, .article-body source")].flatMap((element) =>
        [String(element.getAttribute("srcset"))].flatMap((set) => set.split(", ").map((entry) => entry.split(" ")[0])),
      ),
    );
    for (const link of document.querySelectorAll("a.text-image")) named.add(String(link.getAttribute("href")));
    const published = new Set(await readdir(path.join(outputDir, "img")));
    for (const url of named) {
      const name = String(url).replace("/img/", "");
      assert.ok(published.has(name), `${name} is published`);
      const bytes = await readFile(path.join(outputDir, "img", name));
      const metadata = await sharp(bytes).metadata();
      assert.equal(metadata.exif, undefined, `${name} has no EXIF`);
      assert.equal(metadata.xmp, undefined, `${name} has no XMP`);
      assert.ok(!bytes.includes("SECRET-EXIF-MARKER"), `${name} carries no camera text`);
    }
    assert.ok(!published.has("screenshot.png") && !published.has("diagram.svg") && !published.has("chart.gif"), "originals stay out");
  });

  it("makes a video link alone on a line a plain-link card with its title, no frame and no script", () => {
    const card = document.querySelector(".article-body .video-card a");
    assert.equal(card?.getAttribute("href"), "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
    assert.equal(card?.querySelector(".video-title")?.textContent, "The launch talk");
    assert.equal(document.querySelectorAll("iframe, script:not([type='application/ld+json'])").length, 0);
  });
});

describe("pictures the build refuses", () => {
  it("names the file and line of a remote, animated, too small or SVG-with-references picture", async () => {
    const body = [
      "Intro.",
      "![Animated](images/animated.gif)",
      "![Tiny](images/tiny.png)",
      "![Leaky](images/leaky.svg)",
      "![Missing](images/missing.png)",
    ].join("\n\n");
    const animated = await sharp(
      [
        await makeScreenshot(400, 300),
        await sharp(await makeScreenshot(400, 300))
          .flip()
          .toBuffer(),
      ],
      { join: { animated: true } },
    )
      .gif()
      .toBuffer();
    const contentDir = await makeContentDir(
      [
        { file: "articles/refused.md", text: articleText(TEXT_ONLY, `${body}\n`) },
        { file: "articles/remote.md", text: articleText(TEXT_ONLY, "Intro.\n\n![Remote](https://example.org/a.png)\n") },
      ],
      {
        "articles/images/animated.gif": animated,
        "articles/images/tiny.png": await makeScreenshot(200, 100),
        "articles/images/leaky.svg": Buffer.from(
          `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="400" height="200"><image xlink:href="file:///etc/passwd" width="10" height="10"/></svg>`,
        ),
      },
    );
    const outputDir = path.join(os.tmpdir(), `newsroom-refused-${process.pid}`);
    try {
      await assert.rejects(buildFixtureSite(contentDir, outputDir), (error: unknown) => {
        assert.ok(error instanceof ContentError);
        const found = error.problems.map((problem) => `${problem.file}:${problem.line} ${problem.message}`);
        const expect = (line: number, text: RegExp, file = "refused.md") =>
          assert.ok(
            found.some((entry) => entry.includes(`${file}:${line} `) && text.test(entry)),
            `line ${line} ${text}: ${found.join("\n")}`,
          );
        expect(10, /on another site/, "remote.md");
        expect(10, /an animation \(2 frames\)/);
        expect(12, /too small for the text column/);
        expect(14, /refers to something outside itself/);
        expect(16, /does not exist/);
        return true;
      });
    } finally {
      await rm(contentDir, { recursive: true, force: true });
      await rm(`${contentDir}-cache`, { recursive: true, force: true });
    }
  });
});
