// Reading an article file: what disappears or changes under the build is a problem with its file, not a crash.
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { projectPaths } from "../../src/build/project-paths.ts";
import { findArticleFiles } from "../../src/content/find-articles.ts";
import { loadArticleFiles } from "../../src/content/load-articles.ts";
import { articleText, makeContentDir, ROOT, VALID_FRONT_MATTER } from "../helpers/fixture-site.ts";

const { image: _image, ...TEXT_ONLY } = VALID_FRONT_MATTER;

describe("an article removed between listing and reading", () => {
  it("is a problem naming the file and what to do, and the other articles still load", async () => {
    const contentDir = await makeContentDir([
      { file: "articles/stays.md", text: articleText({ ...TEXT_ONLY, title: "Stays" }) },
      { file: "articles/goes.md", text: articleText({ ...TEXT_ONLY, title: "Goes" }) },
    ]);
    try {
      const files = await findArticleFiles(contentDir);
      await rm(path.join(contentDir, "articles", "goes.md"));
      const loaded = await loadArticleFiles(files, { ...projectPaths(ROOT), contentDir, cacheDir: `${contentDir}-cache` });
      assert.deepEqual(
        loaded.articles.map((article) => article.title),
        ["Stays"],
      );
      assert.equal(loaded.problems.length, 1);
      assert.match(loaded.problems[0]?.file ?? "", /goes\.md$/);
      assert.match(loaded.problems[0]?.message ?? "", /removed or renamed while the build was reading/);
      assert.match(loaded.problems[0]?.hint ?? "", /run the build again/);
    } finally {
      await rm(contentDir, { recursive: true, force: true });
      await rm(`${contentDir}-cache`, { recursive: true, force: true });
    }
  });
});
