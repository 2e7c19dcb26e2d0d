// scripts/import-zola.ts: a Zola blog's posts become articles our build accepts: front matter mapped, bodies as written
// except where our build refuses them, each such edit the one the refusal asks for, counted by kind.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import sharp from "sharp";
import { editBody, type PostContext } from "../../scripts/import-zola-body.ts";
import type { EditCounts } from "../../scripts/import-zola-edits.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const LONG_SENTENCE = "This sentence is long enough to push the first paragraph well past what a standfirst may hold. ";

const POSTS: Record<string, string> = {
  "content/_index.md": '+++\ntitle = "Rust Blog"\nsort_by = "permalink"\n+++\n',
  "content/Rust-1.0.md": `+++
path = "2015/05/15/Rust-1.0"
title = "Announcing Rust 1.0"
authors = ["The Rust Core Team"]
description = "Rust 1.0 is stable."
aliases = ["2015/05/15/Rust-1.0.html"]

[extra]
release = true
+++

Today we are **very proud** to announce the release of Rust 1.0.\r\nTrailing spaces stay.   \n`,
  "content/inside-rust/compiler-team-meeting@0.md": `+++
path = "inside-rust/2019/10/15/compiler-team_meeting"
title = "Compiler team meeting"
authors = ["Jane Doe", "John Roe"]

[extra]
team = "the compiler team"
+++

# Compiler team meeting

The [compiler team](https://www.rust-lang.org/governance/teams/compiler) met on *Tuesday* to discuss \`rustc\`. ${LONG_SENTENCE.repeat(5)}

Second paragraph.
`,
  "content/GATs-push/index.md": `+++
path = "2021/08/03/GATs-stabilization-push"
title = "The push for GATs stabilization"
authors = ["Jack Huey"]
+++

Where to start, where to start...

![GATs reactions](gats-reactions.png)
`,
  "content/GATs-push/gats-reactions.png": "not really a PNG",
};

function importZola(unpacked: string, out: string, ...flags: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/import-zola.ts", unpacked, out, ...flags], {
    cwd: ROOT,
    encoding: "utf8",
  });
}

const bodyOf = (zola: string) => zola.slice(zola.indexOf("+++", 3) + 4);
const frontMatterOf = (ours: string) => ours.slice(0, ours.indexOf("\n---\n", 4) + 5);

describe("scripts/import-zola.ts", () => {
  let folder: string;
  let unpacked: string;
  before(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), "newsroom-import-zola-"));
    unpacked = path.join(folder, "rust-blog");
    for (const [file, text] of Object.entries(POSTS)) {
      await mkdir(path.dirname(path.join(unpacked, file)), { recursive: true });
      await writeFile(path.join(unpacked, file), text);
    }
  });
  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("maps title, date, authors, slug, section and old addresses (as aliases), derives a missing description, and keeps every body our build accepts byte for byte", async () => {
    const out = path.join(folder, "all");
    const result = importZola(unpacked, out);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^3 of 3 posts written/m);
    assert.match(result.stdout, /^body edits: 0 in 0 posts$/m);
    assert.match(result.stdout, /^posts edited: none$/m);
    assert.match(result.stdout, /^posts our build still refuses: 0$/m);
    assert.match(result.stdout, /^descriptions derived from the first paragraph: 2 \(cut to 400: 1\)$/m);
    assert.match(result.stdout, /not posts, skipped: 1 \(_index\.md\)/);

    const release = await readFile(path.join(out, "articles", "blog", "rust-1-0.md"), "utf8");
    assert.equal(
      frontMatterOf(release),
      [
        "---",
        'title: "Announcing Rust 1.0"',
        'description: "Rust 1.0 is stable."',
        'date: "2015-05-15"',
        'author: "The Rust Core Team"',
        "slug: rust-1-0",
        "section: blog",
        'aliases: ["/2015/05/15/Rust-1.0/", "/2015/05/15/Rust-1.0.html"]',
        "---\n",
      ].join("\n"),
    );
    assert.equal(release.slice(frontMatterOf(release).length), bodyOf(POSTS["content/Rust-1.0.md"] ?? ""));

    const meeting = await readFile(path.join(out, "articles", "inside-rust", "compiler-team-meeting.md"), "utf8");
    assert.match(meeting, /^author: \["Jane Doe", "John Roe"\]$/m);
    assert.match(meeting, /^date: "2019-10-15"$/m);
    assert.match(meeting, /^section: inside-rust$/m);
    const description = JSON.parse(/^description: (.*)$/m.exec(meeting)?.[1] ?? '""') as string;
    assert.ok(description.startsWith("The compiler team met on Tuesday to discuss rustc. This sentence"), description);
    assert.ok(description.length <= 400 && description.endsWith("…"), description);
    assert.equal(meeting.slice(frontMatterOf(meeting).length), bodyOf(POSTS["content/inside-rust/compiler-team-meeting@0.md"] ?? ""));

    const gats = path.join(out, "articles", "blog", "gats-stabilization-push");
    assert.deepEqual((await readdir(gats)).sort(), ["gats-reactions.png", "index.md"]);
    assert.equal(await readFile(path.join(gats, "gats-reactions.png"), "utf8"), "not really a PNG");
    assert.deepEqual(await readdir(path.join(out, "_data")), await readdir(path.join(ROOT, "content", "_data")));
  });

  it("--text-only leaves out the posts with a picture in the text, and our build accepts what is left", async () => {
    const out = path.join(folder, "text-only");
    const result = importZola(unpacked, out, "--text-only");
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^2 of 3 posts written/m);
    assert.match(result.stdout, /^dropped for a picture in the text: 1$/m);
    const check = spawnSync("npm", ["run", "check"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NEWSROOM_CONTENT_DIR: out } });
    assert.equal(check.status, 0, check.stdout + check.stderr);
  });

  it("refuses to write into the project's content/ or into a folder that is not empty", async () => {
    const intoContent = importZola(unpacked, path.join(ROOT, "content"));
    assert.notEqual(intoContent.status, 0);
    assert.match(intoContent.stderr, /refusing to write into the project's own content/);
    const notEmpty = importZola(unpacked, path.join(folder, "all"));
    assert.notEqual(notEmpty.status, 0);
    assert.match(notEmpty.stderr, /is not empty/);
  });
});

