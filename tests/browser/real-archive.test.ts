// The Rust blog archive (../shared/corpus/rust-blog.tar.xz: 729 real posts and their pictures), converted by
// scripts/import-zola.ts and built whole by the real build from a cold cache. Every article page is checked for
// raw markup shown as text and for each picture the Markdown shows as a figure: a responsive figure with its
// caption. Then a sample of real pages, each the first (by address) to hold one thing worth looking at, is opened in
// Chromium: no sideways scroll at 320 px, axe finds nothing, the Nu checker (with Java) neither, a caption under
// every picture written with one, and at 390 px @3x and 1440 px the file the browser picks is the smallest that
// fills its slot (or the whole picture), never one enlarged beyond the original.
// The whole archive is built, not a subset: its cold build took 53 to 70 s here (two cores shared with other work),
// and this file about 2 to 2.5 minutes in all. Without Chromium or the corpus it skips, in one line.
// Functions passed to page.evaluate run in the browser, so this file also sees the DOM's types.
/// <reference lib="dom" />
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { type Browser, chromium } from "playwright-core";
import { type ImportSummary, importZola } from "../../scripts/import-zola.ts";
import { renderArticleBody, type TextPicture } from "../../src/content/render-markdown.ts";
import { buildFixtureSite } from "../helpers/fixture-site.ts";
import {
  axeViolations,
  CHROMIUM_ARGS,
  CHROMIUM_MISSING,
  CHROMIUM_PATH,
  nuFindings,
  ROOT,
  type StaticServer,
  serveStatic,
  VIEWPORTS,
} from "./helpers/browser-env.ts";

const run = promisify(execFile);
const CORPUS = path.resolve(ROOT, "..", "shared", "corpus", "rust-blog.tar.xz");
const SKIP = CHROMIUM_MISSING || (existsSync(CORPUS) ? false : `${CORPUS} not found: the real archive is not here`);

/** One converted post: its address, its Markdown and the pictures the build makes figures of. */
interface Post {
  readonly slug: string;
  readonly body: string;
  readonly figures: readonly TextPicture[];
  /** Whether the import edited its body. */
  readonly edited: boolean;
}

/** A Markdown file's slug and body (the importer writes `slug:` on every post). */
function splitArticle(text: string): { slug: string; body: string } {
  const end = text.indexOf("\n---\n", 4);
  return { slug: /^slug: (.+)$/m.exec(text.slice(0, end))?.[1] ?? "", body: text.slice(end + 5) };
}

