// Builds throwaway content folders for tests: data files, articles and a small photo-like image with EXIF and GPS.
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { buildSite } from "../../src/build/build-site.ts";

/** The project under test: builds use its templates and configuration with fixture content. */
export const ROOT = path.resolve(import.meta.dirname, "..", "..");

export const SITE_JSON = {
  name: "Fixture Gazette",
  url: "https://fixture.example.org",
  language: "en",
  locale: "en_US",
  description: "Fixture site for tests.",
  logo: "/favicon.svg",
};

export const DONATION_JSON = {
  goal: 5000,
  raised: 115,
  currency: "USD",
  locale: "en-US",
  appeal: "Do you like this content? Consider helping us!",
  link: "https://fixture.example.org/donate/",
  linkText: "Donate",
  symbolAfterNumber: true,
};

/** A noisy image that compresses like a photo, tagged with camera and GPS metadata that must never be published. */
export async function makePhoto(width: number, height: number, options: { orientation?: number } = {}): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let state = 12345;
  for (let index = 0; index < pixels.length; index++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    pixels[index] = (index % 3) * 60 + (state >>> 26) + ((index / 3 / width) % 100);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 80 })
    .withExif({
      IFD0: {
        Make: "FixtureCam",
        Model: "Leaky 3000",
        Copyright: "SECRET-EXIF-MARKER",
        ...(options.orientation ? { Orientation: String(options.orientation) } : {}),
      },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "53/1 54/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "27/1 33/1 0/1" },
    })
    .withMetadata(options.orientation === undefined ? {} : { orientation: options.orientation })
    .toBuffer();
}

export interface FixtureArticle {
  readonly file: string;
  readonly text: string;
}

export function articleText(frontMatter: Record<string, unknown> | string, body = "First paragraph.\n\nSecond paragraph.\n"): string {
  const yaml =
    typeof frontMatter === "string"
      ? frontMatter
      : Object.entries(frontMatter)
          .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
          .join("\n");
  return `---\n${yaml}\n---\n\n${body}`;
}

export const VALID_FRONT_MATTER = {
  title: "Fixture headline",
  description: "A standfirst for the fixture.",
  date: "2024-05-01T09:00:00Z",
  author: "Jane Doe",
  image: { src: "images/photo.jpg", alt: "A noisy test photo" },
};

/** Creates a content folder with data files, the given articles and images; returns its path. */
export async function makeContentDir(
  articles: readonly FixtureArticle[],
  images: Readonly<Record<string, Buffer>> = {},
  data: { site?: unknown; donation?: unknown } = {},
): Promise<string> {
  const contentDir = await mkdtemp(path.join(os.tmpdir(), "newsroom-content-"));
  await mkdir(path.join(contentDir, "_data"), { recursive: true });
  await writeFile(path.join(contentDir, "_data", "site.json"), JSON.stringify(data.site ?? SITE_JSON));
  await writeFile(path.join(contentDir, "_data", "donation.json"), JSON.stringify(data.donation ?? DONATION_JSON));
  for (const [name, bytes] of Object.entries(images)) {
    await mkdir(path.dirname(path.join(contentDir, name)), { recursive: true });
    await writeFile(path.join(contentDir, name), bytes);
  }
  for (const article of articles) {
    await mkdir(path.dirname(path.join(contentDir, article.file)), { recursive: true });
    await writeFile(path.join(contentDir, article.file), article.text);
  }
  return contentDir;
}

/** Runs `work` with the build pointed at `contentDir` and an image cache beside it, then restores the environment. */
export async function withContentDir<T>(contentDir: string, work: () => Promise<T>): Promise<T> {
  process.env["NEWSROOM_CONTENT_DIR"] = contentDir;
  process.env["NEWSROOM_CACHE_DIR"] = `${contentDir}-cache`;
  try {
    return await work();
  } finally {
    delete process.env["NEWSROOM_CONTENT_DIR"];
    delete process.env["NEWSROOM_CACHE_DIR"];
  }
}

/** A real, atomic production build of fixture content into `outputDir`. */
export function buildFixtureSite(contentDir: string, outputDir: string) {
  return withContentDir(contentDir, () => buildSite({ root: ROOT, outputDir, log: () => {} }));
}

/** Every file under `folder` with its bytes (base64), to prove an output folder did or did not change. */
export async function snapshotFolder(folder: string): Promise<Map<string, string>> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  return new Map(await Promise.all(files.map(async (file) => [path.relative(folder, file), await readFile(file, "base64")] as const)));
}

/** The names in `parent`, sorted: what a build left beside its output. */
export async function namesIn(parent: string): Promise<string[]> {
  return (await readdir(parent)).sort();
}
