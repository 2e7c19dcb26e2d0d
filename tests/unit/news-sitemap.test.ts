import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Site } from "../../src/content/site-schema.ts";
import { NEWS_ENTRY_LIMIT, newsLanguage, newsNow, newsSitemapXml } from "../../src/render/news-sitemap.ts";

const SITE: Site = {
  name: "G & Co",
  url: "https://news.example.org",
  language: "en-GB",
  locale: "en_GB",
  description: "D",
  logo: "/l.png",
  permalink: "/:slug/",
};
const story = (slug: string, date: string, lang?: string) => ({
  url: `/${slug}/`,
  title: `Title <${slug}>`,
  date,
  ...(lang ? { lang } : {}),
});

describe("newsSitemapXml", () => {
  it("lists only the articles of the two days before now, with publication, date and escaped title", () => {
    const xml = newsSitemapXml(
      [story("new", "2024-05-10T12:00:00Z"), story("edge", "2024-05-08T12:00:00Z"), story("old", "2024-05-08T11:59:59Z")],
      SITE,
    );
    assert.match(
      xml,
      /<loc>https:\/\/news\.example\.org\/new\/<\/loc><news:news><news:publication><news:name>G &amp; Co<\/news:name><news:language>en<\/news:language><\/news:publication><news:publication_date>2024-05-10T12:00:00\.000Z<\/news:publication_date><news:title>Title &lt;new&gt;<\/news:title><\/news:news><\/url>/,
    );
    assert.match(xml, /\/edge\//);
    assert.doesNotMatch(xml, /\/old\//);
  });

  it("takes now from SOURCE_DATE_EPOCH when set, else from the newest article, never from the clock", () => {
    const articles = [story("a", "2024-05-10T12:00:00Z")];
    assert.equal(newsNow(articles, undefined), Date.parse("2024-05-10T12:00:00Z"));
    assert.equal(newsNow(articles, ""), Date.parse("2024-05-10T12:00:00Z"));
    assert.equal(newsNow(articles, "1700000000"), 1_700_000_000_000);
    assert.equal(newsNow([], undefined), 0);
    assert.doesNotMatch(
      newsSitemapXml(articles, SITE, String(Date.parse("2024-05-20T00:00:00Z") / 1000)),
      /<url>/,
      "ten days later: empty",
    );
    assert.doesNotMatch(
      newsSitemapXml(articles, SITE, String(Date.parse("2024-05-09T00:00:00Z") / 1000)),
      /<url>/,
      "not yet published: out",
    );
  });

  it("holds at most 1,000 articles, the newest", () => {
    const many = Array.from({ length: NEWS_ENTRY_LIMIT + 5 }, (_, index) =>
      story(`s${index}`, new Date(Date.UTC(2024, 4, 10) - index * 60_000).toISOString()),
    );
    const xml = newsSitemapXml(many, SITE);
    assert.equal(xml.match(/<url>/g)?.length, NEWS_ENTRY_LIMIT);
    assert.match(xml, /\/s0\//);
    assert.doesNotMatch(xml, /\/s1004\//);
  });

  it("writes the language as Google News asks: the ISO 639 code, zh-cn or zh-tw", () => {
    assert.equal(newsLanguage("en-GB"), "en");
    assert.equal(newsLanguage("zh-TW"), "zh-tw");
    assert.equal(newsLanguage("zh-Hans"), "zh-cn");
    assert.match(newsSitemapXml([story("a", "2024-05-10", "ar")], SITE), /<news:language>ar<\/news:language>/);
  });
});
