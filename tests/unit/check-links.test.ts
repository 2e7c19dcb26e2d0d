import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkLinks, extractLinks, type LinkedArticle } from "../../src/content/check-links.ts";
import { parseText } from "../../src/content/parse-article-text.ts";

const article = (slug: string, html: string, draft = false): LinkedArticle => ({
  sourceFile: `content/articles/${slug}.md`,
  url: `/${slug}/`,
  html,
  draft,
});
const link = (href: string) => `<p><a href="${href}">text</a></p>\n`;
const TARGETS = { siteUrl: "https://news.example.org", staticPaths: new Set(["/", "/index.html", "/feed.xml", "/logo.png"]) };

function problemsFor(href: string, others: LinkedArticle[] = [article("other", "")]) {
  return checkLinks([article("story", link(href)), ...others], TARGETS).map((problem) => problem.message);
}

describe("extractLinks", () => {
  it("finds every href and src in rendered Markdown and undoes its escaping", () => {
    assert.deepEqual(extractLinks('<a href="/a/?x=1&amp;y=2">a</a> <img src="images/b.jpg" alt="b">'), ["/a/?x=1&y=2", "images/b.jpg"]);
  });
});

describe("checkLinks", () => {
  it("accepts links to published articles in every form that works on a static host", () => {
    for (const href of ["/other/", "/other/index.html", "../other/", "https://news.example.org/other/#part", "/other/?utm=x"]) {
      assert.deepEqual(problemsFor(href), [], href);
    }
  });

  it("accepts the site's own pages and files, and leaves other sites, mail and fragments alone", () => {
    for (const href of [
      "/",
      "/feed.xml",
      "/logo.png",
      "https://elsewhere.example/x",
      "//cdn.example/x",
      "mailto:desk@example.org",
      "#notes",
    ]) {
      assert.deepEqual(problemsFor(href), [], href);
    }
  });

  it("reports a link to an article that does not exist, naming the file and the link", () => {
    const problems = checkLinks([article("story", link("/no-such-story/"))], TARGETS);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.file, "content/articles/story.md");
    assert.match(problems[0]?.message ?? "", /\/no-such-story\/ points inside the site, to a page that does not exist/);
  });

  it("reports absolute links to this site and relative links the same way as /… links", () => {
    assert.equal(problemsFor("https://news.example.org/missing/").length, 1);
    assert.equal(problemsFor("missing/").length, 1);
    assert.equal(problemsFor("images/photo.jpg").length, 1, "a body image would not be published");
  });

  it("asks for the trailing slash a static host needs", () => {
    assert.match(problemsFor("/other")[0] ?? "", /needs a trailing slash/);
  });

  it("refuses a published article's link to a draft, but lets drafts link anywhere", () => {
    assert.match(problemsFor("/other/", [article("other", "", true)])[0] ?? "", /a draft that will not be published/);
    assert.deepEqual(checkLinks([article("story", link("/other/"), true), article("other", "", true)], TARGETS), []);
  });

  it("reports a link whose escapes cannot be decoded instead of failing the whole check", () => {
    assert.match(problemsFor("/bad%zzescape/")[0] ?? "", /is not a valid address/);
    assert.deepEqual(problemsFor("https://elsewhere.example/%zz"), [], "another site's escapes are its own business");
  });

  it("reports each broken link once even when the article repeats it", () => {
    assert.equal(checkLinks([article("story", link("/gone/") + link("/gone/"))], TARGETS).length, 1);
  });

  it("names the line of the file each broken link is written on, in a paragraph, a table cell or a reference", () => {
    const text = [
      "---",
      'title: "Story"',
      'description: "D"',
      'date: "2024-05-01T09:00:00Z"',
      'author: "A"',
      "---",
      "",
      "A [first](/gone/) link.",
      "",
      "| a | b |",
      "| --- | --- |",
      "| ok | [cell](/missing/) |",
      "",
      "A [reference][r] and [first again](/gone/).",
      "",
      "[r]: /no-such/",
      "",
    ].join("\n");
    const parsed = parseText("content/articles/story.md", text);
    assert.ok(parsed.ok);
    const story = { ...article("story", parsed.parsed.html), ...(parsed.parsed.linkLines ? { linkLines: parsed.parsed.linkLines } : {}) };
    assert.deepEqual(
      checkLinks([story], TARGETS).map((problem) => [problem.line, problem.message.split(" ")[2]]),
      [
        [8, "/gone/"],
        [12, "/missing/"],
        [14, "/no-such/"],
      ],
    );
  });
});
