// `npm run check` end to end, on fixture content in temp folders: what an editor sees, and that nothing is built.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { after, describe, it } from "node:test";
import { promisify } from "node:util";
import { scaffoldArticle } from "../../src/content/scaffold-article.ts";
import { articleText, DONATION_JSON, makeContentDir, makePhoto, VALID_FRONT_MATTER } from "../helpers/fixture-site.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const { image: _image, ...WITHOUT_IMAGE } = VALID_FRONT_MATTER;
const folders: string[] = [];

async function check(articles: Parameters<typeof makeContentDir>[0], images: Parameters<typeof makeContentDir>[1] = {}) {
  const contentDir = await makeContentDir(articles, images);
  const cacheDir = `${contentDir}-cache`;
  folders.push(contentDir, cacheDir);
  const env = { ...process.env, NEWSROOM_CONTENT_DIR: contentDir, NEWSROOM_CACHE_DIR: cacheDir };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", "src/cli/check.ts"], { cwd: ROOT, env });
    return { code: 0, stdout, stderr, cacheDir };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr, cacheDir };
  }
}

describe("npm run check", () => {
  after(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

  it("passes good content, drafts included and listed, without encoding a single image", async () => {
    const photo = await makePhoto(1300, 1300);
    const result = await check(
      [
        { file: "articles/good.md", text: articleText(VALID_FRONT_MATTER, "See [the draft](/draft-story/).\n") },
        { file: "articles/draft-story.md", text: articleText({ ...VALID_FRONT_MATTER, draft: true }, "Back to [the story](/good/).\n") },
      ],
      { "articles/images/photo.jpg": photo },
    );
    // good.md links to a draft: that link would break in production.
    assert.equal(result.code, 1);
    assert.match(result.stderr, /good\.md:\d+ → \(body\): the link \/draft-story\/ points to .*draft-story\.md, a draft/);

    const fixed = await check(
      [
        { file: "articles/good.md", text: articleText(VALID_FRONT_MATTER) },
        { file: "articles/draft-story.md", text: articleText({ ...VALID_FRONT_MATTER, draft: true }, "Back to [the story](/good/).\n") },
      ],
      { "articles/images/photo.jpg": photo },
    );
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.match(fixed.stdout, /Checked 2 articles \(1 draft, not published\) in [\d.]+ s: no problems/);
    assert.match(fixed.stdout, /draft: .*draft-story\.md/);
    // The cache may remember what an image is (its size and format), but holds no encoded derivative.
    const cached = await readdir(fixed.cacheDir, { recursive: true }).catch(() => []);
    assert.deepEqual(
      cached.filter((file) => /\.(jpg|webp|avif)$/.test(file)),
      [],
    );
  });

  it("exits 1 listing every problem with its file and line, and names each bad file at the end", async () => {
    const result = await check(
      [
        { file: "articles/bad-date.md", text: articleText({ ...WITHOUT_IMAGE, date: "2024-02-30" }) },
        { file: "articles/no-image.md", text: articleText({ ...VALID_FRONT_MATTER, image: { src: "images/missing.jpg", alt: "x" } }) },
        { file: "articles/fine.md", text: articleText(WITHOUT_IMAGE) },
      ],
      {},
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^2 problems in 2 files/);
    assert.match(result.stderr, /bad-date\.md:4 → date: is not a real calendar date/);
    assert.match(result.stderr, /no-image\.md:\d+ → image\.src: the image file does not exist/);
    assert.match(result.stderr, /Fix .*bad-date\.md, .*no-image\.md, then run npm run check again/);
    assert.doesNotMatch(result.stderr, /fine\.md/);
  });

  it("refuses an image that is too small without encoding it", async () => {
    const result = await check([{ file: "articles/small.md", text: articleText(VALID_FRONT_MATTER) }], {
      "articles/images/photo.jpg": await makePhoto(600, 400),
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /too small for a headline \(at least 1200×1200 px\)/);
  });

  it("passes a new draft from npm run new, and refuses to publish it before its placeholders are replaced", async () => {
    const draft = scaffoldArticle({ headline: "Fresh story", now: new Date() });
    assert.equal((await check([{ file: "articles/fresh-story.md", text: draft }])).code, 0);
    const published = await check([{ file: "articles/fresh-story.md", text: draft.replace("draft: true", "draft: false") }]);
    assert.equal(published.code, 1);
    assert.match(published.stderr, /fresh-story\.md → description: still holds the placeholder from npm run new/);
    assert.match(published.stderr, /fresh-story\.md → \(body\): still holds the placeholder text/);
  });

  it("refuses a donation locale Node cannot format, naming it, where it used to crash with a stack trace", async () => {
    const contentDir = await makeContentDir(
      [{ file: "articles/story.md", text: articleText(WITHOUT_IMAGE) }],
      {},
      {
        donation: { ...DONATION_JSON, locale: "en_US" },
      },
    );
    folders.push(contentDir, `${contentDir}-cache`);
    const env = { ...process.env, NEWSROOM_CONTENT_DIR: contentDir, NEWSROOM_CACHE_DIR: `${contentDir}-cache` };
    await assert.rejects(
      promisify(execFile)(process.execPath, ["--import", "tsx", "src/cli/check.ts"], { cwd: ROOT, env }),
      (error: { code: number; stderr: string }) => {
        assert.equal(error.code, 1);
        assert.match(
          error.stderr,
          /donation\.json → locale: is not a locale whose numbers can be formatted \("en_US"\)\n {4}Fix: write a locale such as "en-US"/,
        );
        assert.ok(!/RangeError|\n\s+at /.test(error.stderr), error.stderr);
        return true;
      },
    );
  });

  it("reports a broken data file together with the articles", async () => {
    const contentDir = await makeContentDir([], {}, { donation: { goal: "lots" } });
    folders.push(contentDir);
    const env = { ...process.env, NEWSROOM_CONTENT_DIR: contentDir, NEWSROOM_CACHE_DIR: `${contentDir}-cache` };
    await assert.rejects(
      promisify(execFile)(process.execPath, ["--import", "tsx", "src/cli/check.ts"], { cwd: ROOT, env }),
      (error: { stderr: string }) => {
        assert.match(error.stderr, /donation\.json → goal/);
        return true;
      },
    );
  });
});
