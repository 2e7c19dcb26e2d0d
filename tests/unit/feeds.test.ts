import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DOMParser } from "linkedom";
import type { Site } from "../../src/content/site-schema.ts";
import {
  absolutizeHtml,
  atomFeed,
  FEED_ENTRY_LIMIT,
  type FeedArticle,
  feedEntries,
  jsonFeed,
  lastUpdated,
} from "../../src/render/feeds.ts";

const SITE: Site = {
  name: "Gazette & Co",
  url: "https://news.example.org",
  language: "en",
  locale: "en_US",
  description: "News <fast>.",
  logo: "/logo.png",
  permalink: "/:slug/",
};

const HOSTILE = "</title><script>alert('x')</script> & ]]> \u2028";

const ARTICLES: FeedArticle[] = [
  {
    url: "/newer/",
    title: HOSTILE,
    description: "Standfirst & more",
    date: "2024-05-02T09:00:00Z",
    updated: "2024-05-03T10:30:00+02:00",
    authors: ["Ann", "Bo"],
    tags: ["A&B"],
    html: '<p>See <a href="/older/">this</a>, <a href="#x">here</a>, <a href="https://other.example/">there</a> and <img src="pic.png" alt=""></p>',
    image: { social: { url: "/img/card.jpg" } },
  },
  {
    url: "/older/",
    title: "Older",
    description: "D",
    date: "2024-05-01",
    updated: "2024-05-01",
    authors: ["Ann"],
    tags: [],
    html: "<p>x</p>",
  },
];

describe("absolutizeHtml", () => {
  it("makes site-relative links and images absolute, and leaves fragments and other sites alone", () => {
    const html = absolutizeHtml(ARTICLES[0]?.html ?? "", SITE);
    assert.ok(html.includes('href="https://news.example.org/older/"'));
    assert.ok(html.includes('src="https://news.example.org/pic.png"'));
    assert.ok(html.includes('href="#x"') && html.includes('href="https://other.example/"'));
  });

  it("keeps escaped ampersands escaped", () => {
    assert.equal(absolutizeHtml('<a href="/s?a=1&amp;b=2">s</a>', SITE), '<a href="https://news.example.org/s?a=1&amp;b=2">s</a>');
  });
});

describe("atomFeed", () => {
  const xml = atomFeed(ARTICLES, SITE);
  const document = new DOMParser().parseFromString(xml, "text/xml");

  it("is well-formed XML whose text survives hostile titles", () => {
    const titles = [...document.querySelectorAll("entry > title")].map((title) => title.textContent);
    assert.deepEqual(titles, [HOSTILE, "Older"]);
    assert.equal(document.querySelectorAll("script").length, 0);
    assert.equal(document.querySelector("feed > title")?.textContent, "Gazette & Co");
  });

  it("uses absolute URLs for the feed, its entries and their content", () => {
    assert.equal(document.querySelector('link[rel="self"]')?.getAttribute("href"), "https://news.example.org/feed.xml");
    assert.deepEqual(
      [...document.querySelectorAll("entry > id")].map((id) => id.textContent),
      ["https://news.example.org/newer/", "https://news.example.org/older/"],
    );
    const content = document.querySelector("entry > content")?.textContent ?? "";
    assert.ok(content.includes('href="https://news.example.org/older/"'));
  });

  it("dates entries with full ISO instants and the feed with its newest update", () => {
    assert.equal(document.querySelector("feed > updated")?.textContent, "2024-05-03T08:30:00.000Z");
    assert.equal(document.querySelector("entry > published")?.textContent, "2024-05-02T09:00:00.000Z");
    assert.equal(document.querySelectorAll("entry")[1]?.querySelector("updated")?.textContent, "2024-05-01T00:00:00.000Z");
  });

  it("names every author and tag", () => {
    assert.deepEqual(
      [...(document.querySelector("entry")?.querySelectorAll("author > name") ?? [])].map((name) => name.textContent),
      ["Ann", "Bo"],
    );
    assert.ok(xml.includes('<category term="A&amp;B"/>'));
  });
});

describe("jsonFeed", () => {
  const feed = JSON.parse(jsonFeed(ARTICLES, SITE));

  it("is JSON Feed 1.1 with absolute URLs, authors and language", () => {
    assert.equal(feed.version, "https://jsonfeed.org/version/1.1");
    assert.equal(feed.feed_url, "https://news.example.org/feed.json");
    assert.equal(feed.home_page_url, "https://news.example.org/");
    assert.equal(feed.language, "en");
    assert.deepEqual(feed.items[0].authors, [{ name: "Ann" }, { name: "Bo" }]);
    assert.equal(feed.items[0].title, HOSTILE);
    assert.equal(feed.items[0].image, "https://news.example.org/img/card.jpg");
    assert.equal(feed.items[0].date_modified, "2024-05-03T08:30:00.000Z");
    assert.equal(feed.items[1].image, undefined);
    assert.equal(feed.items[1].tags, undefined);
  });
});

describe("lastUpdated", () => {
  it("gives a fixed date for a site with no articles, so builds stay reproducible", () => {
    assert.equal(lastUpdated([]), "1970-01-01T00:00:00.000Z");
  });
});

describe("feedEntries", () => {
  // 60 articles, given oldest first: the feeds still list the newest FEED_ENTRY_LIMIT, newest first.
  const many: FeedArticle[] = Array.from({ length: 60 }, (_, index) => ({
    ...(ARTICLES[1] as FeedArticle),
    url: `/a${index}/`,
    date: new Date(Date.UTC(2024, 0, 1 + index)).toISOString(),
    updated: new Date(Date.UTC(2024, 0, 1 + index)).toISOString(),
  }));

  it("keeps only the newest articles, newest first", () => {
    const entries = feedEntries(many);
    assert.equal(entries.length, FEED_ENTRY_LIMIT);
    assert.equal(entries[0]?.url, "/a59/");
    assert.equal(entries.at(-1)?.url, `/a${60 - FEED_ENTRY_LIMIT}/`);
  });

  it("is what both feeds list, and the Atom feed's updated is its newest entry's", () => {
    const json = JSON.parse(jsonFeed(many, SITE)) as { items: { url: string }[] };
    assert.deepEqual(
      json.items.map((item) => item.url),
      feedEntries(many).map((article) => `https://news.example.org${article.url}`),
    );
    const atom = new DOMParser().parseFromString(atomFeed(many, SITE), "text/xml");
    assert.equal(atom.querySelectorAll("entry").length, FEED_ENTRY_LIMIT);
    assert.equal(atom.querySelector("feed > updated")?.textContent, "2024-02-29T00:00:00.000Z");
  });
});
