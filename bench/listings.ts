// Issue 14's budget for section, tag and author pages: 1,000 articles with 20 sections, 200 tags and 50 authors
// build within 1.5 times the time the same articles take without those pages (no section, tag or authors.json).
// `node --import tsx bench/listings.ts`: prints the warm build times and their ratio.
import { rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { articleText, buildFixtureSite, makeContentDir } from "../tests/helpers/fixture-site.ts";

const ARTICLES = Number(process.env["BENCH_ARTICLES"] ?? 1000);
const BODY = `${"A paragraph of reporting, long enough to read like one. ".repeat(12)}\n\n`.repeat(8);

function articles(withListings: boolean) {
  return Array.from({ length: ARTICLES }, (_, n) => ({
    file: `articles/story-${n}.md`,
    text: articleText(
      {
        title: `Story ${n}`,
        description: `The standfirst of story ${n}, one sentence.`,
        date: new Date(Date.UTC(2020, 0, 1) + n * 3_600_000).toISOString(),
        author: `Author ${n % 50}`,
        ...(withListings ? { section: `Section ${n % 20}`, tags: [0, 1, 2, 3, 4].map((k) => `Tag ${(n * 7 + k * 41) % 200}`) } : {}),
      },
      BODY,
    ),
  }));
}

async function makeSite(withListings: boolean) {
  const contentDir = await makeContentDir(articles(withListings));
  if (withListings) {
    const authors = Array.from({ length: 50 }, (_, n) => ({ name: `Author ${n}`, slug: `author-${n}`, bio: `Writes about ${n}.` }));
    await writeFile(path.join(contentDir, "_data", "authors.json"), JSON.stringify(authors));
  }
  const outputDir = path.join(os.tmpdir(), `newsroom-bench-listings-${withListings}-${process.pid}`);
  // A cold build fills the caches: the warm builds after it are what an edit-and-publish costs.
  await buildFixtureSite(contentDir, outputDir);
  return { contentDir, outputDir, times: [] as number[] };
}

// The two sites built in turn, five times each, the fastest of each kept: the machine's other work (two shared
// cores) slows one run or another, never makes one faster.
const sites = [await makeSite(false), await makeSite(true)] as const;
for (let round = 0; round < 5; round++) {
  for (const site of sites) {
    const start = performance.now();
    await buildFixtureSite(site.contentDir, site.outputDir);
    site.times.push(performance.now() - start);
  }
}
for (const site of sites) {
  for (const folder of [site.contentDir, `${site.contentDir}-cache`, site.outputDir]) await rm(folder, { recursive: true, force: true });
}
const [without, withPages] = sites.map((site) => Math.min(...site.times)) as [number, number];
console.log(`without listing pages: ${(without / 1000).toFixed(2)} s`);
console.log(`with 20 sections, 200 tags, 50 authors: ${(withPages / 1000).toFixed(2)} s`);
console.log(`ratio: ${(withPages / without).toFixed(2)} (budget 1.5)`);
