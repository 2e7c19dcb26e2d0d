// The page writer: article, section, tag and author pages from the minified layouts, rendered with the build's own
// data, written with their CSP.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { parseHTML } from "linkedom";
import { projectPaths } from "../../src/build/project-paths.ts";
import { MinifyCache } from "../../src/cache/minify-cache.ts";
import { gzipSize } from "../../src/output/page-budget.ts";
import { contentSecurityPolicy, inlineStyles } from "../../src/output/security-headers.ts";
import { loadBuildData } from "../../src/render/build-data.ts";
import { minifyTemplate } from "../../src/render/minify-html.ts";
import { createTemplateEnvironment, MinifiedTemplateLoader, minifyTemplates } from "../../src/render/template-environment.ts";
import {
  articlePagePath,
  renderArticlePage,
  renderListingPage,
  securedPolicies,
  type WrittenBefore,
  writePages,
} from "../../src/render/write-pages.ts";
import type { Article, BuildData } from "../../src/types.ts";
import { articleText, makeContentDir, ROOT, SITE_JSON, VALID_FRONT_MATTER } from "../helpers/fixture-site.ts";

describe("minifyTemplate", () => {
  it("collapses the HTML around template tags and leaves every tag, output and comment as written", async () => {
    const source =
      '<ul>\n  {% for item in items %}\n    <li class="a">{{ item | upper }}</li>\n  {% endfor %}\n</ul>\n{# note #}\n<p>  a  </p>\n';
    const minified = await minifyTemplate(source);
    // Conservative: whitespace shrinks to one character and never disappears, so inline text never runs together.
    assert.equal(
      minified,
      '<ul>\n{% for item in items %}\n<li class="a">{{ item | upper }}</li>\n{% endfor %}\n</ul>\n{# note #}\n<p> a </p>\n',
    );
  });
});

const ALL_PAGES = ["index.html", "one/index.html", "section/city-hall/index.html", "tag/budget/index.html", "two/index.html"];

