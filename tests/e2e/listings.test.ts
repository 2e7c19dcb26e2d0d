// Section, tag and author pages, bylines linked through content/_data/authors.json, related stories and the news
// front page, in one real build of a small fixture site.
import assert from "node:assert/strict";
import { readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { parseHTML } from "linkedom";
import { ContentError } from "../../src/content/content-error.ts";
import { articleText, buildFixtureSite, makeContentDir, makePhoto, VALID_FRONT_MATTER } from "../helpers/fixture-site.ts";

const { image: _image, ...WITHOUT_IMAGE } = VALID_FRONT_MATTER;
const AUTHORS = [
  { name: "Jane Doe", slug: "jane-doe", bio: "Covers Belarus.", sameAs: ["https://social.example/@jane"] },
  { name: "John Roe", slug: "john-roe" },
];
/** Story n is published n days after the first; 60 of them in "Politics", so that section has two pages. */
const STORIES = Array.from({ length: 64 }, (_, n) => ({
  slug: `story-${String(n).padStart(2, "0")}`,
  frontMatter: {
    ...WITHOUT_IMAGE,
    title: `Story ${n}`,
    date: new Date(Date.UTC(2024, 0, 1 + n)).toISOString(),
    author: n === 63 ? "Guest Writer" : n % 2 === 0 ? "Jane Doe" : ["Jane Doe", "John Roe"],
    section: n < 60 ? "Politics" : "Energy Policy",
    tags: n >= 60 ? ["Belarus", "Gas"] : n % 10 === 0 ? ["Belarus"] : [],
    ...(n === 63 ? { image: { src: "images/photo.jpg", alt: "A noisy test photo" } } : {}),
  },
}));

describe("section, tag and author pages", () => {
  const outputDir = path.join(os.tmpdir(), `newsroom-listings-${process.pid}`);
  const folders: string[] = [outputDir];
  let contentDir = "";
  const read = (page: string) => readFile(path.join(outputDir, page), "utf8");
  const html = async (page: string) => parseHTML(await read(page)).document as unknown as Document;

  before(async () => {
    contentDir = await makeContentDir(
      STORIES.map((story) => ({ file: `articles/${story.slug}.md`, text: articleText(story.frontMatter, "See [gas](/tag/gas/).\n") })),
      { "articles/images/photo.jpg": await makePhoto(1400, 1400) },
    );
    folders.push(contentDir, `${contentDir}-cache`);
    await writeFile(path.join(contentDir, "_data", "authors.json"), JSON.stringify(AUTHORS));
    await buildFixtureSite(contentDir, outputDir);
  });
  after(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

  it("publishes a page for each section, tag and listed author, paginated 50 to a page with its own canonical URL", async () => {
    const politics = await html("section/politics/index.html");
    assert.equal(politics.querySelector("h1")?.textContent, "Politics");
    assert.equal(politics.querySelector('link[rel="canonical"]')?.getAttribute("href"), "https://fixture.example.org/section/politics/");
    assert.equal(politics.querySelectorAll(".article-list .card").length, 50);
    assert.equal(politics.querySelector('a[rel="next"]')?.getAttribute("href"), "/section/politics/page/2/");
    const second = await html("section/politics/page/2/index.html");
    assert.equal(second.querySelectorAll(".article-list .card").length, 10);
    assert.equal(
      second.querySelector('link[rel="canonical"]')?.getAttribute("href"),
      "https://fixture.example.org/section/politics/page/2/",
    );
    assert.equal((await html("section/energy-policy/index.html")).querySelectorAll(".card").length, 4);
    assert.equal((await html("tag/belarus/index.html")).querySelectorAll(".card").length, 10);
    const jane = await html("author/jane-doe/index.html");
    assert.equal(jane.querySelector(".standfirst")?.textContent, "Covers Belarus.");
    assert.equal((await html("author/john-roe/index.html")).querySelectorAll(".card").length, 31);
  });

  it("gives each listing an Atom feed of its own, linked from its page", async () => {
    const feed = await read("tag/gas/feed.xml");
    assert.match(feed, /<title>Gas \| Fixture Gazette<\/title>/);
    assert.match(feed, /<link rel="self" type="application\/atom\+xml" href="https:\/\/fixture\.example\.org\/tag\/gas\/feed\.xml"\/>/);
    assert.equal(feed.match(/<entry>/g)?.length, 4);
    const page = await html("tag/gas/index.html");
    assert.equal(page.querySelector('link[rel="alternate"][type="application/atom+xml"][href="/tag/gas/feed.xml"]')?.tagName, "LINK");
  });

  it("lists the front page, its older pages and every listing page in sitemap.xml", async () => {
    const sitemap = await read("sitemap.xml");
    for (const address of ["/", "/page/2/", "/section/politics/", "/section/politics/page/2/", "/tag/gas/", "/author/jane-doe/"]) {
      assert.ok(sitemap.includes(`<loc>https://fixture.example.org${address}</loc>`), address);
    }
  });

  it("links bylines of listed authors to their page, gives JSON-LD the author's url, and keeps unknown authors plain", async () => {
    const shared = await html("story-01/index.html");
    assert.deepEqual(
      [...shared.querySelectorAll(".byline a")].map((link) => [link.textContent, link.getAttribute("href")]),
      [
        ["Jane Doe", "/author/jane-doe/"],
        ["John Roe", "/author/john-roe/"],
      ],
    );
    const jsonLd = JSON.parse(shared.querySelector('script[type="application/ld+json"]')?.textContent ?? "{}");
    assert.deepEqual(jsonLd.author[0], {
      "@type": "Person",
      name: "Jane Doe",
      url: "https://fixture.example.org/author/jane-doe/",
      sameAs: ["https://social.example/@jane"],
    });
    const guest = await html("story-63/index.html");
    assert.equal(guest.querySelector(".byline")?.textContent?.startsWith("By Guest Writer ·"), true);
    assert.equal(guest.querySelectorAll(".byline a").length, 0);
    await assert.rejects(read("author/guest-writer/index.html"), { code: "ENOENT" });
  });

  it("shows the section above the headline and the tags as links on an article", async () => {
    const page = await html("story-60/index.html");
    assert.equal(page.querySelector(".section-label a")?.getAttribute("href"), "/section/energy-policy/");
    assert.deepEqual(
      [...page.querySelectorAll(".tags a")].map((link) => link.getAttribute("href")),
      ["/tag/belarus/", "/tag/gas/"],
    );
  });

  it("ends each article with up to three related stories: most shared tags and section first, then newest", async () => {
    const related = async (slug: string) =>
      [...(await html(`${slug}/index.html`)).querySelectorAll(".related a")].map((link) => link.getAttribute("href"));
    // Story 60 shares both tags and its section with 61–63, newest first.
    assert.deepEqual(await related("story-60"), ["/story-63/", "/story-62/", "/story-61/"]);
    // Story 10 shares its tag and section with 50, 40, 30… and only its section with the rest.
    assert.deepEqual(await related("story-10"), ["/story-50/", "/story-40/", "/story-30/"]);
    // The same choice on every build: the page is rendered from the same data.
    assert.deepEqual(await related("story-10"), await related("story-10"));
  });

  it("leads the front page with the newest story and its image, then cards with section, headline, standfirst and date", async () => {
    const front = await html("index.html");
    assert.equal(front.querySelector(".lead h2 a")?.getAttribute("href"), "/story-63/");
    assert.equal(front.querySelector(".lead img")?.getAttribute("fetchpriority"), "high");
    assert.equal(front.querySelectorAll(".article-list .card").length, 49);
    const card = front.querySelector(".article-list .card");
    assert.equal(card?.querySelector(".section-label")?.textContent, "Energy Policy");
    assert.equal(card?.querySelector("h2 a")?.getAttribute("href"), "/story-62/");
    assert.ok(card?.querySelector("time[datetime]"));
    assert.deepEqual(
      [...front.querySelectorAll(".site-header nav a")].map((link) => link.getAttribute("href")),
      ["/section/politics/", "/section/energy-policy/"],
    );
  });

  it("refuses a wrong authors.json with the file, the field, the value and the fix", async () => {
    await writeFile(path.join(contentDir, "_data", "authors.json"), JSON.stringify([{ name: "Jane Doe", slug: "Jane Doe" }]));
    const error = await buildFixtureSite(contentDir, `${outputDir}-refused`).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof ContentError);
    const [problem] = error.problems;
    assert.equal(problem?.file, path.join(path.relative(process.cwd(), contentDir), "_data", "authors.json"));
    assert.equal(problem?.field, "[0].slug");
    assert.match(problem?.message ?? "", /"Jane Doe"/);
    assert.match(problem?.hint ?? "", /"slug": "jane-doe"/);
  });
});
