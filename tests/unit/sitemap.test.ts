import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DOMParser } from "linkedom";
import type { Site } from "../../src/content/site-schema.ts";
import { robotsTxt, sitemapXml } from "../../src/render/sitemap.ts";

const SITE: Site = {
  name: "G",
  url: "https://news.example.org",
  language: "en",
  locale: "en_US",
  description: "D",
  logo: "/logo.png",
  permalink: "/:slug/",
};

describe("sitemapXml", () => {
  it("lists the home page and each article with lastmod = its updated date, not its publication date", () => {
    const xml = sitemapXml(
      [
        { url: "/b/", updated: "2024-06-01T12:00:00Z" },
        { url: "/a/", updated: "2024-05-01" },
      ],
      SITE,
    );
    const document = new DOMParser().parseFromString(xml, "text/xml");
    const urls = [...document.querySelectorAll("url")].map((url) => [
      url.querySelector("loc")?.textContent,
      url.querySelector("lastmod")?.textContent,
    ]);
    assert.deepEqual(urls, [
      ["https://news.example.org/", "2024-06-01T12:00:00.000Z"],
      ["https://news.example.org/b/", "2024-06-01T12:00:00.000Z"],
      ["https://news.example.org/a/", "2024-05-01T00:00:00.000Z"],
    ]);
  });
});

describe("robotsTxt", () => {
  it("allows crawling and names the absolute sitemap URL", () => {
    assert.equal(
      robotsTxt(SITE),
      "User-agent: *\nAllow: /\n\nSitemap: https://news.example.org/sitemap.xml\nSitemap: https://news.example.org/news-sitemap.xml\n",
    );
  });
});