describe("article and listing pages", () => {
  let contentDir: string;
  let outputDir: string;
  let data: BuildData;
  let environment: Awaited<ReturnType<typeof createTemplateEnvironment>>;

  before(async () => {
    const { image: _image, ...textOnly } = VALID_FRONT_MATTER;
    contentDir = await makeContentDir([
      {
        file: "articles/one.md",
        text: articleText(
          { ...textOnly, title: "One & only", section: "City <Hall>", tags: ["Budget"] },
          "First.\n\nSecond `<b>` **bold**.\n",
        ),
      },
      { file: "articles/two.md", text: articleText({ ...textOnly, title: "Two", donation: false, tags: ["Budget"] }) },
    ]);
    outputDir = await mkdtemp(path.join(os.tmpdir(), "newsroom-write-pages-"));
    data = await loadBuildData({ ...projectPaths(ROOT), contentDir, cacheDir: `${contentDir}-cache` }, { includeDrafts: false });
    environment = createTemplateEnvironment(new MinifiedTemplateLoader(await minifyTemplates(projectPaths(ROOT))));
  });

  after(async () => {
    for (const folder of [contentDir, `${contentDir}-cache`, outputDir]) await rm(folder, { recursive: true, force: true });
  });

  it("renders the layout with the article's values escaped and its body as rendered Markdown", () => {
    const article = data.articles.find((each) => each.slug === "one");
    assert.ok(article);
    const { document } = parseHTML(renderArticlePage(environment, data, article));
    assert.equal(document.querySelector("h1")?.textContent, "One & only");
    assert.equal(document.querySelector("title")?.textContent, `One & only | ${SITE_JSON.name}`);
    assert.deepEqual(
      [...document.querySelectorAll(".article-body p")].map((p) => p.textContent),
      ["First.", "Second <b> bold."],
    );
    assert.equal(document.querySelector(".article-body strong")?.textContent, "bold");
    assert.equal(document.querySelectorAll(".donation").length, 1);
  });

  it("leaves the donation block out when the article says so", () => {
    const article = data.articles.find((each) => each.slug === "two");
    assert.ok(article);
    assert.ok(!renderArticlePage(environment, data, article).includes('class="donation"'));
  });

  it("renders a listing page with its name escaped and a card for each of its articles", () => {
    const section = data.listingPages.find((page) => page.listing.kind === "section");
    assert.ok(section);
    const { document } = parseHTML(renderListingPage(environment, data, section));
    assert.equal(document.querySelector("h1")?.textContent, "City <Hall>");
    assert.equal(document.querySelector('link[rel="canonical"]')?.getAttribute("href"), `${SITE_JSON.url}/section/city-hall/`);
    assert.deepEqual(
      [...document.querySelectorAll(".card h2 a")].map((link) => [link.textContent, link.getAttribute("href")]),
      [["One & only", "/one/"]],
    );
  });

  it("writes each page secured by its own styles, and weighs it as written", async () => {
    const written = await writePages(environment, data, outputDir, { secure: true });
    assert.deepEqual(written.map((page) => page.page).sort(), ALL_PAGES);
    for (const page of written) {
      const html = await readFile(path.join(outputDir, page.page), "utf8");
      const styles = inlineStyles(html);
      assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(styles, { forMeta: true })}">`));
      assert.equal(page.policy, contentSecurityPolicy(styles, { forMeta: false }));
      assert.equal(page.bytes, Buffer.byteLength(html));
      assert.equal(page.gzipBytes, gzipSize(html));
    }
    assert.deepEqual([...securedPolicies(written).keys()].sort(), ALL_PAGES);
  });

  it("rewrites, for the dev server, only the pages whose inputs changed, and removes pages no longer in the site", async () => {
    const writtenBefore: WrittenBefore = new Map();
    const options = { secure: false, writtenBefore, templatesVersion: "v1" };
    assert.equal(writePages(environment, data, outputDir, options).length, ALL_PAGES.length);
    // A file the writer does not touch stays deleted.
    const siteFiles = ["feed.xml", "feed.json", "sitemap.xml", "news-sitemap.xml", "tag/budget/feed.xml"];
    for (const file of siteFiles) await rm(path.join(outputDir, file));
    assert.deepEqual(writePages(environment, data, outputDir, options), [], "nothing changed, nothing written");
    for (const file of siteFiles) await assert.rejects(readFile(path.join(outputDir, file)), { code: "ENOENT" }, file);
    const [one, two] = data.articles as [Article, Article];
    const editedOne = { ...one, title: "One, edited" };
    const edited = {
      ...data,
      articles: [editedOne, two],
      listings: {
        ...data.listings,
        tags: data.listings.tags.map((tag) => ({ ...tag, articles: tag.articles.map((each) => (each === one ? editedOne : each)) })),
      },
      frontPages: data.frontPages.map((page) => ({ ...page, articles: page.articles.map((each) => (each === one ? editedOne : each)) })),
      listingPages: data.listingPages.map((page) => ({
        ...page,
        articles: page.articles.map((each) => (each === one ? editedOne : each)),
      })),
    };
    assert.deepEqual(
      writePages(environment, edited, outputDir, options)
        .map((page) => page.page)
        .sort(),
      ["index.html", articlePagePath(one), "section/city-hall/index.html", "tag/budget/index.html"],
      "the article's page and the lists that show it",
    );
    assert.match(await readFile(path.join(outputDir, "tag/budget/index.html"), "utf8"), /One, edited/);
    for (const file of ["feed.xml", "feed.json", "tag/budget/feed.xml"]) {
      assert.match(await readFile(path.join(outputDir, file), "utf8"), /One, edited/, `${file} shows the new title`);
    }
    assert.equal(
      writePages(environment, edited, outputDir, { ...options, templatesVersion: "v2" }).length,
      ALL_PAGES.length,
      "a layout change rewrites all",
    );
    writePages(
      environment,
      { ...data, articles: [two], listingPages: data.listingPages.filter((page) => page.listing.kind !== "section") },
      outputDir,
      options,
    );
    await assert.rejects(readFile(path.join(outputDir, articlePagePath(one))), { code: "ENOENT" });
    await assert.rejects(readFile(path.join(outputDir, "section/city-hall/index.html")), { code: "ENOENT" });
    assert.match(await readFile(path.join(outputDir, "tag/budget/index.html"), "utf8"), /Budget/);
  });

  it("keeps, for the dev server, a page that moved inside the folder of a page that is gone", async () => {
    const writtenBefore: WrittenBefore = new Map();
    const options = { secure: false, writtenBefore, templatesVersion: "v1" };
    const [one, two] = data.articles as [Article, Article];
    const only = (articles: Article[]) => ({ ...data, articles, frontPages: [], listingPages: [] });
    writePages(environment, only([one, two]), outputDir, options);
    // A new permalink pattern puts "two" at /one/two/ while "one" is removed: one/ goes, one/two/index.html stays.
    const moved = { ...two, url: "/one/two/" };
    writePages(environment, only([moved]), outputDir, options);
    assert.match(await readFile(path.join(outputDir, "one/two/index.html"), "utf8"), /<h1>Two<\/h1>/);
    assert.deepEqual(writePages(environment, only([moved]), outputDir, options), [], "nothing changed, nothing written");
    assert.match(await readFile(path.join(outputDir, "one/two/index.html"), "utf8"), /<h1>Two<\/h1>/);
  });

  it("writes no CSP for the dev server, whose live reload is a script", async () => {
    const written = await writePages(environment, data, outputDir, { secure: false });
    const html = await readFile(path.join(outputDir, "one", "index.html"), "utf8");
    assert.ok(!html.includes("Content-Security-Policy"));
    assert.equal(securedPolicies(written).size, 0);
  });

  it("takes the minified templates from the cache, so a warm build never loads the minifier", async () => {
    const cacheDir = path.join(outputDir, "cache");
    const cold = await minifyTemplates(projectPaths(ROOT), await MinifyCache.open(cacheDir));
    const second = await MinifyCache.open(cacheDir);
    let misses = 0;
    const counting = {
      apply: (input: string, settings: string, minify: (input: string) => Promise<string>) =>
        second.apply(input, settings, async (text) => {
          misses++;
          return minify(text);
        }),
    };
    const warm = await minifyTemplates(projectPaths(ROOT), counting as unknown as MinifyCache);
    assert.equal(misses, 0);
    assert.deepEqual(warm, cold);
  });

  it("minifies the layouts and the HTML pages, and leaves feeds, sitemap and robots.txt alone", async () => {
    const templates = await minifyTemplates(projectPaths(ROOT));
    assert.deepEqual(Object.keys(templates.layouts).sort(), ["article.njk", "base.njk", "card.njk", "front.njk", "listing.njk"]);
    assert.ok(!templates.layouts["base.njk"]?.includes("<!--"));
    const pages = Object.values(templates.pages);
    assert.equal(pages.length, 1, "404.njk");
    assert.ok(pages.every((page) => page.startsWith('{% extends "base.njk" %}')));
  });
});
