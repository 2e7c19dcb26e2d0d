// scripts/import-zola.ts: a Zola blog's posts become articles our build accepts, front matter mapped, bodies untouched.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

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

  it("maps title, date, authors, slug, section and old addresses (as aliases), derives a missing description, and keeps every body byte for byte", async () => {
    const out = path.join(folder, "all");
    const result = importZola(unpacked, out);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^3 of 3 posts written/m);
    assert.match(result.stdout, /^bodies edited: 0$/m);
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
