// The site-wide data files: each wrong value refused with the value and a fix for it, never a crash.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { loadSiteData } from "../../src/content/site-data.ts";
import { describeDonation } from "../../src/render/donation-block.ts";
import { DONATION_JSON, SITE_JSON } from "../helpers/fixture-site.ts";

const folders: string[] = [];

async function load(site: object, donation: object) {
  const root = await mkdtemp(path.join(os.tmpdir(), "newsroom-data-"));
  folders.push(root);
  const contentDir = path.join(root, "content");
  await mkdir(path.join(contentDir, "_data"), { recursive: true });
  await writeFile(path.join(contentDir, "_data", "site.json"), JSON.stringify(site));
  await writeFile(path.join(contentDir, "_data", "donation.json"), JSON.stringify(donation));
  return loadSiteData(contentDir, root);
}

/** The one problem loading reports, as [file, field, message, hint]. */
async function problemOf(site: object, donation: object) {
  const result = await load(site, donation);
  assert.equal(result.ok, false);
  const problems = result.ok ? [] : result.problems;
  assert.equal(problems.length, 1, JSON.stringify(problems));
  const [problem] = problems;
  return [problem?.file, problem?.field, problem?.message, problem?.hint ?? ""] as const;
}

describe("loadSiteData", () => {
  after(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

  it("keeps only the scheme, host and port of the site address", async () => {
    for (const [url, origin] of [
      ["https://news.example.org/", "https://news.example.org"],
      ["https://news.example.org:8443", "https://news.example.org:8443"],
    ]) {
      const result = await load({ ...SITE_JSON, url }, DONATION_JSON);
      assert.ok(result.ok);
      assert.equal(result.data.site.url, origin);
    }
  });

  it("refuses a site address with a path, query, fragment or credentials, naming what is extra", async () => {
    for (const [url, extra] of [
      ["https://news.example.org/?a=1", /has a query \(\?a=1\)/],
      ["https://news.example.org/news/", /has a path \(\/news\/\)/],
      ["https://news.example.org/#top", /has a fragment \(#top\)/],
      ["https://editor:secret@news.example.org", /user name or password/],
    ] as const) {
      const [file, field, message, hint] = await problemOf({ ...SITE_JSON, url }, DONATION_JSON);
      assert.deepEqual([file, field], ["content/_data/site.json", "url"]);
      assert.match(message ?? "", extra, url);
      assert.ok(message?.includes(JSON.stringify(url)), message);
      assert.match(hint, /"url": "https:\/\/news\.example\.org"/);
    }
  });

  it("refuses a donation locale that would crash the number format or fall back to en-US without a word", async () => {
    for (const locale of ["en_US", "xx-INVALID"]) {
      const [file, field, message, hint] = await problemOf(SITE_JSON, { ...DONATION_JSON, locale });
      assert.deepEqual([file, field], ["content/_data/donation.json", "locale"]);
      assert.equal(message, `is not a locale whose numbers can be formatted (${JSON.stringify(locale)})`);
      assert.match(hint, /"en-US".*a hyphen, not an underscore/);
    }
    const accepted = await load(SITE_JSON, { ...DONATION_JSON, locale: "de-DE" });
    assert.ok(accepted.ok);
    assert.equal(describeDonation(accepted.data.donation).goalText, "5.000 $");
  });

  it("says a negative amount or a goal of 0 is the problem, not quotes or Infinity", async () => {
    const negative = await problemOf(SITE_JSON, { ...DONATION_JSON, raised: -5 });
    assert.deepEqual(negative.slice(1, 3), ["raised", "must not be negative (-5)"]);
    assert.match(negative[3], /0 or more/);
    const zero = await problemOf(SITE_JSON, { ...DONATION_JSON, goal: 0 });
    assert.deepEqual(zero.slice(1, 3), ["goal", "must be above 0: it is the amount the appeal aims for (0)"]);
    assert.match(zero[3], /above 0/);
    const quoted = await problemOf(SITE_JSON, { ...DONATION_JSON, goal: "5000" });
    assert.deepEqual(quoted.slice(1, 3), ["goal", 'must be a plain number such as 5000 (no quotes, no Infinity) ("5000")']);
  });
});
