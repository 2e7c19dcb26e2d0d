// Which files are articles, and a clear refusal when the content folder is not there.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ContentError } from "../../src/content/content-error.ts";
import { findArticleFiles } from "../../src/content/find-articles.ts";

describe("findArticleFiles", () => {
  let folder: string;
  before(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), "newsroom-find-"));
  });
  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("lists every .md under content/articles/ in order, links to files included, but not data or hidden folders", async () => {
    const content = path.join(folder, "content");
    for (const sub of ["articles/2024", "_data", ".git", "articles/.drafts"]) await mkdir(path.join(content, sub), { recursive: true });
    for (const file of [
      "articles/b.md",
      "articles/2024/a.md",
      "_data/notes.md",
      ".git/x.md",
      "articles/.drafts/d.md",
      "articles/c.txt",
      "articles/.b.md.swp.md",
    ]) {
      await writeFile(path.join(content, file), "---\n---\n");
    }
    await symlink(path.join(content, "articles", "b.md"), path.join(content, "articles", "link.md"));
    const relative = (await findArticleFiles(content)).map((file) => path.relative(content, file).split(path.sep).join("/"));
    assert.deepEqual(relative, ["articles/2024/a.md", "articles/b.md", "articles/link.md"]);
  });

  it("refuses, all at once, every file that looks like an article but is not one by the rule", async () => {
    const content = path.join(folder, "misplaced");
    await mkdir(path.join(content, "articles", "images"), { recursive: true });
    await mkdir(path.join(folder, "elsewhere"), { recursive: true });
    await writeFile(path.join(folder, "elsewhere", "linked.md"), "---\n---\n");
    for (const file of ["about.md", "articles/ok.md", "articles/shout.MD", "articles/long.markdown", "articles/images/photo.jpg"]) {
      await writeFile(path.join(content, file), "---\n---\n");
    }
    await symlink(path.join(folder, "elsewhere"), path.join(content, "articles", "more"));
    await assert.rejects(findArticleFiles(content), (error: unknown) => {
      assert.ok(error instanceof ContentError);
      assert.deepEqual(
        error.problems.map((problem) => [path.basename(problem.file), problem.field, problem.message]),
        [
          ["about.md", "(file)", "is outside content/articles/, so it is not read as an article"],
          ["long.markdown", "(file)", "ends in .markdown, so it is not read as an article"],
          ["more", "(file)", "is a symbolic link to a folder: the articles in it would not be published"],
          ["shout.MD", "(file)", "ends in .MD, so it is not read as an article"],
        ],
      );
      assert.match(error.problems[1]?.hint ?? "", /rename it to long\.md/);
      assert.match(error.problems[0]?.hint ?? "", /move it into content\/articles\//);
      return true;
    });
  });

  it("refuses a missing content folder, or a file in its place, with one problem naming it", async () => {
    const missing = path.join(folder, "nowhere");
    const aFile = path.join(folder, "a-file");
    await writeFile(aFile, "");
    for (const [contentDir, message] of [
      [missing, "the content folder does not exist"],
      [aFile, "the content folder is a file, not a folder"],
    ] as const) {
      await assert.rejects(findArticleFiles(contentDir), (error: unknown) => {
        assert.ok(error instanceof ContentError);
        assert.deepEqual(
          error.problems.map((problem) => [problem.file, problem.field, problem.message]),
          [[contentDir, "(folder)", message]],
        );
        return true;
      });
    }
  });
});
