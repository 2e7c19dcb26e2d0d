import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { aliasesOf } from "../../scripts/import-zola.ts";
import { addressFile, applyPermalink, articleAddress, checkAddresses, textDirection } from "../../src/content/addresses.ts";
import { checkLinks } from "../../src/content/check-links.ts";
import { readArticle } from "../../src/content/read-article.ts";
import { validateArticle } from "../../src/content/validate-article.ts";
import { redirectPage, redirectsFile } from "../../src/output/redirects.ts";
import type { Article } from "../../src/types.ts";

const article = (slug: string, fields: Partial<Article> = {}): Article => ({
  sourceFile: `content/articles/${slug}.md`,
  slug,
  url: `/${slug}/`,
  title: slug,
  description: "D",
  date: "2024-05-01T23:30:00-04:00",
  updated: "2024-05-01T23:30:00-04:00",
  authors: ["A"],
  tags: [],
  draft: false,
  showDonation: true,
  html: "<p>x</p>",
  readingMinutes: 1,
  aliases: [],
  corrections: [],
  ...fields,
});

function validate(yaml: string) {
  const read = readArticle("content/articles/a.md", `---\ntitle: H\ndescription: S.\ndate: "2024-05-01"\nauthor: A\n${yaml}\n---\nBody\n`);
  if (!read.ok) throw new Error("fixture front matter did not parse");
  return validateArticle(read.article);
}

describe("the permalink pattern", () => {
  it("fills in the section as a slug and the date as written, in the zone written", () => {
    const address = articleAddress(article("a", { section: "World News" }), "/:section/:year/:month/:day/:slug/");
    assert.deepEqual(address, { url: "/world-news/2024/05/01/a/" });
  });

  it("refuses an article without a section when the pattern needs one, naming its file and the fix", () => {
    const { problems } = applyPermalink([article("a")], "/:section/:slug/");
    assert.equal(problems[0]?.file, "content/articles/a.md");
    assert.equal(problems[0]?.field, "section");
    assert.match(problems[0]?.hint ?? "", /permalink in content\/_data\/site\.json/);
  });

  it("maps an address to the file published for it", () => {
    assert.equal(addressFile("/2019/05/old/"), "2019/05/old/index.html");
    assert.equal(addressFile("/old.html"), "old.html");
  });
});

describe("aliases", () => {
  it("accepts addresses from the root, and refuses relative ones, queries and ..", () => {
    assert.ok(validate('aliases: ["/2019/05/01/Old-Title/", "/old.html"]').ok);
    for (const bad of ['"old/"', '"/old/?a=1"', '"/a/../b/"', '"/"', '"/old"']) {
      const result = validate(`aliases: [${bad}]`);
      assert.equal(result.ok, false, bad);
      assert.equal(result.ok ? "" : result.problems[0]?.field, "aliases.0", bad);
    }
  });

  it("refuses an alias that redirects an article to itself or lands on a reserved address", () => {
    const problems = checkAddresses([article("a", { aliases: ["/a/", "/page/9/"] })], new Set(["/feed.xml"]));
    assert.match(problems[0]?.message ?? "", /an article cannot redirect to itself/);
    assert.match(problems[1]?.message ?? "", /\/page\/9\/ is an address the site itself publishes/);
  });

  it("refuses a pattern address that starts with a reserved word", () => {
    const problems = checkAddresses([article("a", { url: "/img/a/" })], new Set());
    assert.match(problems[0]?.message ?? "", /starts with \/img\//);
  });

  it("lets body links to an old address pass the link check", () => {
    const linking = article("b", { html: '<a href="/2019/old/">old</a><a href="/old.html">x</a>' });
    assert.deepEqual(checkLinks([linking, article("a", { aliases: ["/2019/old/", "/old.html"] })], { staticPaths: new Set() }), []);
    assert.equal(checkLinks([linking, article("a")], { staticPaths: new Set() }).length, 2);
  });

  it("are served by a redirect page (escaped) and a _redirects line", () => {
    const page = redirectPage({ url: "/new/", title: 'A "quoted" <b>title</b>' }, { url: "https://news.example.org", language: "en" });
    assert.match(page, /<meta http-equiv="refresh" content="0; url=https:\/\/news\.example\.org\/new\/">/);
    assert.match(page, /<link rel="canonical" href="https:\/\/news\.example\.org\/new\/">/);
    assert.match(page, /A &quot;quoted&quot; &lt;b&gt;title&lt;\/b&gt;/);
    assert.match(redirectsFile([{ url: "/new/", aliases: ["/old/"] }]), /^\/old\/ \/new\/ 301!$/m);
  });

  it("are carried over from Zola: the old path and the aliases, each from the root", () => {
    assert.deepEqual(aliasesOf("2019/10/15/Rustup-1.20.0", ["2019/10/15/Rustup-1.20.0.html", "releases/1.20.0"], "/rustup-1-20-0/"), [
      "/2019/10/15/Rustup-1.20.0/",
      "/2019/10/15/Rustup-1.20.0.html",
      "/releases/1.20.0/",
    ]);
    assert.deepEqual(aliasesOf("same", undefined, "/same/"), [], "an alias equal to the new address is left out");
  });
});

describe("language", () => {
  it("accepts BCP 47 tags and refuses others", () => {
    for (const good of ["ar", "fr-CA", "zh-Hant-TW", "az-Arab"]) assert.ok(validate(`lang: ${good}`).ok, good);
    for (const bad of ["english", "12", "fr_CA", "e"]) assert.equal(validate(`lang: ${bad}`).ok, false, bad);
  });

  it("is right to left for languages written in a right-to-left script", () => {
    for (const rtl of ["ar", "he", "fa", "ur", "az-Arab", "yi"]) assert.equal(textDirection(rtl), "rtl", rtl);
    for (const ltr of ["en", "fr", "az", "ru"]) assert.equal(textDirection(ltr), undefined, ltr);
  });
});

describe("corrections", () => {
  it("need a date on or after the publication date and a text", () => {
    assert.ok(validate('corrections:\n  - date: "2024-05-02"\n    text: The mayor is Ann.').ok);
    const early = validate('corrections:\n  - date: "2024-04-30"\n    text: The mayor is Ann.');
    assert.equal(early.ok ? "" : early.problems[0]?.field, "corrections.0.date");
    assert.equal(validate('corrections:\n  - date: "2024-05-02"').ok, false);
  });
});
