// The product's promise: the committed sample article builds into the seed page, word for word.
import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { parseHTML } from "linkedom";
import { buildSite } from "../../src/build/build-site.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const SLUG = "is-alexander-lukashenko-following-path-of-slobodan-milosevic";

describe("the sample article", () => {
  const outputDir = path.join(os.tmpdir(), `newsroom-sample-${process.pid}`);
  let document: ReturnType<typeof parseHTML>["document"];
  let seed: string[];

  before(async () => {
    await buildSite({ root: ROOT, outputDir, log: () => {} });
    document = parseHTML(await readFile(path.join(outputDir, SLUG, "index.html"), "utf8")).document;
    seed = (await readFile(path.join(import.meta.dirname, "..", "fixtures", "seed-article.txt"), "utf8"))
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
  });
  after(() => rm(outputDir, { recursive: true, force: true }));

  it("has the seed's headline and its seven paragraphs word for word, typos included", () => {
    assert.equal(document.querySelector("h1")?.textContent, "Is Alexander Lukashenko Following Path Of Slobodan Milosevic?");
    const paragraphs = [...document.querySelectorAll(".article-body p")].map((p) => p.textContent);
    const start = seed.indexOf("Click to see the full-size image") + 1;
    const end = seed.findIndex((line) => line.startsWith("Do you like this content?"));
    assert.deepEqual(paragraphs, seed.slice(start, end));
    assert.equal(paragraphs.length, 7);
    assert.ok(paragraphs.some((p) => p?.includes("afte rthe")) && paragraphs.some((p) => p?.includes("respnose")));
  });

  it("has the image line and the donation block with the seed's figures", () => {
    assert.equal(document.querySelector(".full-size-hint")?.textContent, "Click to see the full-size image");
    assert.equal(document.querySelector(".donation-appeal")?.textContent, "Do you like this content? Consider helping us!");
    const scale = [...document.querySelectorAll(".donation-scale li")].map((li) => li.textContent);
    assert.deepEqual(scale, ["0 $", "2,500 $", "5,000 $"]);
    for (const figure of [...scale, "115 $"]) assert.ok(seed.includes(figure ?? ""), `${figure} is in the seed`);
    assert.ok(document.querySelector(".donation-raised")?.textContent?.startsWith("115 $"));
  });

  it("has a headline image at least 4000×2600 behind the full-size link", async () => {
    const img = document.querySelector("picture img");
    const href = document.querySelector("a.headline-image")?.getAttribute("href") ?? "";
    const { default: sharp } = await import("sharp");
    const metadata = await sharp(path.join(outputDir, href)).metadata();
    assert.ok((metadata.width ?? 0) >= 4000 && (metadata.height ?? 0) >= 2600);
    assert.ok(img?.getAttribute("alt"));
  });
});