const codeLines = (body: string) =>
  [...body.matchAll(/^(```|~~~)[^\n]*\n([\s\S]*?)^\1/gm)].flatMap((match) => (match[2] ?? "").split("\n"));

/** What each page of the sample is chosen for, and how its Markdown shows it. */
const SAMPLE: readonly (readonly [reason: string, holds: (post: Post, stills: ReadonlySet<string>) => boolean])[] = [
  // No picture in the archive is written with a title: the caption check sees that none appears from nowhere.
  ["several pictures", (post) => post.figures.length >= 3],
  ["an SVG diagram, drawn into pixels", (post) => post.figures.some((picture) => picture.src.endsWith(".svg"))],
  ["the still the import made of an animated GIF", (post, stills) => post.figures.some((picture) => stills.has(picture.src))],
  ["a picture with no description", (post) => post.figures.some((picture) => picture.alt.trim() === "")],
  ["a table of five columns or more", (post) => /^\|(?:[^|\n]*\|){5,}[ \t]*\n\|(?:[ \t]*:?-+:?[ \t]*\|){5,}/m.test(post.body)],
  ["a line of code over 100 characters", (post) => codeLines(post.body).some((line) => line.length > 100)],
  ["footnotes", (post) => /^\[\^[^\]]+\]:/m.test(post.body)],
  ["a video", (post) => /^<?https:\/\/(?:www\.)?(?:youtube\.com\/watch|youtu\.be\/|vimeo\.com\/\d)\S*$/m.test(post.body)],
  [
    "a report written in raw HTML: quotes, lists and tables converted",
    (post) => post.edited && /^> /m.test(post.body) && /^- /m.test(post.body) && /^\| --- \|/m.test(post.body),
  ],
];

/** Tags our build refuses in the text: shown escaped on a page, they would be raw markup a reader sees. */
const RAW_MARKUP =
  /&lt;\/?(?:iframe|img|div|span|br|p|a|b|i|u|em|strong|pre|code|table|tr|td|th|details|summary|blockquote|sup|sub|del|aside|progress|ul|ol|li|h[1-6]|hr|video|script|style)\b/;

describe("the Rust blog archive, converted and built whole", { skip: SKIP }, () => {
  let folder: string;
  let siteDir: string;
  let summary: ImportSummary;
  let posts: Post[];
  let sample: { reason: string; post: Post }[];
  let server: StaticServer;
  let browser: Browser;
  let buildSeconds: number;

  before(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), "newsroom-real-archive-"));
    const unpacked = path.join(folder, "rust-blog");
    await mkdir(unpacked);
    await run("tar", ["-xJf", CORPUS, "-C", unpacked]);
    const content = path.join(folder, "content");
    summary = await importZola(unpacked, content);
    siteDir = path.join(folder, "site");
    const started = performance.now();
    await buildFixtureSite(content, siteDir);
    buildSeconds = (performance.now() - started) / 1000;

    posts = [];
    for (const entry of await readdir(path.join(content, "articles"), { recursive: true })) {
      if (!entry.endsWith(".md")) continue;
      const file = path.join(content, "articles", entry);
      const { slug, body } = splitArticle(await readFile(file, "utf8"));
      const figures = renderArticleBody(body).pictures.filter((picture) => picture.role === "figure");
      posts.push({ slug, body, figures, edited: summary.postsEdited.includes(path.relative(content, file).split(path.sep).join("/")) });
    }
    posts.sort((a, b) => a.slug.localeCompare(b.slug));
    // The stills are the PNGs beside a post where the archive had a GIF of the same name.
    const gifs = (await readdir(unpacked, { recursive: true }))
      .filter((name) => name.endsWith(".gif"))
      .map((name) => path.basename(name, ".gif"));
    const stills = new Set(gifs.map((stem) => `${stem}.png`));
    sample = [];
    for (const [reason, holds] of SAMPLE) {
      const post = posts.find((candidate) => holds(candidate, stills) && !sample.some((chosen) => chosen.post === candidate));
      if (post) sample.push({ reason, post });
    }
    server = await serveStatic(siteDir);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("converts every post with nothing left that our build refuses, and builds them all from a cold cache", (context) => {
    context.diagnostic(`cold build of ${posts.length} posts: ${buildSeconds.toFixed(1)} s`);
    assert.deepEqual(summary.stillRefused, []);
    assert.equal(posts.length, summary.written);
    assert.ok(summary.written >= 729, `${summary.written} posts written`);
  });

  it("samples a page for each thing worth looking at", (context) => {
    context.diagnostic(sample.map(({ reason, post }) => `${reason}: /${post.slug}/`).join("; "));
    assert.deepEqual(
      sample.map(({ reason }) => reason),
      SAMPLE.map(([reason]) => reason),
    );
  });

  it("shows no raw markup as text on any page: every tag was converted, escaped ones only inside code", async () => {
    const shown: string[] = [];
    for (const post of posts) {
      const html = await readFile(path.join(siteDir, post.slug, "index.html"), "utf8");
      const text = html.replace(/<pre[\s\S]*?<\/pre>|<code>[\s\S]*?<\/code>/g, "");
      const found = RAW_MARKUP.exec(text);
      if (found) shown.push(`/${post.slug}/: ${text.slice(Math.max(0, found.index - 40), found.index + 40)}`);
    }
    assert.deepEqual(shown, []);
  });

  it("publishes every picture the Markdown shows as a responsive figure, with its caption and credit", async () => {
    const wrong: string[] = [];
    let figures = 0;
    for (const post of posts.filter((candidate) => candidate.figures.length > 0)) {
      const html = await readFile(path.join(siteDir, post.slug, "index.html"), "utf8");
      const published = [...html.matchAll(/<figure class="text-figure">([\s\S]*?)<\/figure>/g)].map((match) => match[1] ?? "");
      figures += published.length;
      if (published.length !== post.figures.length)
        wrong.push(`/${post.slug}/: ${published.length} figures for ${post.figures.length} pictures`);
      post.figures.forEach((picture, index) => {
        const figure = published[index] ?? "";
        const caption = /<figcaption>([\s\S]*?)<\/figcaption>/.exec(figure)?.[1]?.replace(/<[^>]+>/g, "");
        const expected = [picture.caption, picture.credit].filter((part) => part !== undefined).join(" ");
        const escaped = expected
          .replaceAll("&", "&amp;")
          .replaceAll("<", "&lt;")
          .replaceAll(">", "&gt;")
          .replaceAll('"', "&quot;")
          .replaceAll("'", "&#39;");
        if ((caption ?? "") !== escaped)
          wrong.push(`/${post.slug}/ ${picture.src}: caption ${JSON.stringify(caption)}, expected ${JSON.stringify(escaped)}`);
        const responsive = /<source type="image\/avif" srcset="[^"]+ \d+w[^"]*" sizes="[^"]+"><source type="image\/webp"/.test(figure);
        if (!responsive || !/<img [^>]*srcset="[^"]+ \d+w[^"]*" sizes="/.test(figure))
          wrong.push(`/${post.slug}/ ${picture.src}: not responsive`);
      });
    }
    assert.deepEqual(wrong, []);
    assert.ok(figures >= 70, `${figures} figures`);
  });

  const openPage = async (slug: string, options: Parameters<Browser["newContext"]>[0]) => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
    });
    await page.goto(`${server.origin}/${slug}/`, { waitUntil: "load" });
    // Lazy pictures load as they come into view.
    await page.evaluate(async () => {
      for (const img of document.querySelectorAll("img")) {
        img.scrollIntoView();
        await img.decode().catch(() => undefined);
      }
      window.scrollTo(0, 0);
    });
    return { page, problems, close: () => context.close() };
  };

  it("on each page of the sample at 320 px: no sideways scroll, nothing blocked, and axe finds nothing", async () => {
    const found: string[] = [];
    for (const { reason, post } of sample) {
      const { page, problems, close } = await openPage(post.slug, {
        viewport: { width: 320, height: 640 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      });
      // Against 320 itself: on a phone, a page that overflows widens window.innerWidth with it.
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 320) found.push(`/${post.slug}/ (${reason}): ${width} px wide`);
      for (const violation of await axeViolations(page)) found.push(`/${post.slug}/ (${reason}): ${violation}`);
      for (const problem of problems) found.push(`/${post.slug}/ (${reason}): console: ${problem}`);
      await close();
    }
    assert.deepEqual(found, []);
  });

  it("on each page of the sample: a caption under every picture written with one", async () => {
    const wrong: string[] = [];
    for (const { post } of sample) {
      const { page, close } = await openPage(post.slug, VIEWPORTS.desktop);
      const captions = await page.$$eval(".article-body figure.text-figure", (figures) =>
        figures.map((figure) => figure.querySelector("figcaption")?.textContent ?? null),
      );
      const expected = post.figures.map((picture) =>
        picture.caption === undefined && picture.credit === undefined ? null : [picture.caption, picture.credit].filter(Boolean).join(" "),
      );
      if (JSON.stringify(captions) !== JSON.stringify(expected))
        wrong.push(`/${post.slug}/: ${JSON.stringify(captions)} for ${JSON.stringify(expected)}`);
      await close();
    }
    assert.deepEqual(wrong, []);
  });

  for (const viewport of ["phone", "desktop"] as const) {
    it(`on each page of the sample, ${viewport === "phone" ? "at 390 px @3x" : "at 1440 px"}: each picture's file is the smallest that fills its slot, never enlarged`, async (context) => {
      const wrong: string[] = [];
      let pictures = 0;
      for (const { post } of sample) {
        const { page, close } = await openPage(post.slug, VIEWPORTS[viewport]);
        const chosen = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLImageElement>(".article-body figure img")].map((img) => {
            const format = img.currentSrc.split(".").at(-1);
            const source = [...(img.parentElement?.querySelectorAll("source") ?? [])].find((candidate) =>
              candidate.srcset.includes(`.${format} `),
            );
            return {
              src: img.currentSrc,
              slot: img.getBoundingClientRect().width,
              density: window.devicePixelRatio,
              original: Number(img.getAttribute("width")),
              candidates: (source?.srcset ?? img.srcset).split(",").map((candidate) => Number(/ (\d+)w$/.exec(candidate.trim())?.[1])),
            };
          }),
        );
        for (const picture of chosen) {
          pictures++;
          const width = Number(/-(\d+)w\.\w+$/.exec(picture.src)?.[1]);
          const sorted = [...picture.candidates].sort((a, b) => a - b);
          const needed = picture.slot * picture.density;
          const smallest = sorted.find((candidate) => candidate >= needed) ?? sorted.at(-1);
          if (width !== smallest || sorted.some((candidate) => candidate > picture.original)) {
            wrong.push(
              `/${post.slug}/: ${width} px chosen for a ${picture.slot} px slot at ${picture.density}x from ${sorted.join(", ")} (original ${picture.original})`,
            );
          }
        }
        await close();
      }
      context.diagnostic(`${pictures} pictures looked at`);
      assert.deepEqual(wrong, []);
      assert.ok(pictures >= 4, `${pictures} pictures looked at`);
    });
  }

  it("passes the W3C Nu checker on each page of the sample, when Java is installed", async (context) => {
    const findings = await nuFindings(sample.map(({ post }) => path.join(siteDir, post.slug, "index.html")));
    if (findings === undefined) context.skip("java not found");
    else assert.deepEqual(findings, []);
  });
});
