import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { shareLinks } from "../../src/render/share-links.ts";

describe("shareLinks", () => {
  const links = shareLinks("https://news.example.org/a-story/?x=1&y=2", 'Tom & Jerry: "<b>" #1?');

  it("offers email and the big networks, each a plain https or mailto link", () => {
    assert.deepEqual(
      links.map((link) => link.label),
      ["Email", "X", "Facebook", "LinkedIn", "Bluesky"],
    );
    for (const link of links) assert.match(link.href, /^(https:\/\/[a-z.]+\/|mailto:\?)/);
  });

  it("percent-encodes the page URL and title so neither can add parameters or break out of the attribute", () => {
    for (const link of links) {
      assert.ok(link.href.includes(encodeURIComponent("https://news.example.org/a-story/?x=1&y=2")), link.label);
      assert.ok(!/[<>"\s#]/.test(link.href), link.label);
      assert.equal(link.href.split("&y=").length, 1, link.label);
    }
    const x = new URL(links[1]?.href ?? "");
    assert.equal(x.searchParams.get("text"), 'Tom & Jerry: "<b>" #1?');
    assert.equal(x.searchParams.get("url"), "https://news.example.org/a-story/?x=1&y=2");
  });
});
