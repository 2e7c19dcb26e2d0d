// Related stories (src/render/listings.ts linkArticles) against their plain definition: each other article scores
// one per shared tag and one more for the same section; the three best, then the newest, then by address.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { groupListings, linkArticles, makeSlugger, RELATED_LIMIT } from "../../src/render/listings.ts";
import type { Article } from "../../src/types.ts";

function definition(articles: readonly Article[], article: Article): string[] {
  const slugify = makeSlugger();
  const tags = (each: Article) => new Set(each.tags.map(slugify));
  const mine = tags(article);
  const scored = articles
    .filter((other) => other !== article)
    .map((other) => {
      const shared = [...tags(other)].filter((tag) => mine.has(tag)).length;
      const sameSection =
        article.section !== undefined && other.section !== undefined && slugify(article.section) === slugify(other.section);
      return { other, score: shared + (sameSection ? 1 : 0) };
    })
    .filter(({ score }) => score > 0);
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      Date.parse(b.other.date) - Date.parse(a.other.date) ||
      (a.other.url < b.other.url ? -1 : a.other.url > b.other.url ? 1 : 0),
  );
  return scored.slice(0, RELATED_LIMIT).map(({ other }) => other.url);
}

const articleArbitrary = fc.record({
  day: fc.integer({ min: 1, max: 5 }),
  section: fc.option(fc.constantFrom("City", "Sport", "Arts"), { nil: undefined }),
  tags: fc.uniqueArray(fc.constantFrom("Budget", "Schools", "Roads", "Police", "Parks"), { maxLength: 3 }),
});

describe("related stories", () => {
  it("are the three best by shared tags and section, then newest, then by address, however many share a section", () => {
    fc.assert(
      fc.property(fc.array(articleArbitrary, { maxLength: 40 }), (drawn) => {
        const articles = drawn.map(
          (each, n) =>
            ({
              url: `/story-${String(n).padStart(2, "0")}/`,
              title: `Story ${n}`,
              date: `2024-05-0${each.day}`,
              tags: each.tags,
              authors: [],
              ...(each.section === undefined ? {} : { section: each.section }),
            }) as unknown as Article,
        );
        const slugify = makeSlugger();
        const links = linkArticles(articles, groupListings(articles, [], slugify), slugify);
        for (const article of articles) {
          assert.deepEqual(
            links.get(article)?.related.map((story) => story.url),
            definition(articles, article),
            article.url,
          );
        }
      }),
      { numRuns: 300 },
    );
  });
});