describe("scripts/import-zola.ts on posts our build refuses as written", () => {
  let folder: string;
  let unpacked: string;
  const frame = (red: number) =>
    sharp({ create: { width: 400, height: 200, channels: 3, background: { r: red, g: 90, b: 0 } } })
      .png()
      .toBuffer();
  const EDITED: Record<string, string> = {
    "content/_index.md": '+++\ntitle = "Rust Blog"\n+++\n',
    "content/inside-rust/_index.md": '+++\ntitle = "Inside Rust"\n+++\n',
    "content/Rust-1.30.0/index.md": `+++
path = "2018/10/25/Rust-1.30.0"
title = "Announcing Rust 1.30"
authors = ["The Rust Core Team"]
+++

Cargo now shows a progress bar:

![demo gif](demo.gif)

![Build times](chart.png "Build times | Chart: The Cargo team")
`,
    "content/inside-rust/older.md": `+++
path = "inside-rust/2018/01/01/older"
title = "An older post"
authors = ["Jane Doe"]
+++

<div style="color: red">Written in <b>HTML</b>, by the <a href="https://example.org/team">team</a>.</div>

Read [the release](@/Rust-1.30.0/index.md) or all of [Inside Rust](/inside-rust/).
`,
    "content/inside-rust/cargo-1.82.md": `+++
path = "inside-rust/2024/08/15/cargo-1.82"
title = "Cargo 1.82"
authors = ["Jane Doe"]
+++

The same chart as in the release:

![Build times](../../../../../2018/10/25/Rust-1.30.0/chart.png)
`,
  };

  before(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), "newsroom-import-zola-edits-"));
    unpacked = path.join(folder, "rust-blog");
    for (const [file, text] of Object.entries(EDITED)) {
      await mkdir(path.dirname(path.join(unpacked, file)), { recursive: true });
      await writeFile(path.join(unpacked, file), text);
    }
    const animation = await sharp([await frame(255), await frame(0)], { join: { animated: true } })
      .gif()
      .toBuffer();
    await writeFile(path.join(unpacked, "content", "Rust-1.30.0", "demo.gif"), animation);
    await writeFile(path.join(unpacked, "content", "Rust-1.30.0", "chart.png"), await frame(30));
  });
  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("makes each edit, prints each kind with its count and the posts edited, writes the pictures they need, and our build accepts the result", async () => {
    const out = path.join(folder, "out");
    const result = importZola(unpacked, out);
    assert.equal(result.status, 0, result.stderr);
    const summary = result.stdout.split("\n");
    assert.deepEqual(summary.slice(summary.indexOf("body edits: 7 in 3 posts"), summary.indexOf("posts our build still refuses: 0") + 1), [
      "body edits: 7 in 3 posts",
      "  <a href> → [text](address): 1",
      "  <b>, <strong>, <i>, <em>, <del> … → **bold**, *italic*, ~~struck out~~: 1",
      "  <div>, <span style>, <p>, <details> … → their text, the tag removed: 1",
      "  picture of another post (../…) → copied beside this one: 1",
      "  animated GIF → a still PNG of its first frame: 1",
      "  link to a post by its Zola file or address (@/….md, ../post/) → the post's address here: 1",
      "  link to a Zola section (/inside-rust/) → its section page (/section/inside-rust/): 1",
      "posts edited: articles/blog/rust-1-30-0/index.md, articles/inside-rust/older.md, articles/inside-rust/cargo-1-82/index.md",
      "posts our build still refuses: 0",
    ]);
    assert.match(result.stdout, /^pictures copied: 3$/m);

    const articles = path.join(out, "articles");
    const release = path.join(articles, "blog", "rust-1-30-0");
    assert.deepEqual((await readdir(release)).sort(), ["chart.png", "demo.png", "index.md"], "the GIF is replaced by its still");
    const still = await sharp(await readFile(path.join(release, "demo.png"))).metadata();
    assert.deepEqual([still.format, still.pages ?? 1, still.width, still.height], ["png", 1, 400, 200]);
    const bodyOf = async (file: string) => {
      const text = await readFile(path.join(articles, file), "utf8");
      return text.slice(text.indexOf("\n---\n", 4) + 5);
    };
    assert.equal(
      await bodyOf("blog/rust-1-30-0/index.md"),
      '\nCargo now shows a progress bar:\n\n![demo gif](demo.png)\n\n![Build times](chart.png "Build times | Chart: The Cargo team")\n',
    );
    assert.equal(
      await bodyOf("inside-rust/older.md"),
      "\nWritten in **HTML**, by the [team](https://example.org/team).\n\nRead [the release](/rust-1-30-0/) or all of [Inside Rust](/section/inside-rust/).\n",
    );
    assert.deepEqual((await readdir(path.join(articles, "inside-rust", "cargo-1-82"))).sort(), ["chart.png", "index.md"]);
    assert.equal(await bodyOf("inside-rust/cargo-1-82/index.md"), "\nThe same chart as in the release:\n\n![Build times](chart.png)\n");

    const check = spawnSync("npm", ["run", "check"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NEWSROOM_CONTENT_DIR: out } });
    assert.equal(check.status, 0, check.stdout + check.stderr);
  });
});

