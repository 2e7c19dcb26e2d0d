import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_SLUG_LENGTH, slugifyHeadline } from "../../src/content/slugify-headline.ts";

describe("slugifyHeadline", () => {
  it("turns the sample headline into the sample article's address", () => {
    assert.equal(
      slugifyHeadline("Is Alexander Lukashenko Following Path Of Slobodan Milosevic?"),
      "is-alexander-lukashenko-following-path-of-slobodan-milosevic",
    );
  });

  it("keeps words whole: apostrophes of either kind join, camel case is not split", () => {
    assert.equal(slugifyHeadline("Lukashenko’s U-turn: what next?"), "lukashenkos-u-turn-what-next");
    assert.equal(slugifyHeadline("It's McDonald's & the iPhone"), "its-mcdonalds-and-the-iphone");
  });

  it("transliterates Latin accents and Cyrillic to ASCII", () => {
    assert.equal(slugifyHeadline("Łódź café über alles"), "lodz-cafe-ueber-alles");
    assert.equal(slugifyHeadline("Минск и Москва"), "minsk-i-moskva");
  });

  it("returns an empty slug when nothing can be spelled in ASCII, so the command asks for --slug", () => {
    assert.equal(slugifyHeadline("北京"), "");
    assert.equal(slugifyHeadline("?!"), "");
  });

  it("cuts a long headline at a word boundary within the schema's limit", () => {
    const slug = slugifyHeadline(`${"Belarus ".repeat(30)}end`);
    assert.ok(slug.length <= MAX_SLUG_LENGTH);
    assert.match(slug, /^belarus(-belarus)*$/);
  });

  it("always yields a slug the schema accepts, or none", () => {
    for (const headline of ["  Spaces  around ", "Tabs\tand\nnewlines", "--dashes--", "100% sure", "Ünïcödé — dash"]) {
      const slug = slugifyHeadline(headline);
      assert.match(slug, /^[a-z0-9]+(?:-[a-z0-9]+)*$/, headline);
    }
  });
});
