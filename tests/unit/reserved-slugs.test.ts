// No article may take an address the site itself uses: the image folder, the feeds, listing pages, public files.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkArticles } from "../../src/content/check-articles.ts";
import { ContentError } from "../../src/content/content-error.ts";
import { isReservedSlug } from "../../src/content/reserved-slugs.ts";
import type { Article } from "../../src/types.ts";

const article = (slug: string): Article => ({
  sourceFile: `content/articles/${slug}.md`,
  slug,
  url: `/${slug}/`,
  title: slug,
  description: "D",
  date: "2024-05-01",
  updated: "2024-05-01",
  authors: ["A"],
  tags: [],
  draft: false,
  showDonation: true,
  html: "<p>x</p>",
  readingMinutes: 1,
  aliases: [],
  corrections: [],
});

describe("reserved addresses", () => {
  it("reserves the site's own folders and the first part of every fixed path", () => {
    const staticPaths = new Set(["/", "/index.html", "/feed.xml", "/fonts/serif.woff2"]);
    for (const slug of ["img", "page", "404", "section", "tag", "author", "fonts"]) assert.ok(isReservedSlug(slug, staticPaths), slug);
    for (const slug of ["images", "pages", "minsk-turns-to-washington"]) assert.equal(isReservedSlug(slug, staticPaths), false, slug);
  });

  it("refuses an article whose file name gives it a reserved address, naming it and the fix", () => {
    const shard = { articles: [article("img"), article("fine")], problems: [], images: { encoded: 0, cached: 0 } };
    assert.throws(
      () => checkArticles(shard, { includeDrafts: false, linkTargets: { staticPaths: new Set(["/feed.xml"]) } }),
      (error: unknown) => {
        assert.ok(error instanceof ContentError);
        assert.deepEqual(
          error.problems.map((problem) => [problem.file, problem.field, problem.message.split(" (")[0]]),
          [["content/articles/img.md", "slug", "the address /img/ is one the site itself uses"]],
        );
        assert.match(error.problems[0]?.hint ?? "", /rename the file, or set slug:/);
        return true;
      },
    );
  });
});