/** The archive around the post the edits below are made in: what the picture and link edits look up. */
const CONTEXT: PostContext = {
  zolaPath: "inside-rust/2024/08/15/this-post",
  zolaSite: "https://blog.example.org",
  url: "/this-post/",
  addresses: new Set(["/this-post/", "/older/", "/2019/10/15/Old-Post/"]),
  urlOfFile: (file) => (file === "inside-rust/older.md" ? "/older/" : undefined),
  sections: new Map([["/inside-rust/", "/section/inside-rust/"]]),
  fileAt: (address) =>
    ({
      "/inside-rust/2024/08/15/this-post/timing.html": "/zola/this-post/timing.html",
      "/inside-rust/2024/05/07/other-post/cargo.svg": "/zola/other-post/cargo.svg",
    })[address],
  fileBeside: (name) => (name === "demo.gif" ? "/zola/this-post/demo.gif" : undefined),
  isAnimated: async (file) => file.endsWith("demo.gif"),
  names: new Set(["demo.gif", "cargo.svg"]),
};

/** Each refusal of our build in a small post, the body the edit makes of it, and what is counted. */
const EDITS: readonly (readonly [title: string, zola: string, ours: string, counts: EditCounts])[] = [
  [
    "an <iframe> of YouTube becomes the video's address alone on a line",
    'Watch it:\n\n<iframe width="560" src="https://www.youtube.com/embed/r7i-2wHtNjw?si=x" title="YouTube video player" allowfullscreen></iframe>\n\nAfter.\n',
    "Watch it:\n\nhttps://www.youtube.com/watch?v=r7i-2wHtNjw\n\nAfter.\n",
    { video: 1 },
  ],
  [
    "a local <img> becomes a Markdown picture, its size attributes dropped",
    '<img alt="TriageBot example" src="triagebot.png" width="500" />\n\n<img src="cupcakes.jpg" height="300px">\n',
    "![TriageBot example](triagebot.png)\n\n![](cupcakes.jpg)\n",
    { "html-picture": 2 },
  ],
  [
    "<pre><code> becomes a fenced code block with its language, its entities read",
    'Before.\n\n<pre><code class="language-rust">fn main() {\n    let b = a &lt; 2; // `ok`\n}</code></pre>\n',
    "Before.\n\n```rust\nfn main() {\n    let b = a < 2; // `ok`\n}\n```\n",
    { "code-block": 1 },
  ],
  [
    "a picture on another site becomes a plain link to it, the address itself when it has no description",
    "![Schedule](https://github.com/assets/1.png)\n\n![](https://example.org/2.png)\n\n| Goal | Status |\n| --- | --- |\n| GATs | ![Help Wanted][] |\n\n[Help Wanted]: https://img.shields.io/badge/help\n",
    "[Schedule](https://github.com/assets/1.png)\n\n<https://example.org/2.png>\n\n| Goal | Status |\n| --- | --- |\n| GATs | [Help Wanted][] |\n\n[Help Wanted]: https://img.shields.io/badge/help\n",
    { "remote-picture": 3 },
  ],
  [
    "a picture sharing its paragraph with text gets a paragraph of its own",
    "Some people will be thrilled. The\n![GATs reactions](gats.png)\n*(not a screenshot)*\n",
    "Some people will be thrilled. The\n\n![GATs reactions](gats.png)\n\n*(not a screenshot)*\n",
    { "picture-moved": 1 },
  ],
  [
    "two pictures on one line with text each get a paragraph of their own, between the text around them",
    "Two: ![a](a.png) and ![b](b.png) end.\n",
    "Two:\n\n![a](a.png)\n\nand\n\n![b](b.png)\n\nend.\n",
    { "picture-moved": 2 },
  ],
  [
    "two blocks of HTML stay two paragraphs, and two <br> in a row leave a blank line",
    '<img alt="A" src="a.png" />\n\n<img alt="B" src="b.png" />\n\n<p>One<br><br>Two<br>Three</p>\n',
    "![A](a.png)\n\n![B](b.png)\n\nOne\n\nTwo\\\nThree\n",
    { "html-picture": 2, "line-break": 3, "tag-removed": 1 },
  ],
  [
    "a picture alone in a link to another site gets a paragraph of its own, and the link follows it",
    "[![Wall time](walltime-thumb.png)](https://perf.example.org/compare)\n",
    "![Wall time](walltime-thumb.png)\n\n[Wall time](https://perf.example.org/compare)\n",
    { "picture-unlinked": 1 },
  ],
  [
    "an animated GIF becomes a still PNG of its first frame, and another post's picture is copied beside this one",
    "![demo gif](demo.gif)\n\n![cargo info](../../../../2024/05/07/other-post/cargo.svg)\n",
    "![demo gif](demo.png)\n\n![cargo info](cargo-2.svg)\n",
    { "still-picture": 1, "picture-copied": 1 },
  ],
  [
    "<span style> and <span lang> are replaced by their text",
    'Alumni: <span lang=zh>二手掉包工程师</span> (hi-rustin) and <span style="color:red">**Daniel**</span>.\n',
    "Alumni: 二手掉包工程师 (hi-rustin) and **Daniel**.\n",
    { "tag-removed": 2 },
  ],
  [
    "<br> ends its line with a backslash, even in a heading underlined with ---, and is dropped at a paragraph's end",
    "**FOSDEM**<br>February 2nd, 2020\n\n**RustFest <del>Netherlands</del> Global**<br>November 7th-8th, 2020\n---\n\n[Comment by @m-ou-se](https://example.org/c)<br>\n\nBye.\n",
    "**FOSDEM**\\\nFebruary 2nd, 2020\n\n**RustFest ~~Netherlands~~ Global**\\\nNovember 7th-8th, 2020\n---\n\n[Comment by @m-ou-se](https://example.org/c)\n\nBye.\n",
    { "line-break": 3, emphasis: 1 },
  ],
  [
    "a <blockquote> around Markdown quotes it line by line; <details> and <summary> leave their text",
    "<details>\n<summary>1 detailed update available.</summary>\n\n<blockquote>\n\n**Async fn in traits.** An FCP proposal.\n\n- a list\n\n</blockquote>\n\n</details>\n",
    "1 detailed update available.\n\n> **Async fn in traits.** An FCP proposal.\n>\n> - a list\n",
    { quote: 1, "tag-removed": 2 },
  ],
  [
    "a <table> becomes a Markdown table, its first row the header, spanning cells in their first row and column",
    '<table>\n<tr><th>Group</th><th>Links</th><th>Chat</th></tr>\n<tr><td rowspan=2><b>WG-a|b</b></td><td colspan=2><a href="https://e.org/">Learn more</a></td></tr>\n<tr><td>x</td><td>y</td></tr>\n</table>\n',
    "| Group | Links | Chat |\n| --- | --- | --- |\n| **WG-a\\|b** | [Learn more](https://e.org/) |  |\n|  | x | y |\n",
    { table: 1, emphasis: 1, link: 1 },
  ],
  [
    "<sup> note marks and the note's paragraph become a footnote; a <sup> that is no note, the character itself",
    'Too restrictive<sup>1</sup>, unwinding<sup>[2](#longjmp)</sup>, E = mc<sup>2</sup>.\n\n<sup>1</sup> The description method.\n\n<a name="longjmp">2</a>: On Windows.\n',
    "Too restrictive[^1], unwinding[^2], E = mc².\n\n[^1]: The description method.\n\n[^2]: On Windows.\n",
    { footnote: 4, superscript: 1 },
  ],
  [
    "a comment sharing its line with a list item is deleted, and with it the item it was",
    "- one\n- <!-- [RFC #3553](https://example.org/3553) -->- two\n",
    "- one\n- two\n",
    { comment: 1 },
  ],
  [
    "the goal cards: each <div> leaves its text, <progress> its value, the links and bold stay",
    '<div style="display: flex;" class="mt2">\n    <div style="flex: auto;"><a href=\'https://x.org/105\'><strong>Async Rust</strong></a></div>\n    <div><progress value="5" max="34"></progress>\n</div>\n</div>\n',
    "[**Async Rust**](https://x.org/105)\n\n5 of 34\n",
    { "tag-removed": 3, link: 1, emphasis: 1, progress: 1 },
  ],
  [
    "text inside HTML keeps reading as text: what Markdown would take for syntax is escaped",
    "<div>Use *args, a_b and &lt;T&gt; in [brackets].</div>\n",
    "Use \\*args, a\\_b and \\<T\\> in \\[brackets\\].\n",
    { "tag-removed": 1 },
  ],
  [
    "links the link check refuses: a misspelt or missing scheme, Zola's @/ and section links, a file, a page that exists nowhere",
    "[pull](ttps://github.com/x/1), [epage](github.com/epage), [older](@/inside-rust/older.md#plans), [Inside Rust](/inside-rust/),\n[report](timing.html), [vision](./rust-vision-doc.md) and [old](/2019/10/15/Old-Post/).\n",
    "[pull](https://github.com/x/1), [epage](https://github.com/epage), [older](/older/#plans), [Inside Rust](/section/inside-rust/),\n[report](https://blog.example.org/inside-rust/2024/08/15/this-post/timing.html), vision and [old](/2019/10/15/Old-Post/).\n",
    { "link-scheme": 2, "zola-link": 1, "section-link": 1, "file-link": 1, "link-removed": 1 },
  ],
];

