// Builds the benchmark's inputs in bench/.work/: our content folders (the sample, 1 and 1000 text articles) and
// the Hugo reference sites made from the very same article text and image.
import { copyFile, cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const WORK = path.join(ROOT, "bench", ".work");
export const SAMPLE_SLUG = "is-alexander-lukashenko-following-path-of-slobodan-milosevic";
const SAMPLE_FILE = path.join(ROOT, "content", "articles", `${SAMPLE_SLUG}.md`);
const SAMPLE_IMAGE = path.join(ROOT, "content", "articles", "images", "placeholder-headline.jpg");

interface SampleArticle {
  readonly frontMatter: string[];
  readonly body: string;
  readonly title: string;
  readonly description: string;
  readonly date: string;
  readonly alt: string;
}

async function readSample(): Promise<SampleArticle> {
  const text = await readFile(SAMPLE_FILE, "utf8");
  const [, yaml = "", body = ""] = text.split(/^---$/m);
  const frontMatter = yaml.trim().split("\n");
  const field = (name: string) => {
    const line = frontMatter.find((candidate) => candidate.trimStart().startsWith(`${name}:`)) ?? "";
    return line
      .slice(line.indexOf(":") + 1)
      .trim()
      .replace(/^"|"$/g, "");
  };
  return {
    frontMatter,
    body: body.trim(),
    title: field("title"),
    description: field("description"),
    date: field("date"),
    alt: field("alt"),
  };
}

/** The sample's front matter without its image (and comments), titled and dated for article number `index`. */
function textOnly(sample: SampleArticle, index: number): string {
  const kept: string[] = [];
  let inImage = false;
  for (const line of sample.frontMatter) {
    if (line.startsWith("#")) continue;
    if (/^image:/.test(line)) inImage = true;
    else if (!line.startsWith(" ")) inImage = false;
    if (inImage) continue;
    if (line.startsWith("title:")) kept.push(`title: ${JSON.stringify(`${sample.title} (${index})`)}`);
    else if (line.startsWith("date:")) kept.push(`date: "${dateOf(index)}"`);
    else kept.push(line);
  }
  return `---\n${kept.join("\n")}\n---\n\n${sample.body}\n`;
}

const dateOf = (index: number) => new Date(Date.UTC(2020, 0, 1) + index * 3_600_000).toISOString().replace(".000Z", "Z");
const articleName = (index: number) => `article-${String(index).padStart(4, "0")}`;

/**
 * Makes a content folder readable by the previous release too, so both trees build the same input: the data
 * files lose what later releases added (authors.json, donation.json's symbolAfterNumber) and the articles their
 * `aliases:` line (the importer writes them; the previous release refuses unknown fields).
 */
export async function compatibleWithPrevious(folder: string): Promise<void> {
  await rm(path.join(folder, "_data", "authors.json"), { force: true });
  const donationFile = path.join(folder, "_data", "donation.json");
  const { symbolAfterNumber: _added, ...donation } = JSON.parse(await readFile(donationFile, "utf8")) as Record<string, unknown>;
  await writeFile(donationFile, `${JSON.stringify(donation, null, 2)}\n`);
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".md")) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = await readFile(file, "utf8");
    const without = text.replace(/^aliases: .*\n/m, "");
    if (without !== text) await writeFile(file, without);
  }
}

/** Our content folder with `count` text articles, no images. */
async function writeTextContent(folder: string, sample: SampleArticle, count: number): Promise<void> {
  await rm(folder, { recursive: true, force: true });
  await cp(path.join(ROOT, "content", "_data"), path.join(folder, "_data"), { recursive: true });
  await mkdir(path.join(folder, "articles"), { recursive: true });
  for (let index = 1; index <= count; index++) {
    await writeFile(path.join(folder, "articles", `${articleName(index)}.md`), textOnly(sample, index));
  }
  await compatibleWithPrevious(folder);
}

function hugoPage(title: string, description: string, date: string, alt: string, body: string): string {
  const yaml = [
    `title: ${JSON.stringify(title)}`,
    `description: ${JSON.stringify(description)}`,
    `date: ${date}`,
    `imageAlt: ${JSON.stringify(alt)}`,
  ];
  return `---\n${yaml.join("\n")}\n---\n\n${body}\n`;
}

/** A Hugo site from bench/hugo-site with `pages` as page bundles (index.md plus an optional image). */
async function writeHugoSite(folder: string, pages: readonly { slug: string; markdown: string; image?: string }[]): Promise<void> {
  await rm(folder, { recursive: true, force: true });
  await cp(path.join(ROOT, "bench", "hugo-site"), folder, { recursive: true });
  for (const page of pages) {
    const bundle = path.join(folder, "content", page.slug);
    await mkdir(bundle, { recursive: true });
    await writeFile(path.join(bundle, "index.md"), page.markdown);
    if (page.image) await copyFile(page.image, path.join(bundle, "photo.jpg"));
  }
}

export interface Fixtures {
  readonly text1: string;
  readonly text1000: string;
  readonly hugoSample: string;
  readonly hugoText1: string;
  readonly hugoText1000: string;
  readonly bareProject: string;
}

/** Writes every input the benchmark builds; our sample itself is built from the real content/ folder. */
export async function writeFixtures(): Promise<Fixtures> {
  const sample = await readSample();
  const fixtures: Fixtures = {
    text1: path.join(WORK, "content-text-1"),
    text1000: path.join(WORK, "content-text-1000"),
    hugoSample: path.join(WORK, "hugo-sample"),
    hugoText1: path.join(WORK, "hugo-text-1"),
    hugoText1000: path.join(WORK, "hugo-text-1000"),
    bareProject: path.join(WORK, "bare-eleventy"),
  };
  await writeTextContent(fixtures.text1, sample, 1);
  await writeTextContent(fixtures.text1000, sample, 1000);
  await writeHugoSite(fixtures.hugoSample, [
    { slug: SAMPLE_SLUG, markdown: hugoPage(sample.title, sample.description, sample.date, sample.alt, sample.body), image: SAMPLE_IMAGE },
  ]);
  const textPages = (count: number) =>
    Array.from({ length: count }, (_, offset) => ({
      slug: articleName(offset + 1),
      markdown: hugoPage(`${sample.title} (${offset + 1})`, sample.description, dateOf(offset + 1), sample.alt, sample.body),
    }));
  await writeHugoSite(fixtures.hugoText1, textPages(1));
  await writeHugoSite(fixtures.hugoText1000, textPages(1000));
  // A bare Eleventy start: no config, no templates, in a folder of its own.
  await rm(fixtures.bareProject, { recursive: true, force: true });
  await mkdir(path.join(fixtures.bareProject, "src"), { recursive: true });
  return fixtures;
}
