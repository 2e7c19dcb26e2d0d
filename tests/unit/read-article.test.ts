import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { MAX_ARTICLE_CHARACTERS } from "../../src/content/article-file.ts";
import { readArticle, readArticleFile } from "../../src/content/read-article.ts";

describe("readArticle", () => {
  it("splits YAML front matter from the Markdown body", () => {
    const result = readArticle("a.md", "---\ntitle: Hello\ntags:\n  - one\n---\n\nBody *text*.\n");
    assert.ok(result.ok);
    assert.deepEqual(result.article.data, { title: "Hello", tags: ["one"] });
    assert.equal(result.article.body, "\nBody *text*.\n", "the body starts right after the closing fence line");
    assert.equal(result.article.lineOf(["tags", 0]), 4);
  });

  it("keeps dates as the strings the editor wrote", () => {
    const result = readArticle("a.md", "---\ndate: 2024-02-30\n---\n");
    assert.ok(result.ok);
    assert.deepEqual(result.article.data, { date: "2024-02-30" });
  });

  for (const engine of ["js", "javascript", "json", "coffee"]) {
    it(`refuses ---${engine} front matter instead of running it`, () => {
      const result = readArticle("evil.md", `---${engine}\n{ title: (globalThis.ran = true) }\n---\n`);
      assert.equal(result.ok, false);
      assert.match(result.ok ? "" : (result.problems[0]?.message ?? ""), new RegExp(`must be YAML.*---${engine}`));
      assert.equal((globalThis as { ran?: boolean }).ran, undefined);
    });
  }

  it("refuses a file without front matter, and unclosed front matter", () => {
    assert.equal(readArticle("a.md", "Just text").ok, false);
    const unclosed = readArticle("a.md", "---\ntitle: x\n");
    assert.equal(unclosed.ok, false);
    assert.match(unclosed.ok ? "" : (unclosed.problems[0]?.message ?? ""), /never closed/);
  });

  it("reads plain text with colons, ampersands and stars as text, and knows each list item's line", () => {
    const typical = '---\ntitle: "A headline: with a colon"\ndescription: Q&A, wow! 5 * 3\ntags:\n  - one\n  - two\n---\n';
    const result = readArticle("a.md", typical);
    assert.ok(result.ok);
    assert.deepEqual(result.article.data, { title: "A headline: with a colon", description: "Q&A, wow! 5 * 3", tags: ["one", "two"] });
    assert.equal(result.article.lineOf(["title"]), 2);
    assert.equal(result.article.lineOf(["tags", 1]), 6);
  });

  it("explains a tab used as indentation, with its line, instead of a hint about colons", () => {
    const result = readArticle("a.md", "---\ntitle: x\nimage:\n\tsrc: a.jpg\n---\n");
    assert.equal(result.ok, false);
    const [problem] = result.ok ? [] : result.problems;
    assert.equal(problem?.line, 4);
    assert.match(problem?.message ?? "", /indented with a tab/);
    assert.match(problem?.hint ?? "", /spaces instead of tabs/);
  });

  it("reports invalid YAML and duplicate keys with a line number", () => {
    const result = readArticle("a.md", "---\ntitle: one\ntitle: two\n---\n");
    assert.equal(result.ok, false);
    assert.equal(result.ok ? 0 : result.problems[0]?.line, 3);
  });

  it("does not resolve custom YAML tags", () => {
    const result = readArticle("a.md", "---\ntitle: !!js/function 'function(){}'\n---\n");
    assert.equal(result.ok, false);
  });

  it("knows the file line on which the body starts", () => {
    const result = readArticle("a.md", "---\ntitle: Hello\ndate: x\n---\n\nBody\n");
    assert.ok(result.ok);
    assert.equal(result.article.bodyLine, 5);
  });

  it("refuses an alias bomb instead of expanding it", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (const name of "bcdefghi")
      bomb.push(
        `${name}: &${name} [${Array(9)
          .fill(`*${String.fromCharCode(name.charCodeAt(0) - 1)}`)
          .join(", ")}]`,
      );
    const result = readArticle("a.md", `---\n${bomb.join("\n")}\n---\n`);
    assert.equal(result.ok, false);
    assert.match(result.ok ? "" : (result.problems[0]?.message ?? ""), /too many YAML aliases/);
  });

  it("refuses a file over the size limit before parsing it", () => {
    const result = readArticle(
      "a.md",
      `---\ntitle: x\n---\n${"word ".repeat(MAX_ARTICLE_CHARACTERS / 5)}`.slice(0, MAX_ARTICLE_CHARACTERS + 1),
    );
    assert.equal(result.ok, false);
    assert.deepEqual(result.ok ? [] : result.problems.map((problem) => [problem.field, problem.message]), [
      ["(file)", "the file has 1,000,001 characters, over the limit of 1,000,000"],
    ]);
  });

  it("refuses a file far over the limit from its size alone, before reading it", async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), "newsroom-read-"));
    try {
      await writeFile(path.join(folder, "huge.md"), Buffer.alloc(MAX_ARTICLE_CHARACTERS * 4 + 1, 0x61));
      const result = await readArticleFile(path.join(folder, "huge.md"), "huge.md");
      assert.deepEqual(result.ok ? [] : result.problems.map((problem) => [problem.field, problem.message]), [
        ["(file)", "the file is 4.0 MB, over the limit of 1,000,000 characters"],
      ]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe("readArticleFile, the bytes and the name", () => {
  const withFile = async (name: string, bytes: Buffer, check: (result: Awaited<ReturnType<typeof readArticleFile>>) => void) => {
    const folder = await mkdtemp(path.join(os.tmpdir(), "newsroom-read-"));
    try {
      await writeFile(path.join(folder, name), bytes);
      check(await readArticleFile(path.join(folder, name), `content/articles/${name}`));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  };

  it("refuses a Windows-1252 file with its line and the advice to save as UTF-8, instead of publishing U+FFFD", async () => {
    const text = "---\ntitle: Caf\xe9 in Minsk\n---\n";
    await withFile("cafe.md", Buffer.from(text, "latin1"), (result) => {
      assert.equal(result.ok, false);
      const [problem] = result.ok ? [] : result.problems;
      assert.deepEqual([problem?.file, problem?.field, problem?.line], ["content/articles/cafe.md", "(file)", 2]);
      assert.match(problem?.message ?? "", /not UTF-8 text \(byte 0xE9 on this line\)/);
      assert.match(problem?.hint ?? "", /save the file as UTF-8/i);
    });
  });

  it("reads UTF-8 with a byte order mark, accents and emoji unchanged", async () => {
    await withFile("ok.md", Buffer.from("\uFEFF---\ntitle: Café 😀\n---\n", "utf8"), (result) => {
      assert.ok(result.ok);
      assert.deepEqual(result.article.data, { title: "Café 😀" });
    });
  });

  it("refuses a file name with a bidirectional override or a control character, naming the character", async () => {
    for (const [name, character] of [
      ["evil\u202Edm.md", "U+202E"],
      ["bell\u0007.md", "U+0007"],
    ] as const) {
      await withFile(name, Buffer.from("---\ntitle: x\n---\n"), (result) => {
        const [problem] = result.ok ? [] : result.problems;
        assert.equal(problem?.field, "(file)", name);
        assert.match(problem?.message ?? "", new RegExp(`invisible character \\(${character.replace("+", "\\+")}\\)`));
        assert.match(problem?.hint ?? "", /rename the file/);
      });
    }
  });
});
