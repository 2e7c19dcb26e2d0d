// The article renderer: the minified layouts, rendered with the build's own data, written with their CSP.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { parseHTML } from "linkedom";
import { sharedClaim } from "../../src/build/prefetch-build-data.ts";
import { MinifyCache } from "../../src/cache/minify-cache.ts";
import type { Article } from "../../src/content/load-articles.ts";
import { gzipSize, readKnownSizes, saveKnownSizes } from "../../src/output/page-budget.ts";
import { contentSecurityPolicy, inlineStyles } from "../../src/output/security-headers.ts";
import { articlePagePath, renderArticlePage, securedPolicies, writeArticlePages } from "../../src/render/article-pages.ts";
import { type BuildData, loadBuildData, projectPaths } from "../../src/render/build-data.ts";
import { minifyTemplate } from "../../src/render/minify-html.ts";
import { createTemplateEnvironment, MinifiedTemplateLoader, minifyTemplates } from "../../src/render/template-environment.ts";
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

describe("article pages", () => {
  let contentDir: string;
  let outputDir: string;
  let data: BuildData;
  let environment: Awaited<ReturnType<typeof createTemplateEnvironment>>;

  before(async () => {
    const { image: _image, ...textOnly } = VALID_FRONT_MATTER;
    contentDir = await makeContentDir([
      { file: "one.md", text: articleText({ ...textOnly, title: "One & only" }, "First.\n\nSecond `<b>` **bold**.\n") },
      { file: "two.md", text: articleText({ ...textOnly, title: "Two", donation: false }) },
    ]);
    outputDir = await mkdtemp(path.join(os.tmpdir(), "newsroom-article-pages-"));
    data = await loadBuildData({ ...projectPaths(ROOT), contentDir, cacheDir: `${contentDir}-cache` }, false);
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

  it("writes each page secured by its own styles, and weighs it as written", async () => {
    const written = await writeArticlePages(environment, data, outputDir, { secure: true });
    assert.deepEqual(written.map((page) => page.page).sort(), ["one/index.html", "two/index.html"]);
    for (const page of written) {
      const html = await readFile(path.join(outputDir, page.page), "utf8");
      const styles = inlineStyles(html);
      assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(styles, { forMeta: true })}">`));
      assert.equal(page.policy, contentSecurityPolicy(styles, { forMeta: false }));
      assert.equal(page.bytes, Buffer.byteLength(html));
      assert.equal(page.gzipBytes, gzipSize(html));
    }
    assert.deepEqual([...securedPolicies(written).keys()].sort(), ["one/index.html", "two/index.html"]);
  });

  it("writes only the pages its claim hands out, so threads sharing one list write each page once", async () => {
    const cursor = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    const [first, second] = [sharedClaim(cursor), sharedClaim(cursor)];
    assert.deepEqual([first(), second(), first()], [0, 1, 2], "one sequence, whichever claim asks");
    // A writer that leaves after one page (the main thread arriving late), then one that takes the rest.
    const shared = sharedClaim(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    let taken = 0;
    const early = writeArticlePages(environment, data, outputDir, {
      secure: true,
      claim: () => (taken++ === 0 ? shared() : data.articles.length),
    });
    const late = writeArticlePages(environment, data, outputDir, { secure: true, claim: shared });
    assert.deepEqual(
      [early.map((page) => page.page), late.map((page) => page.page)],
      [[articlePagePath(data.articles[0] as Article)], [articlePagePath(data.articles[1] as Article)]],
    );
  });

  it("weighs a page it has weighed before by its hash, without compressing it again", async () => {
    const first = writeArticlePages(environment, data, outputDir, { secure: true });
    const file = path.join(outputDir, "page-sizes.json");
    await saveKnownSizes(file, first);
    const known = readKnownSizes(file);
    assert.deepEqual(known, new Map(first.map((page) => [page.hash, page.gzipBytes])));
    // A remembered size is taken as it is: a wrong one shows that nothing was compressed.
    const marked = new Map([...known].map(([hash]) => [hash, 7]));
    assert.deepEqual(
      writeArticlePages(environment, data, outputDir, { secure: true, knownSizes: marked }).map((page) => page.gzipBytes),
      [7, 7],
    );
  });

  it("writes no CSP for the dev server, whose live reload is a script", async () => {
    const written = await writeArticlePages(environment, data, outputDir, { secure: false });
    const html = await readFile(path.join(outputDir, "one", "index.html"), "utf8");
    assert.ok(!html.includes("Content-Security-Policy"));
    assert.equal(securedPolicies(written).size, 0);
  });

  it("takes the minified templates from the cache, so a warm build never loads the minifier", async () => {
    const cacheFile = path.join(outputDir, "templates-minified.json");
    const first = await MinifyCache.open(cacheFile);
    const cold = await minifyTemplates(projectPaths(ROOT), first);
    await first.save();
    const second = await MinifyCache.open(cacheFile);
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
    assert.deepEqual(Object.keys(templates.layouts).sort(), ["article.njk", "base.njk"]);
    assert.ok(!templates.layouts["base.njk"]?.includes("<!--"));
    const pages = Object.values(templates.pages);
    assert.equal(pages.length, 2, "index.njk and 404.njk");
    assert.ok(pages.every((page) => page.startsWith('{% extends "base.njk" %}')));
  });
});
