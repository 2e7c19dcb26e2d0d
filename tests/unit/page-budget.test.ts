import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { gunzipSync, gzipSync } from "node:zlib";
import { describeBudget, gzipSize, measurePages } from "../../src/output/page-budget.ts";

describe("page budget", () => {
  it("measures the gzipped size a static host would send", () => {
    const html = `<p>${"news ".repeat(1000)}</p>`;
    assert.equal(gzipSize(html), gzipSync(html).length);
    assert.equal(gunzipSync(gzipSync(html)).toString(), html);
    assert.ok(gzipSize(html) < html.length / 10);
  });

  it("lists every HTML page of a site, heaviest first, and ignores other files", async () => {
    const site = await mkdtemp(path.join(os.tmpdir(), "newsroom-budget-"));
    await mkdir(path.join(site, "story"));
    await writeFile(path.join(site, "index.html"), "<p>short</p>");
    await writeFile(path.join(site, "story", "index.html"), `<p>${Array.from({ length: 400 }, (_, i) => `word${i * 7919}`).join(" ")}</p>`);
    await writeFile(path.join(site, "feed.xml"), "x".repeat(100_000));
    const pages = await measurePages(site);
    assert.deepEqual(
      pages.map((page) => page.page),
      ["story/index.html", "index.html"],
    );
    assert.ok(pages[0] && pages[0].gzipBytes < pages[0].bytes);
    await rm(site, { recursive: true, force: true });
  });

  it("describes the heaviest page against the budget and names a page over it", () => {
    assert.equal(
      describeBudget({ page: "a/index.html", bytes: 12_000, gzipBytes: 4431 }),
      "heaviest page 4,431 B gzipped of 14,600 B budget",
    );
    assert.match(describeBudget({ page: "long/index.html", bytes: 90_000, gzipBytes: 20_000 }), /OVER BUDGET: long\/index\.html$/);
  });
});
