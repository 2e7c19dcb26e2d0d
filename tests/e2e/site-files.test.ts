// End to end: the article's search and sharing metadata, and the site files built beside it (feeds, sitemap,
// robots.txt, 404 page, icons), from fixture content with a draft and a hostile headline.
import assert from "node:assert/strict";
import { access, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { parseHTML } from "linkedom";
import sharp from "sharp";
import { measurePages, PAGE_BUDGET_BYTES } from "../../src/output/page-budget.ts";
import { articleText, buildFixtureSite, makeContentDir, makePhoto, VALID_FRONT_MATTER } from "../helpers/fixture-site.ts";

const { image: _image, ...WITHOUT_IMAGE } = VALID_FRONT_MATTER;
const HOSTILE_TITLE = "Breaking: </script><script>alert(1)</script> & <b>more</b>";

describe("site files and sharing metadata", () => {
  let contentDir: string;
  const outputDir = path.join(os.tmpdir(), `newsroom-site-files-${process.pid}`);
  let document: ReturnType<typeof parseHTML>["document"];
  const read = (file: string) => readFile(path.join(outputDir, file), "utf8");

  before(async () => {
    contentDir = await makeContentDir(
      [
        {
          file: "articles/hostile.md",
          text: articleText({
            ...VALID_FRONT_MATTER,
            title: HOSTILE_TITLE,
            updated: "2024-05-03T12:00:00Z",
            author: ["Jane Doe", "John Roe"],
            section: "World",
            tags: ["Belarus", "Energy"],
          }),
        },
        {
          file: "articles/older.md",
          text: articleText({ ...WITHOUT_IMAGE, title: "Older story", date: "2024-04-01" }),
        },
        { file: "articles/secret-draft.md", text: articleText({ ...VALID_FRONT_MATTER, title: "Unpublished draft", draft: true }) },
      ],
      { "articles/images/photo.jpg": await makePhoto(1800, 1200) },
    );
    await buildFixtureSite(contentDir, outputDir);
    document = parseHTML(await read("hostile/index.html")).document;
  });

  after(async () => {
    await rm(outputDir, { recursive: true, force: true });
    await rm(contentDir, { recursive: true, force: true });
    await rm(`${contentDir}-cache`, { recursive: true, force: true });
  });

  const meta = (key: string) =>
    [...document.querySelectorAll(`meta[property="${key}"], meta[name="${key}"]`)].map((element) => element.getAttribute("content"));

  it("has an absolute https canonical URL, a description and feed discovery links", () => {
    assert.deepEqual(
      [...document.querySelectorAll('link[rel="canonical"]')].map((link) => link.getAttribute("href")),
      ["https://fixture.example.org/hostile/"],
    );
    assert.equal(meta("description")[0], VALID_FRONT_MATTER.description);
    assert.deepEqual(
      [...document.querySelectorAll('link[rel="alternate"]')].map((link) => [link.getAttribute("type"), link.getAttribute("href")]),
      [
        ["application/atom+xml", "/feed.xml"],
        ["application/feed+json", "/feed.json"],
      ],
    );
  });

  it("carries the complete Open Graph article and X card tags", async () => {
    assert.deepEqual(meta("og:type"), ["article"]);
    assert.deepEqual(meta("og:title"), [HOSTILE_TITLE]);
    assert.deepEqual(meta("og:url"), ["https://fixture.example.org/hostile/"]);
    assert.deepEqual(meta("og:site_name"), ["Fixture Gazette"]);
    assert.deepEqual(meta("article:published_time"), ["2024-05-01T09:00:00.000Z"]);
    assert.deepEqual(meta("article:modified_time"), ["2024-05-03T12:00:00.000Z"]);
    assert.deepEqual(meta("article:author"), ["Jane Doe", "John Roe"]);
    assert.deepEqual(meta("article:section"), ["World"]);
    assert.deepEqual(meta("article:tag"), ["Belarus", "Energy"]);
    assert.deepEqual(meta("twitter:card"), ["summary_large_image"]);
    assert.deepEqual(meta("og:image:alt"), [VALID_FRONT_MATTER.image.alt]);
    const image = meta("og:image")[0] ?? "";
    assert.match(image, /^https:\/\/fixture\.example\.org\/img\/.+\.jpg$/);
    assert.deepEqual(meta("twitter:image"), [image]);
    const card = await sharp(path.join(outputDir, new URL(image).pathname)).metadata();
    assert.deepEqual([card.format, card.width, card.height], ["jpeg", 1200, 630]);
    assert.deepEqual([meta("og:image:width")[0], meta("og:image:height")[0]], ["1200", "630"]);
  });

  it("has NewsArticle JSON-LD that the hostile headline cannot close, with three crops at least 1200 px wide", async () => {
    const scripts = [...document.querySelectorAll("script")];
    assert.equal(scripts.length, 1);
    const data = JSON.parse(scripts[0]?.textContent ?? "");
    assert.equal(data["@type"], "NewsArticle");
    assert.equal(data.headline, HOSTILE_TITLE);
    assert.equal(data.dateModified, "2024-05-03T12:00:00.000Z");
    assert.deepEqual(
      data.author.map((author: { name: string }) => author.name),
      ["Jane Doe", "John Roe"],
    );
    assert.equal(data.mainEntityOfPage["@id"], "https://fixture.example.org/hostile/");
    assert.ok(data.publisher.logo.url.startsWith("https://fixture.example.org/"));
    const ratios = [];
    for (const url of data.image as string[]) {
      const crop = await sharp(path.join(outputDir, new URL(url).pathname)).metadata();
      assert.ok((crop.width ?? 0) >= 1200, url);
      ratios.push(((crop.width ?? 0) / (crop.height ?? 1)).toFixed(3));
    }
    assert.deepEqual(ratios, [(16 / 9).toFixed(3), (4 / 3).toFixed(3), "1.000"]);
  });

  it("shows published and updated times, the reading time and share links that need no JavaScript", () => {
    const times = [...document.querySelectorAll(".byline time")].map((time) => time.getAttribute("datetime"));
    assert.deepEqual(times, ["2024-05-01T09:00:00.000Z", "2024-05-03T12:00:00.000Z"]);
    assert.match(document.querySelector(".byline")?.textContent ?? "", /By Jane Doe, John Roe · .+ · Updated .+ · 1 min read/);
    const share = [...document.querySelectorAll(".share a")].map((link) => link.getAttribute("href") ?? "");
    assert.equal(share.length, 5);
    for (const href of share) assert.ok(href.includes(encodeURIComponent("https://fixture.example.org/hostile/")), href);
  });

  it("publishes Atom and JSON feeds and a sitemap of the published articles only, newest first", async () => {
    const atom = await read("feed.xml");
    const json = JSON.parse(await read("feed.json"));
    const sitemap = await read("sitemap.xml");
    for (const text of [atom, JSON.stringify(json), sitemap]) assert.ok(!text.includes("secret-draft") && !text.includes("Unpublished"));
    assert.deepEqual(
      json.items.map((item: { url: string }) => item.url),
      ["https://fixture.example.org/hostile/", "https://fixture.example.org/older/"],
    );
    assert.ok(atom.includes("<title>Breaking: &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;more&lt;/b&gt;</title>"));
    assert.ok(sitemap.includes("<loc>https://fixture.example.org/hostile/</loc><lastmod>2024-05-03T12:00:00.000Z</lastmod>"));
    await assert.rejects(access(path.join(outputDir, "secret-draft", "index.html")));
  });

  it("publishes robots.txt, a 404 page and the icons a browser asks for", async () => {
    assert.ok((await read("robots.txt")).includes("Sitemap: https://fixture.example.org/sitemap.xml"));
    const notFound = parseHTML(await read("404.html")).document;
    assert.equal(notFound.querySelector("h1")?.textContent, "Page not found");
    assert.equal(notFound.querySelector('meta[name="robots"]')?.getAttribute("content"), "noindex");
    assert.equal(notFound.querySelector('link[rel="canonical"]'), null);
    for (const icon of ["favicon.svg", "favicon.ico", "apple-touch-icon.png", "logo.png"]) await access(path.join(outputDir, icon));
  });

  it("keeps every page's HTML and inline CSS within the first-round-trip budget", async () => {
    for (const page of await measurePages(outputDir)) assert.ok(page.gzipBytes <= PAGE_BUDGET_BYTES, `${page.page}: ${page.gzipBytes}`);
  });
});
