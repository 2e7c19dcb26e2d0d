// The bad-input suite: every hostile article in tests/fixtures/hostile/ is either refused with the exact problem
// (and the previous site left byte for byte as it was), or built with every hostile value neutralised.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { access, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { crc32, deflateSync } from "node:zlib";
import { parseHTML } from "linkedom";
import sharp from "sharp";
import { MAX_ARTICLE_CHARACTERS } from "../../src/content/article-file.ts";
import { ContentError, type ContentProblem } from "../../src/content/content-error.ts";
import {
  articleText,
  buildFixtureSite,
  DONATION_JSON,
  makeContentDir,
  makePhoto,
  ROOT,
  SITE_JSON,
  snapshotFolder,
  VALID_FRONT_MATTER,
} from "../helpers/fixture-site.ts";

const HOSTILE = path.join(import.meta.dirname, "..", "fixtures", "hostile");
const { image: _image, ...WITHOUT_IMAGE } = VALID_FRONT_MATTER;
const run = promisify(execFile);

function contentEnv(contentDir: string): NodeJS.ProcessEnv {
  return { NEWSROOM_CONTENT_DIR: contentDir, NEWSROOM_CACHE_DIR: `${contentDir}-cache` };
}

/** The hostile articles of one folder, with TRACE_FILE pointing at a file that exists only if article code ran. */
async function hostileArticles(folder: string, traceFile: string) {
  const names = (await readdir(path.join(HOSTILE, folder))).filter((name) => name.endsWith(".md")).sort();
  return Promise.all(
    names.map(async (name) => ({
      file: `articles/${name}`,
      text: (await readFile(path.join(HOSTILE, folder, name), "utf8")).replaceAll("TRACE_FILE", traceFile),
    })),
  );
}

/** A valid PNG header claiming `width`×`height` pixels, with almost no data: a decompression (pixel) bomb. */
function pixelBombPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.alloc(width * 3 + 1))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** [field, message] pairs (and the line, when given) of the problems reported for one fixture file. */
function problemsOf(error: ContentError, name: string): (string | number | undefined)[][] {
  return error.problems
    .filter((problem: ContentProblem) => path.basename(problem.file) === name)
    .map((problem) => [problem.field, problem.message, ...(problem.line === undefined ? [] : [problem.line])]);
}

