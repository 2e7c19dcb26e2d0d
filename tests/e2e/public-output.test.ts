// What `npm run build` leaves in _site/ is served as-is by any static host, so it must hold only public files and
// every address in it must resolve to a file without server rules. Built from the project's own content.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { lstat, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { parseHTML } from "linkedom";
import { buildSite } from "../../src/build/build-site.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const SITE_URL: string = JSON.parse(await readFile(path.join(ROOT, "content/_data/site.json"), "utf8")).url;
/** Dot-folders a host may need (RFC 8615 well-known URIs); every other dotfile is a leak. */
const ALLOWED_DOT_PATHS = [".well-known"];

async function listTree(folder: string): Promise<string[]> {
  return (await readdir(folder, { recursive: true })).map((entry) => entry.split(path.sep).join("/"));
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** Every URL a page asks a browser to fetch or follow. */
function urlsInHtml(html: string): string[] {
  const { document } = parseHTML(html);
  const urls: string[] = [];
  for (const element of document.querySelectorAll("[href], [src], [srcset], [poster], meta[content]")) {
    for (const name of ["href", "src", "poster"]) {
      const value = element.getAttribute(name);
      if (value !== null) urls.push(value);
    }
    const srcset = element.getAttribute("srcset");
    if (srcset !== null) urls.push(...srcset.split(",").map((candidate) => candidate.trim().split(/\s+/)[0] ?? ""));
    const content = element.getAttribute("content");
    if (content?.startsWith(`${SITE_URL}/`)) urls.push(content);
  }
  return urls;
}

describe("the production build in _site/", () => {
  const outputDir = path.join(os.tmpdir(), `newsroom-public-${process.pid}`);
  let files: string[];

  before(async () => {
    await buildSite({ root: ROOT, outputDir, log: () => {} });
    files = await listTree(outputDir);
  });
  after(() => rm(outputDir, { recursive: true, force: true }));

  it("holds no Markdown, templates, source code or data files", () => {
    assert.deepEqual(
      files.filter((file) => /\.(md|njk|ts|js|mjs|map|yml|yaml|env|log)$/.test(file) || /(^|\/)_data(\/|$)/.test(file)),
      [],
    );
  });

  it("holds none of the source images, by name or by content (they may carry EXIF and GPS)", async () => {
    const sourceImages = (await listTree(path.join(ROOT, "content"))).filter((file) =>
      /\.(jpe?g|png|webp|avif|heic|heif|tiff?)$/i.test(file),
    );
    assert.ok(sourceImages.length > 0);
    const sourceHashes = new Set(
      await Promise.all(sourceImages.map(async (file) => sha256(await readFile(path.join(ROOT, "content", file))))),
    );
    const names = new Set(sourceImages.map((file) => path.posix.basename(file)));
    for (const file of files) {
      assert.ok(!names.has(path.posix.basename(file)), file);
      const stats = await lstat(path.join(outputDir, file));
      if (stats.isFile()) assert.ok(!sourceHashes.has(sha256(await readFile(path.join(outputDir, file)))), `${file} is a source image`);
    }
  });

  it("holds only plain files and folders: no symbolic links", async () => {
    for (const file of files) {
      const stats = await lstat(path.join(outputDir, file));
      assert.ok(stats.isFile() || stats.isDirectory(), `${file} is neither a file nor a folder`);
    }
  });

  it("holds no dotfiles, apart from the well-known folder hosts read", () => {
    const hidden = files.filter((file) => file.split("/").some((part) => part.startsWith(".")));
    assert.deepEqual(
      hidden.filter((file) => !ALLOWED_DOT_PATHS.some((allowed) => file === allowed || file.startsWith(`${allowed}/`))),
      [],
    );
  });

  it("resolves every address in every page and feed to a file in _site/, with no server rules (/slug/ → /slug/index.html)", async () => {
    const texts = files.filter((file) => /\.(html|xml|json|txt|webmanifest)$/.test(file));
    const present = new Set(files);
    const broken: string[] = [];
    let checked = 0;
    for (const file of texts) {
      const text = await readFile(path.join(outputDir, file), "utf8");
      const absolute = [...text.matchAll(new RegExp(`${SITE_URL.replace(/[.]/g, "\\.")}(/[^\\s"'<>)\\\\]*)`, "g"))].map(
        (match) => `${SITE_URL}${match[1]}`,
      );
      const urls = [...(file.endsWith(".html") ? urlsInHtml(text) : []), ...absolute];
      for (const link of urls) {
        const url = new URL(link, `${SITE_URL}/${file}`);
        if (url.origin !== SITE_URL || (url.protocol !== "https:" && url.protocol !== "http:")) continue;
        const target = decodeURIComponent(url.pathname).replace(/^\//, "");
        const candidate = target === "" || target.endsWith("/") ? `${target}index.html` : target;
        checked++;
        if (!present.has(candidate)) broken.push(`${file} → ${link}`);
      }
    }
    assert.deepEqual(broken, []);
    assert.ok(checked > 20, `only ${checked} addresses were found to check`);
  });
});