describe("scripts/import-zola-body.ts: each refusal edited as its message asks", () => {
  for (const [title, zola, ours, counts] of EDITS) {
    it(title, async () => {
      const edited = await editBody(zola, CONTEXT);
      assert.equal(edited.body, ours);
      assert.deepEqual(edited.counts, counts);
      assert.deepEqual(edited.problems, [], "our build accepts the edited body");
    });
  }

  it("says which files the edited body needs: the still and the copy, under names no picture beside it has", async () => {
    const edited = await editBody("![demo gif](demo.gif)\n\n![cargo info](../../../../2024/05/07/other-post/cargo.svg)\n", CONTEXT);
    assert.deepEqual(edited.files, [
      { kind: "still", from: "/zola/this-post/demo.gif", name: "demo.png" },
      { kind: "copy", from: "/zola/other-post/cargo.svg", name: "cargo-2.svg" },
    ]);
  });

  it("leaves a body our build accepts byte for byte, HTML inside code included", async () => {
    const body =
      'Tags are refused, so:\r\n\n```html\n<iframe src="https://www.youtube.com/embed/x"></iframe>\n```\n\nAnd `<br>` inline, <!-- a note -->.\n';
    const edited = await editBody(body, CONTEXT);
    assert.equal(edited.body, body);
    assert.deepEqual(edited.counts, {});
    assert.deepEqual(edited.files, []);
  });

  it("names what our build still refuses after the edits, in its own words", async () => {
    const edited = await editBody("[mail](javascript:alert(1))\n", CONTEXT);
    assert.deepEqual(edited.problems, ['line 1: the link "javascript:alert(1)" uses javascript:, which is not allowed']);
  });
});