const REFUSED: Readonly<Record<string, string>> = {
  "alias-bomb.md": "(front matter) uses too many YAML aliases (*name) for front matter 1",
  "control-characters.md": 'title contains invisible control characters ("Bell\\u0007 and escape\\u001b") 2',
  "control-in-body.md": "(body) the text contains an invisible control character (U+0007), which would break the page and the feeds 9",
  "deep-nesting.md": "(body) the text nests more than 18 levels deep (quotes, lists or emphasis), and the rest would be lost",
  "duplicate-keys.md": "(front matter) a field appears twice 6",
  "image-absolute.md": "image.src the image path must stay inside content/ (/etc/passwd) 7",
  "image-corrupt.md": "image.src the file is not a readable image",
  "image-empty.md": "image.src the image file is empty (images/empty.img) 7",
  "image-encoded.md": 'image.src must be a plain relative path (no backslashes, colons, %, ? or #) ("images/%2e%2e/%2e%2e/secret.jpg") 7',
  "image-gif.md": "image.src GIF images are not accepted (images/gif.img) 7",
  "image-missing.md": "image.src the image file does not exist (images/missing.img) 7",
  "image-not-an-image.md": "image.src the file is not a readable image",
  "image-outside.md": "image.src the image path must stay inside content/ (../../../../etc/passwd) 7",
  "image-pixel-bomb.md": "image.src the image has 20000×20000 pixels, over the 50 megapixel limit (images/pixel-bomb.img) 7",
  "image-symlink.md": "image.src the image path leads outside content/ (through a symbolic link) (images/symlink.img) 7",
  "image-too-small.md": "image.src the image is 600×400 px, too small for a headline (at least 1200×1200 px) (images/too-small.img) 7",
  "image-truncated.md": "image.src the file is not a readable image",
  "impossible-date.md": 'date is not a real calendar date ("2021-02-30"): February 2021 has 28 days 4',
  "javascript-front-matter.md": '(front matter) front matter must be YAML, but this file asks for "javascript" (---javascript) 1',
  "javascript-link.md": [
    '(body) the link "javascript:alert(document.cookie)" uses javascript:, which is not allowed 9',
    '(body) the link "vbscript:msgbox" uses vbscript:, which is not allowed 9',
    '(body) the link "javascript:alert(1)" uses javascript:, which is not allowed 9',
  ].join(" | "),
  "js-front-matter.md": '(front matter) front matter must be YAML, but this file asks for "js" (---js) 1',
  "not-finite.md": "title must be text (the headline), not NaN 2 | author must be a name or a list of names, not Infinity 5",
  "off-site-image.md": `(body) the picture "https://tracker.example/pixel.gif" is on another site: the build never fetches from the network, and a remote picture tracks readers and is blocked by the page's security policy 9`,
  "raw-html.md": [
    '(body) the text contains HTML (<script>document.title = "pwned"</script>), which is not published 7',
    '(body) the text contains HTML (<img src=x onerror="alert(1)">), which is not published 9',
    '(body) the text contains HTML (<svg onload="alert(1)">), which is not published 9',
    '(body) the text contains HTML (<iframe src="https://evil.example/"></iframe>), which is not published 11',
    '(body) the text contains HTML (<a href="javascript:alert(1)">), which is not published 13',
    "(body) the text contains HTML (<style>), which is not published 13",
  ].join(" | "),
  "oversized.md": "(file) the file has 1,000,001 characters, over the limit of 1,000,000",
  "symlinked-article.md": "(file) the article is a symbolic link, not a file",
  "steering-keys.md": '(front matter) unknown fields "permalink", "layout", "eleventyComputed" 6',
  "zone-typo.md": 'date has the zone +24:00 ("2024-05-01T01:30:00+24:00"), which does not exist: zones run from -12:00 to +14:00 4',
  "bidi-title.md":
    'title contains an invisible character that reverses the text after it (a bidirectional override) ("Breaking \u202Eswen") 2',
  "noncharacter.md": 'description contains invisible control characters ("Stand\uFDD0first.") 3',
  "reserved-slug.md": 'slug "img" is an address the site itself uses 6',
  "windows-1252.md":
    "(file) the file is not UTF-8 text (byte 0xE9 on this line): its accented letters and quotes would be published as U+FFFD replacement characters 2",
  "yaml-code-tag.md": "(front matter) uses a YAML tag (a word starting with ! before the value), which front matter cannot use 2",
};

