// End to end: lasting addresses (a permalink pattern, old addresses served as redirects), the Google News sitemap,
// corrections and per-article language, from one fixture build; then builds refused for colliding addresses.
import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { parseHTML } from "linkedom";
import { ContentError } from "../../src/content/content-error.ts";
import { articleText, buildFixtureSite, makeContentDir, SITE_JSON, VALID_FRONT_MATTER } from "../helpers/fixture-site.ts";

const { image: _image, ...TEXT_ONLY } = VALID_FRONT_MATTER;
const SITE = { ...SITE_JSON, permalink: "/:section/:year/:month/:slug/" };

describe("addresses, redirects, the news sitemap, corrections and language", () => {
  let contentDir: string;
  const outputDir = path.join(os.tmpdir(), `newsroom-addresses-${process.pid}`);
  const read = (file: string) => readFile(path.join(outputDir, file), "utf8");

  before(async () => {
    contentDir = await makeContentDir(
      [
        {
          file: "articles/new-home.md",
          text: articleText({
            ...TEXT_ONLY,
            title: "New home",
            section: "World News",
            date: "2024-05-10T08:00:00Z",
            aliases: ["/2019/05/01/Old-Home/", "/old-home.html"],
            corrections: [{ date: "2024-05-11T09:00:00Z", text: "An earlier version named the wrong mayor." }],
          }),
        },
        {
          file: "articles/arabic.md",
          text: articleText({ ...TEXT_ONLY, title: "عنوان", section: "World", date: "2024-05-09T08:00:00Z", lang: "ar" }),
        },
        {
          file: "articles/linker.md",
          text: articleText(
            { ...TEXT_ONLY, title: "Linker", section: "World", date: "2024-05-01T08:00:00Z" },
            "See [the old address](/2019/05/01/Old-Home/).\n",
          ),
        },
      ],
      {},
      { site: SITE },
    );
    await buildFixtureSite(contentDir, outputDir);
  });

  after(async () => {
    await rm(outputDir, { recursive: true, force: true });
    await rm(contentDir, { recursive: true, force: true });
    await rm(`${contentDir}-cache`, { recursive: true, force: true });
  });

  it("publishes each article at the address site.json's permalink pattern gives it", async () => {
    const { document } = parseHTML(await read("world-news/2024/05/new-home/index.html"));
    assert.equal(
      document.querySelector('link[rel="canonical"]')?.getAttribute("href"),
      "https://fixture.example.org/world-news/2024/05/new-home/",
    );
    assert.match(await read("feed.xml"), /https:\/\/fixture\.example\.org\/world-news\/2024\/05\/new-home\//);
  });

  it("leaves a redirect page at each old address, secured like every page, and lists it in _redirects as a 301", async () => {
    for (const file of ["2019/05/01/Old-Home/index.html", "old-home.html"]) {
      const { document } = parseHTML(await read(file));
      const target = "https://fixture.example.org/world-news/2024/05/new-home/";
      assert.equal(document.querySelector('link[rel="canonical"]')?.getAttribute("href"), target);
      assert.equal(document.querySelector('meta[http-equiv="refresh"]')?.getAttribute("content"), `0; url=${target}`);
      assert.equal(document.querySelector("body a")?.getAttribute("href"), target);
      assert.match(
        document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content") ?? "",
        /default-src 'none'/,
      );
    }
    const redirects = (await read("_redirects")).split("\n");
    assert.ok(redirects.includes("/2019/05/01/Old-Home/ /world-news/2024/05/new-home/ 301!"));
    assert.ok(redirects.includes("/old-home.html /world-news/2024/05/new-home/ 301!"));
  });

  it("writes news-sitemap.xml with the articles of the two days before the newest, and robots.txt names it", async () => {
    const news = await read("news-sitemap.xml");
    assert.match(news, /xmlns:news="http:\/\/www\.google\.com\/schemas\/sitemap-news\/0\.9"/);
    assert.match(news, /<news:name>Fixture Gazette<\/news:name><news:language>en<\/news:language>/);
    assert.match(news, /<news:publication_date>2024-05-10T08:00:00.000Z<\/news:publication_date><news:title>New home<\/news:title>/);
    assert.match(news, /<news:language>ar<\/news:language>/, "the Arabic article, a day older, is in");
    assert.doesNotMatch(news, /Linker/, "nine days older than the newest: out");
    assert.match(await read("robots.txt"), /^Sitemap: https:\/\/fixture\.example\.org\/news-sitemap\.xml$/m);
  });

  it("shows each correction under a Correction label, moves the modified date, and carries it in the feeds", async () => {
    const { document } = parseHTML(await read("world-news/2024/05/new-home/index.html"));
    const correction = document.querySelector(".correction");
    assert.match(correction?.textContent ?? "", /^Correction · May 11, 2024: An earlier version named the wrong mayor\.$/);
    assert.match(document.querySelector(".byline")?.textContent ?? "", /Updated May 11, 2024/);
    assert.equal(document.querySelector('meta[property="article:modified_time"]')?.getAttribute("content"), "2024-05-11T09:00:00.000Z");
    const feed = JSON.parse(await read("feed.json")) as { items: { title: string; content_html: string; date_modified: string }[] };
    const item = feed.items.find((entry) => entry.title === "New home");
    assert.equal(item?.date_modified, "2024-05-11T09:00:00.000Z");
    assert.match(item?.content_html ?? "", /<strong>Correction<\/strong> \(2024-05-11\): An earlier version/);
  });

  it("marks a right-to-left article's text with its lang and dir, in the page, the feeds and the JSON-LD", async () => {
    const html = await read("world/2024/05/arabic/index.html");
    const { document } = parseHTML(html);
    assert.equal(document.documentElement.getAttribute("lang"), "en", "the site's language stays the page's");
    // The text is read in its language: the nearest element with a lang attribute says which, and its direction.
    for (const selector of ["h1", ".standfirst", ".article-body p"]) {
      assert.equal(document.querySelector(selector)?.closest("[lang]")?.getAttribute("lang"), "ar", selector);
      assert.equal(document.querySelector(selector)?.closest("[dir]")?.getAttribute("dir"), "rtl", selector);
    }
    assert.equal(document.querySelector(".byline")?.closest("[lang]"), document.documentElement, "the byline stays in the site's language");
    assert.match(document.querySelector('script[type="application/ld+json"]')?.textContent ?? "", /"inLanguage":"ar"/);
    assert.match(await read("feed.xml"), /<entry xml:lang="ar">/);
    const feed = JSON.parse(await read("feed.json")) as { items: { title: string; language?: string }[] };
    assert.equal(feed.items.find((entry) => entry.title === "عنوان")?.language, "ar");
  });
});

describe("colliding addresses", () => {
  const refusal = async (articles: { file: string; text: string }[]) => {
    const contentDir = await makeContentDir(articles);
    const outputDir = path.join(os.tmpdir(), `newsroom-addresses-refused-${process.pid}`);
    try {
      await buildFixtureSite(contentDir, outputDir);
      assert.fail("the build should have been refused");
    } catch (error) {
      assert.ok(error instanceof ContentError, String(error));
      return error.message;
    } finally {
      await rm(contentDir, { recursive: true, force: true });
      await rm(`${contentDir}-cache`, { recursive: true, force: true });
    }
  };

  it("refuses an alias that another article has, or that is another article's address, naming both files", async () => {
    const message = await refusal([
      { file: "articles/one.md", text: articleText({ ...TEXT_ONLY, aliases: ["/old/"] }) },
      { file: "articles/two.md", text: articleText({ ...TEXT_ONLY, aliases: ["/old/", "/one/"] }) },
    ]);
    assert.match(message, /articles\/two\.md → aliases\[0\]: the old address \/old\/ is already an alias of .*articles\/one\.md/);
    assert.match(message, /articles\/two\.md → aliases\[1\]: the old address \/one\/ is already the address of .*articles\/one\.md/);
  });

  it("refuses an alias that is a file the site publishes", async () => {
    const message = await refusal([{ file: "articles/one.md", text: articleText({ ...TEXT_ONLY, aliases: ["/img/old/", "/feed.xml/"] }) }]);
    assert.match(message, /aliases\[0\]: the old address \/img\/old\/ is an address the site itself publishes/);
    assert.match(message, /aliases\[1\]: the old address \/feed\.xml\/ is an address the site itself publishes/);
  });
});
