// The dev server's rebuild takes an unchanged article as its previous rebuild loaded it, and reads a changed one.
import assert from "node:assert/strict";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { projectPaths } from "../../src/build/project-paths.ts";
import { findArticleFiles } from "../../src/content/find-articles.ts";
import { type LoadedBefore, loadArticleFiles } from "../../src/content/load-articles.ts";
import { articleText, makeContentDir, makePhoto, ROOT, VALID_FRONT_MATTER } from "../helpers/fixture-site.ts";

const { image: _image, ...TEXT_ONLY } = VALID_FRONT_MATTER;

describe("loading articles again in the dev server", () => {
  let contentDir: string;
  before(async () => {
    contentDir = await makeContentDir([
      { file: "articles/kept.md", text: articleText({ ...TEXT_ONLY, title: "Kept" }) },
      { file: "articles/edited.md", text: articleText({ ...TEXT_ONLY, title: "Before" }) },
    ]);
  });
  after(() => rm(contentDir, { recursive: true, force: true }));

  it("reuses the unchanged article, reads the edited one, and forgets a removed one", async () => {
    const loadedBefore: LoadedBefore = new Map();
    const options = { ...projectPaths(ROOT), contentDir, cacheDir: `${contentDir}-cache`, loadedBefore };
    const load = async () => loadArticleFiles(await findArticleFiles(contentDir), options);
    const first = await load();
    const edited = path.join(contentDir, "articles", "edited.md");
    await writeFile(edited, articleText({ ...TEXT_ONLY, title: "After" }));
    const second = await load();
    const byTitle = (loaded: typeof first, title: string) => loaded.articles.find((article) => article.title === title);
    assert.equal(byTitle(second, "Kept"), byTitle(first, "Kept"), "the same object: not read again");
    assert.ok(byTitle(second, "After"), "the edit is read");
    await rm(edited);
    await load();
    assert.deepEqual(
      [...loadedBefore.keys()].map((file) => path.basename(file)),
      ["kept.md"],
    );
    await rm(`${contentDir}-cache`, { recursive: true, force: true });
  });

  it("keeps the headline image of an article whose text alone changed, and makes it again when its caption or picture changes", async () => {
    const pictured = await makeContentDir([{ file: "articles/pictured.md", text: articleText(VALID_FRONT_MATTER, "First text.\n") }], {
      "articles/images/photo.jpg": await makePhoto(400, 300),
    });
    const loadedBefore: LoadedBefore = new Map();
    // A small photo, allowed by lower limits: what is tested is which loads make the derivatives, not their sizes.
    const imageLimits = { minWidth: 200, minHeight: 150 };
    const options = { ...projectPaths(ROOT), contentDir: pictured, cacheDir: `${pictured}-cache`, loadedBefore, imageLimits };
    const file = path.join(pictured, "articles", "pictured.md");
    const load = async () => (await loadArticleFiles([file], options)).articles[0];
    try {
      const first = await load();
      assert.ok(first?.image);
      await writeFile(file, articleText(VALID_FRONT_MATTER, "Edited text.\n"));
      const textEdited = await load();
      assert.match(textEdited?.html ?? "", /Edited text/);
      assert.equal(textEdited?.image, first.image, "the same image: not read, hashed or verified again");

      const recaptioned = { ...VALID_FRONT_MATTER, image: { ...VALID_FRONT_MATTER.image, caption: "A new caption." } };
      await writeFile(file, articleText(recaptioned, "Edited text.\n"));
      const captionEdited = await load();
      assert.notEqual(captionEdited?.image, first.image);
      assert.equal(captionEdited?.image?.caption, "A new caption.");

      await writeFile(path.join(pictured, "articles", "images", "photo.jpg"), await makePhoto(480, 300));
      await writeFile(file, articleText(recaptioned, "Edited again.\n"));
      const pictureChanged = await load();
      assert.notEqual(pictureChanged?.image?.full.url, captionEdited?.image?.full.url, "the new picture's derivatives");
    } finally {
      await rm(pictured, { recursive: true, force: true });
      await rm(`${pictured}-cache`, { recursive: true, force: true });
    }
  });
});
