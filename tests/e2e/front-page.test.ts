// The front page and the listing pages after it: 50 articles to a page, newest first, each article listed once,
// linked newer ↔ older, every page inside the first-round-trip budget however long the archive grows.
import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { parseHTML } from "linkedom";
import { ContentError } from "../../src/content/content-error.ts";
import { ARTICLES_PER_LISTING_PAGE, listingPagePaths } from "../../src/content/site-paths.ts";
import { measurePages, PAGE_BUDGET_BYTES } from "../../src/output/page-budget.ts";
import { paginate } from "../../src/render/listings.ts";
import type { Article } from "../../src/types.ts";
import { articleText, buildFixtureSite, makeContentDir, VALID_FRONT_MATTER } from "../helpers/fixture-site.ts";

const { image: _image, ...WITHOUT_IMAGE } = VALID_FRONT_MATTER;
const ARTICLE_COUNT = 120;
const PER_PAGE = 50;
/** Article n is published n hours after the first, so the newest is the last one written. */
const slugOf = (n: number) => `story-${String(n).padStart(3, "0")}`;
const LISTING_PAGES = ["index.html", "page/2/index.html", "page/3/index.html"];

describe("front page and older listing pages", () => {
  const outputDir = path.join(os.tmpdir(), `newsroom-front-page-${process.pid}`);
  const emptyOutputDir = `${outputDir}-empty`;
  const contentDirs: string[] = [];
  const documents = new Map<string, Document>();

  before(async () => {
    const articles = Array.from({ length: ARTICLE_COUNT }, (_, n) => ({
      file: `articles/${slugOf(n)}.md`,
      text: articleText(
        { ...WITHOUT_IMAGE, title: `Story ${n}`, date: new Date(Date.UTC(2024, 0, 1, n)).toISOString() },
        // Links to listing pages are links inside the site like any other: they must reach a page.
        n === 0 ? "See [the front page](/) and [the oldest stories](/page/3/).\n" : "Paragraph.\n",
      ),
    }));
    const contentDir = await makeContentDir(articles);
    const emptyContentDir = await makeContentDir([]);
    contentDirs.push(contentDir, emptyContentDir);
    await buildFixtureSite(contentDir, outputDir);
    await buildFixtureSite(emptyContentDir, emptyOutputDir);
    for (const page of LISTING_PAGES) {
      documents.set(page, parseHTML(await readFile(path.join(outputDir, page), "utf8")).document as unknown as Document);
    }
  });

  after(() =>
    Promise.all(
      [outputDir, emptyOutputDir, ...contentDirs, ...contentDirs.map((dir) => `${dir}-cache`)].map((dir) =>
        rm(dir, { recursive: true, force: true }),
      ),
    ),
  );

  const listed = (page: string) =>
    [...(documents.get(page)?.querySelectorAll(":is(.lead, .article-list) h2 a") ?? [])].map((link) => link.getAttribute("href"));
  const navigation = (page: string) =>
    [...(documents.get(page)?.querySelectorAll("nav.pagination a") ?? [])].map((link) => [
      link.getAttribute("rel"),
      link.getAttribute("href"),
    ]);

  it("lists every article exactly once, newest first, 50 to a page", () => {
    assert.deepEqual(
      LISTING_PAGES.map((page) => listed(page).length),
      [PER_PAGE, PER_PAGE, ARTICLE_COUNT - 2 * PER_PAGE],
    );
    const newestFirst = Array.from({ length: ARTICLE_COUNT }, (_, n) => `/${slugOf(ARTICLE_COUNT - 1 - n)}/`);
    assert.deepEqual(LISTING_PAGES.flatMap(listed), newestFirst);
  });

  it("links each listing page to the newer and the older one, and no further", () => {
    assert.deepEqual(navigation("index.html"), [["next", "/page/2/"]]);
    assert.deepEqual(navigation("page/2/index.html"), [
      ["prev", "/"],
      ["next", "/page/3/"],
    ]);
    assert.deepEqual(navigation("page/3/index.html"), [["prev", "/page/2/"]]);
  });

  it("names each older page and gives it its own canonical URL", () => {
    const front = documents.get("index.html");
    assert.equal(front?.querySelector("h1")?.textContent, "Fixture Gazette: latest stories");
    assert.equal(front?.querySelector('link[rel="canonical"]')?.getAttribute("href"), "https://fixture.example.org/");
    const second = documents.get("page/2/index.html");
    assert.equal(second?.querySelector("h1")?.textContent, "Articles, page 2 of 3");
    assert.equal(second?.querySelector("title")?.textContent, "Articles, page 2 of 3 | Fixture Gazette");
    assert.equal(second?.querySelector('link[rel="canonical"]')?.getAttribute("href"), "https://fixture.example.org/page/2/");
  });

  it("keeps every listing page inside the first-round-trip budget, secured like every page", async () => {
    const weights = await measurePages(outputDir);
    for (const page of LISTING_PAGES) {
      const weight = weights.find((each) => each.page === page);
      assert.ok(weight && weight.gzipBytes <= PAGE_BUDGET_BYTES, `${page}: ${weight?.gzipBytes} B gzipped`);
    }
    const headers = await readFile(path.join(outputDir, "_headers"), "utf8");
    assert.match(headers, /^\/page\/3\/\n {2}Content-Security-Policy: default-src 'none'/m);
  });

  it("lets articles link to the listing pages that exist, and refuses one past the last", async () => {
    assert.match(await readFile(path.join(outputDir, slugOf(0), "index.html"), "utf8"), /href="\/page\/3\/"/);
    const beyond = await makeContentDir([
      { file: "articles/lost.md", text: articleText(WITHOUT_IMAGE, "An [archive page](/page/2/) that a single article does not fill.\n") },
    ]);
    contentDirs.push(beyond);
    await assert.rejects(buildFixtureSite(beyond, `${outputDir}-beyond`), (error: unknown) => {
      assert.ok(error instanceof ContentError);
      assert.match(error.message, /\/page\/2\//);
      return true;
    });
  });

  it("agrees with the link check on how many articles a listing page holds", async () => {
    for (const count of [0, 1, ARTICLES_PER_LISTING_PAGE, ARTICLES_PER_LISTING_PAGE + 1, 3 * ARTICLES_PER_LISTING_PAGE + 1]) {
      const articles = Array.from({ length: count }, () => ({}) as Article);
      assert.deepEqual(
        paginate("/", articles).flatMap((page) => [`${page.url}index.html`, page.url]),
        listingPagePaths(count),
        `${count} articles`,
      );
    }
    assert.deepEqual(listingPagePaths(0), ["/index.html", "/"]);
    assert.deepEqual(listingPagePaths(ARTICLES_PER_LISTING_PAGE), ["/index.html", "/"]);
    assert.deepEqual(listingPagePaths(ARTICLES_PER_LISTING_PAGE + 1), ["/index.html", "/", "/page/2/index.html", "/page/2/"]);
  });

  it("still builds one front page, saying so, when there are no articles", async () => {
    const front = parseHTML(await readFile(path.join(emptyOutputDir, "index.html"), "utf8")).document;
    assert.equal(front.querySelector(".article-list li")?.textContent, "No articles yet.");
    assert.equal(front.querySelector("nav.pagination"), null);
  });
});