describe("hostile input that must be refused", () => {
  const work = path.join(os.tmpdir(), `newsroom-hostile-${process.pid}`);
  const outputDir = path.join(work, "site");
  const traceFile = path.join(work, "code-ran.txt");
  let previous: Map<string, string>;
  let error: ContentError;
  let refusedContent: string;

  before(async () => {
    await mkdir(work, { recursive: true });
    const good = await makeContentDir([{ file: "articles/good-story.md", text: articleText(WITHOUT_IMAGE) }]);
    await buildFixtureSite(good, outputDir);
    previous = await snapshotFolder(outputDir);

    const photo = await makePhoto(1300, 1300);
    const outsideFile = path.join(work, "outside.jpg");
    await writeFile(outsideFile, photo);
    const articles = await hostileArticles("refused", traceFile);
    const oversized = articleText(WITHOUT_IMAGE, "word ".repeat(MAX_ARTICLE_CHARACTERS / 5));
    articles.push({ file: "articles/oversized.md", text: oversized.slice(0, MAX_ARTICLE_CHARACTERS + 1) });
    refusedContent = await makeContentDir(
      articles,
      {
        "articles/images/empty.img": Buffer.alloc(0),
        "articles/images/not-an-image.img": Buffer.from("This is a text file, not a picture.\n"),
        "articles/images/corrupt.img": Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(4000, 0x5a)]),
        "articles/images/truncated.img": photo.subarray(0, Math.floor(photo.length / 2)),
        "articles/images/gif.img": await sharp({ create: { width: 1300, height: 1300, channels: 3, background: "#888" } })
          .gif()
          .toBuffer(),
        "articles/images/pixel-bomb.img": pixelBombPng(20_000, 20_000),
        "articles/images/too-small.img": await makePhoto(600, 400),
      },
      { site: { ...SITE_JSON, url: "http://fixture.example.org", logo: "//evil.example/logo.png" } },
    );
    await symlink(outsideFile, path.join(refusedContent, "articles", "images", "symlink.img"));
    const outsideArticle = path.join(work, "outside.md");
    await writeFile(outsideArticle, articleText({ ...WITHOUT_IMAGE, title: "Published through a link" }));
    await symlink(outsideArticle, path.join(refusedContent, "articles", "symlinked-article.md"));
    // An article saved as Windows-1252: "é" is the single byte 0xE9, which is not UTF-8.
    await writeFile(
      path.join(refusedContent, "articles", "windows-1252.md"),
      Buffer.from(articleText({ ...WITHOUT_IMAGE, title: "Caf\u00e9 society" }), "latin1"),
    );
    // JSON has no Infinity, but 1e400 parses to it.
    await writeFile(
      path.join(refusedContent, "_data", "donation.json"),
      JSON.stringify(DONATION_JSON).replace('"goal":5000', '"goal":1e400'),
    );
    try {
      await buildFixtureSite(refusedContent, outputDir);
    } catch (caught) {
      if (!(caught instanceof ContentError)) throw caught;
      error = caught;
    }
  });

  after(async () => {
    await rm(work, { recursive: true, force: true });
    await rm(refusedContent, { recursive: true, force: true });
    await rm(`${refusedContent}-cache`, { recursive: true, force: true });
  });

  it("refuses the whole build and leaves the previous site byte for byte as it was", async () => {
    assert.ok(error instanceof ContentError, "the build was refused");
    assert.deepEqual(await snapshotFolder(outputDir), previous);
    assert.deepEqual(
      (await readdir(work)).filter((name) => name.startsWith("site.")),
      [],
      "no staging folder is left behind",
    );
  });

  it("never runs code from an article: ---js, ---javascript and YAML tags leave no trace", async () => {
    await assert.rejects(access(traceFile), "the trace file was never written");
  });

  for (const [name, expected] of Object.entries(REFUSED)) {
    it(`refuses ${name.replace(/\.md$/, "").replaceAll("-", " ")}: ${expected.split(" | ")[0]}`, () => {
      const found = problemsOf(error, name).map((parts) => parts.join(" "));
      const wanted = expected.split(" | ");
      if (wanted.length === 1 && wanted[0]?.startsWith("image.src the file is not a readable image")) {
        assert.equal(found.length, 1, found.join("\n"));
        assert.match(found[0] ?? "", /^image\.src the file is not a readable image \(.+\) \(images\/[a-z-]+\.img\) 7$/);
      } else {
        assert.deepEqual(found, wanted);
      }
    });
  }

  it("refuses an http site URL, a protocol-relative logo and a non-finite donation goal in the data files", () => {
    const data = error.problems.filter((problem) => problem.file.includes("_data"));
    assert.deepEqual(
      data.map((problem) => [path.basename(problem.file), problem.field, problem.message]),
      [
        ["site.json", "url", 'must be an absolute https:// URL ("http://fixture.example.org")'],
        ["site.json", "logo", 'must start with / (a file in assets/) or https:// ("//evil.example/logo.png")'],
        ["donation.json", "goal", "must be a plain number such as 5000 (no quotes, no Infinity) (Infinity)"],
      ],
    );
  });

  it("prints every problem as one readable block, without Eleventy's own log, and exits 1", async () => {
    const child = run(process.execPath, ["--import", "tsx", path.join(ROOT, "src", "cli", "build.ts")], {
      cwd: ROOT,
      env: { ...process.env, ...contentEnv(refusedContent), NEWSROOM_OUTPUT_DIR: outputDir },
    });
    const failure = await child.then(
      () => assert.fail("the build should have failed"),
      (caught: { code: number; stdout: string; stderr: string }) => caught,
    );
    assert.equal(failure.code, 1);
    assert.equal(failure.stdout, "");
    assert.ok(!failure.stderr.includes("[11ty]"), failure.stderr);
    assert.ok(!/\n\s+at /.test(failure.stderr), "no stack trace");
    // A bidirectional override would reverse the rest of the line in the terminal: it is printed escaped.
    assert.match(failure.stderr, /"Breaking \\u\{202E\}swen"/);
    assert.ok(!/[\u202a-\u202e\u2066-\u2069]/.test(failure.stderr), "no raw bidirectional control");
    assert.match(failure.stderr, /^The build was refused: \d+ problems in the content\.\n/);
    assert.ok(failure.stderr.endsWith(`\nNothing was published: ${path.relative(ROOT, outputDir)}/ still holds the previous build.\n`));
    assert.deepEqual(await snapshotFolder(outputDir), previous);
  });
});

describe("hostile input that builds, neutralised", () => {
  const outputDir = path.join(os.tmpdir(), `newsroom-hostile-accepted-${process.pid}`);
  let contentDir: string;
  const pages = new Map<string, Document>();
  const page = (slug: string) => {
    const found = pages.get(slug);
    if (!found) throw new Error(`no page for ${slug}`);
    return found;
  };
  let headers: string;
  let milliseconds: number;

  before(async () => {
    const articles = await hostileArticles("accepted", "unused");
    // Whitespace runs far beyond what the minifier handles quickly, in text and in a code block.
    const spaces = " ".repeat(150_000);
    articles.push({
      file: "articles/whitespace.md",
      text: articleText(WITHOUT_IMAGE, `Before${spaces}after.\n\n\`\`\`\n${"\t".repeat(150_000)}x\n\`\`\`\n`),
    });
    // An enormous table just under the size limit: built, in bounded time.
    const rows = Array.from({ length: 20_000 }, (_, index) => `|${index}|b|c|`).join("\n");
    articles.push({ file: "articles/big-table.md", text: articleText(WITHOUT_IMAGE, `|a|b|c|\n|-|-|-|\n${rows}\n`) });
    contentDir = await makeContentDir(articles, { "articles/images/photo.jpg": await makePhoto(1200, 1200) });
    const started = performance.now();
    await buildFixtureSite(contentDir, outputDir);
    milliseconds = performance.now() - started;
    for (const slug of ["template-syntax", "html-as-text", "escaping", "whitespace", "big-table", ""]) {
      const html = await readFile(path.join(outputDir, slug, "index.html"), "utf8");
      pages.set(slug, parseHTML(html).document as unknown as Document);
    }
    headers = await readFile(path.join(outputDir, "_headers"), "utf8");
  });

  after(async () => {
    await rm(outputDir, { recursive: true, force: true });
    await rm(contentDir, { recursive: true, force: true });
    await rm(`${contentDir}-cache`, { recursive: true, force: true });
  });

  it("emits no executable script, event handler or script URL on any page", () => {
    for (const [slug, document] of pages) {
      const scripts = [...document.querySelectorAll("script")];
      assert.deepEqual(
        scripts.map((script) => script.getAttribute("type")),
        slug === "" ? [] : ["application/ld+json"],
        slug,
      );
      for (const element of document.querySelectorAll("*")) {
        for (const name of element.getAttributeNames()) {
          assert.ok(!name.startsWith("on"), `${slug}: <${element.localName} ${name}>`);
          const value = element.getAttribute(name) ?? "";
          if (["href", "src", "srcset", "action", "formaction"].includes(name))
            assert.ok(!/^\s*(javascript|vbscript|data:text)/i.test(value), `${slug}: ${name}=${value}`);
        }
      }
      assert.equal(document.querySelectorAll("iframe, object, embed, svg, form, base").length, 0, slug);
    }
  });

  it("shows template syntax in the headline, standfirst and body as text", () => {
    const document = page("template-syntax");
    assert.equal(document.querySelector("h1")?.textContent, "{{ 7 * 7 }} and {% raw %}");
    assert.equal(document.querySelector(".standfirst")?.textContent, "{{ site.name }} {% include 'base.njk' %}");
    const body = [...document.querySelectorAll(".article-body p")].map((p) => p.textContent);
    assert.deepEqual(body, [
      'Template syntax stays text: {{ 7 * 7 }}, {% include "base.njk" %} and {{ "".constructor.constructor("return process")() }}.',
      "{% set x = 1 %}{{ x }}",
    ]);
  });

  it("shows escaped tags and tags in code as text, leaves comments out, and keeps a link's address inside its attribute", () => {
    const document = page("html-as-text");
    const body = document.querySelector(".article-body");
    assert.equal(body?.querySelectorAll("script, img, svg, iframe, style, a[href^='javascript']").length, 0);
    assert.ok(body?.textContent?.includes("An escaped tag <script>alert(1)</script> shows as text."));
    assert.ok(!body?.textContent?.includes("editor's note"), "the comment is left out");
    assert.ok(!document.documentElement.outerHTML.includes("editor's note"), "the comment is not in the page source either");
    const link = body?.querySelector("p a");
    assert.deepEqual([...(link?.getAttributeNames() ?? [])], ["href"]);
    assert.equal(link?.getAttribute("href"), "https://example.org/%22onmouseover=%22alert(1)");
    assert.equal(body?.querySelector("pre code")?.textContent, "<script>alert(1)</script>\n");
  });

  it("escapes every front matter value where it lands: text, attributes and JSON-LD", () => {
    const document = page("escaping");
    const title = "</title><script>alert('title')</script> \"quoted\" & 'single'";
    const description = "\"><script>alert('description')</script> & </style><style>body{display:none}</style>";
    const authors = ['"><img src=x onerror=alert(1)>', "Jane </script><script>alert('json-ld')</script> Doe"];
    const alt = "\" onerror=\"alert('alt')";
    assert.equal(document.querySelector("h1")?.textContent, title);
    assert.ok(document.querySelector("title")?.textContent?.startsWith(title));
    assert.equal(document.querySelector("meta[name='description']")?.getAttribute("content"), description);
    assert.equal(document.querySelector("meta[property='og:title']")?.getAttribute("content"), title);
    assert.equal(document.querySelector(".standfirst")?.textContent, description);
    assert.equal(document.querySelector("picture img")?.getAttribute("alt"), alt);
    assert.equal(document.querySelector("meta[property='og:image:alt']")?.getAttribute("content"), alt);
    assert.equal(
      document.querySelector("figcaption")?.textContent?.trim(),
      `<b>caption</b> & </figcaption><script>alert(1)</script> Photo: "><svg onload=alert(1)>`,
    );
    assert.deepEqual(
      [...document.querySelectorAll("meta[property='article:author']")].map((meta) => meta.getAttribute("content")),
      authors,
    );
    assert.equal(document.querySelectorAll("style").length, 2, "no <style> smuggled in by the description");
    const jsonLd = JSON.parse(document.querySelector("script[type='application/ld+json']")?.textContent ?? "null");
    assert.equal(jsonLd.headline, title);
    assert.equal(jsonLd.description, description);
    assert.equal(jsonLd.articleSection, "News\u2028Section");
    assert.deepEqual(jsonLd.keywords, ["</script><script>alert(1)</script>", "<!--"]);
    assert.deepEqual(
      jsonLd.author.map((author: { name: string }) => author.name),
      authors,
    );
  });

  it(`builds pathological bodies (150,000-character whitespace runs, a 20,000-row table) in bounded time`, () => {
    assert.ok(milliseconds < 120_000, `the build took ${Math.round(milliseconds)} ms`);
    assert.equal(page("whitespace").querySelector(".article-body p")?.textContent, `Before${" ".repeat(150_000)}after.`);
    assert.equal(page("big-table").querySelectorAll(".article-body tbody tr").length, 20_000);
  });

  it("gives every page a CSP meta element whose style hashes match its final <style> bytes", () => {
    for (const [slug, document] of pages) {
      const hashes = [...document.querySelectorAll("style")].map(
        (style) =>
          `'sha256-${createHash("sha256")
            .update(style.textContent ?? "")
            .digest("base64")}'`,
      );
      assert.ok(hashes.length >= 1, slug);
      const metas = [...document.querySelectorAll("meta[http-equiv='Content-Security-Policy']")];
      assert.equal(metas.length, 1, slug);
      const policy = metas[0]?.getAttribute("content") ?? "";
      assert.equal(
        policy,
        `default-src 'none'; img-src 'self' data:; connect-src 'self'; style-src ${[...new Set(hashes)].sort().join(" ")}; base-uri 'none'; form-action 'none'`,
        slug,
      );
      const head = [...(document.querySelector("head")?.children ?? [])];
      assert.ok(
        head.indexOf(metas[0] as Element) < head.findIndex((element) => element.localName === "style"),
        "the policy comes before the styles it governs",
      );
      const rule = headers.split(/\n(?=\S)/).find((block) => block.startsWith(`/${slug}${slug ? "/" : ""}\n`));
      assert.equal(rule, `/${slug}${slug ? "/" : ""}\n  Content-Security-Policy: ${policy}; frame-ancestors 'none'`, slug);
    }
  });

  it("writes _headers with the common security headers and immutable caching for content-hashed images", () => {
    assert.match(
      headers,
      /^\/\*\n {2}X-Content-Type-Options: nosniff\n {2}Referrer-Policy: strict-origin-when-cross-origin\n {2}Permissions-Policy: accelerometer=\(\), [^\n]*camera=\(\)[^\n]*geolocation=\(\)[^\n]*microphone=\(\)/m,
    );
    assert.match(headers, /^\/img\/\*\n {2}Cache-Control: public, max-age=31536000, immutable$/m);
    assert.ok(!/^\/\*\n(?: {2}.*\n)* {2}Content-Security-Policy/m.test(headers), "no site-wide CSP that would intersect the per-page ones");
  });
});
