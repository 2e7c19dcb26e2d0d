// What every browser test needs: Debian's Chromium (never a downloaded browser), the seed site or the news fixture
// site built into a temp folder, a plain static server on 127.0.0.1, the two viewports, and a folder for artifacts.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { type Browser, chromium, type Page } from "playwright-core";
import { buildSite } from "../../../src/build/build-site.ts";
import { articleText, buildFixtureSite, makeContentDir, makePhoto } from "../../helpers/fixture-site.ts";

export const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
export const SEED_SLUG = "is-alexander-lukashenko-following-path-of-slobodan-milosevic";
export const ARTIFACTS_DIR = path.join(ROOT, "test-artifacts");

export const CHROMIUM_PATH = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
export const ENABLE_HINT = "apt-get install -y chromium default-jre-headless";

export const hasChromium = (): boolean => existsSync(CHROMIUM_PATH);
/** The skip reason for a suite that needs Chromium, or false when it is installed. */
export const CHROMIUM_MISSING: string | false = hasChromium() ? false : `${CHROMIUM_PATH} not found; enable with: ${ENABLE_HINT}`;

/** The two viewports readers use most: a 390 px phone at 3x and a 1440 px desktop at 1x. */
export const VIEWPORTS = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

/** Builds the committed content (the seed article) into a fresh temp folder. */
export async function buildSeedSite(name: string): Promise<string> {
  const outputDir = path.join(os.tmpdir(), `newsroom-browser-${name}-${process.pid}`);
  await buildSite({ root: ROOT, outputDir, log: () => {} });
  return outputDir;
}

const NEWS_SECTIONS = ["Politics", "Energy Policy", "Culture", "World"];
const NEWS_BODY = `${"A paragraph of reporting that runs on for a while, so the story takes a minute or two to read. ".repeat(40)}\n`;
/**
 * Twelve stories a day apart, story 11 the newest: four sections (Politics has stories 0, 4 and 8), all tagged
 * Belarus and either Energy or Elections, by Jane Doe (listed in authors.json) and every third also by John Roe (not
 * listed); all but stories 1, 5 and 9 have a headline picture, so the lead (story 11) and most cards show one.
 */
const NEWS_STORIES = Array.from({ length: 12 }, (_, n) => ({
  file: `articles/story-${n}.md`,
  text: articleText(
    {
      title: `Story ${n}: a headline long enough to wrap onto a second line on a phone`,
      description: "A standfirst of one sentence that says what the story is about and why it matters today.",
      date: new Date(Date.UTC(2024, 4, 1 + n, 9)).toISOString(),
      author: n % 3 === 0 ? ["Jane Doe", "John Roe"] : "Jane Doe",
      section: NEWS_SECTIONS[n % NEWS_SECTIONS.length],
      tags: ["Belarus", n % 2 === 0 ? "Energy" : "Elections"],
      ...(n % 4 !== 1 ? { image: { src: `images/photo-${n % 2}.jpg`, alt: "A noisy test photo" } } : {}),
    },
    NEWS_BODY,
  ),
}));

/**
 * Builds the news fixture (NEWS_STORIES) with real sharp into a fresh temp folder: a front page with a lead and
 * cards, /section/politics/, /tag/belarus/, /author/jane-doe/ and the story pages (/story-0/ to /story-11/).
 */
export async function buildNewsSite(name: string): Promise<{ readonly siteDir: string; readonly remove: () => Promise<void> }> {
  const contentDir = await makeContentDir(NEWS_STORIES, {
    "articles/images/photo-0.jpg": await makePhoto(1800, 1200),
    "articles/images/photo-1.jpg": await makePhoto(1200, 1200),
  });
  await writeFile(
    path.join(contentDir, "_data", "authors.json"),
    JSON.stringify([{ name: "Jane Doe", slug: "jane-doe", bio: "Covers Belarus." }]),
  );
  const siteDir = path.join(os.tmpdir(), `newsroom-browser-${name}-${process.pid}`);
  const remove = async () => {
    for (const folder of [siteDir, contentDir, `${contentDir}-cache`]) await removeSite(folder);
  };
  try {
    await buildFixtureSite(contentDir, siteDir);
  } catch (error) {
    await remove();
    throw error;
  }
  return { siteDir, remove };
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/feed+json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".avif": "image/avif",
};

export interface StaticServer {
  readonly origin: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /**
   * Sends each HTML page that holds `marker` in two parts, the first ending with the marker's first occurrence,
   * `ms` apart and not gzipped: a page as a slow network delivers it, which the browser paints before it has all.
   */
  readonly pauseAfter?: { readonly marker: string; readonly ms: number };
}

/** Serves a folder like a plain static host (gzip included): `/dir/` is `/dir/index.html`, unknown paths get `/404.html` with status 404. */
export async function serveStatic(folder: string, options: ServeOptions = {}): Promise<StaticServer> {
  const server = http.createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    let file = path.join(folder, path.normalize(pathname));
    if (!file.startsWith(folder)) file = path.join(folder, "404.html");
    const isFile = await stat(file).then(
      (info) => info.isFile(),
      () => false,
    );
    if (!isFile && existsSync(path.join(file, "index.html"))) file = path.join(file, "index.html");
    const found = isFile || file.endsWith("index.html");
    const served = found ? file : path.join(folder, "404.html");
    try {
      const body = await readFile(served);
      const type = MIME_TYPES[path.extname(served)] ?? "application/octet-stream";
      const cut = options.pauseAfter && type.startsWith("text/html") ? body.indexOf(options.pauseAfter.marker) : -1;
      if (options.pauseAfter && cut >= 0) {
        const end = cut + Buffer.byteLength(options.pauseAfter.marker);
        response.writeHead(found ? 200 : 404, { "content-type": type });
        response.write(body.subarray(0, end));
        await new Promise((resolve) => setTimeout(resolve, options.pauseAfter?.ms));
        response.end(body.subarray(end));
        return;
      }
      // Text is gzipped when the client accepts it, as every static host does; images are sent as they are.
      const gzip = /charset|svg/.test(type) && /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
      response.writeHead(found ? 200 : 404, {
        "content-type": type,
        ...(gzip ? { "content-encoding": "gzip", vary: "accept-encoding" } : {}),
      });
      response.end(gzip ? gzipSync(body) : body);
    } catch {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Creates test-artifacts/ (gitignored) and returns the path of one artifact in it. */
export async function artifactPath(name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  return path.join(ARTIFACTS_DIR, name);
}

export const removeSite = (folder: string) => rm(folder, { recursive: true, force: true });

/** A built seed site, served on 127.0.0.1, with Debian's Chromium launched: what every browser suite starts from. */
export interface BrowserSession {
  readonly siteDir: string;
  readonly server: StaticServer;
  readonly browser: Browser;
  /** Closes the browser and the server and removes the site. */
  readonly close: () => Promise<void>;
}

export async function openBrowserSession(name: string): Promise<BrowserSession> {
  const siteDir = await buildSeedSite(name);
  const server = await serveStatic(siteDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  return {
    siteDir,
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
      await removeSite(siteDir);
    },
  };
}

interface AxeViolation {
  readonly id: string;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

/** axe-core's violations on the page (WCAG 2.0–2.2 A/AA and best practice), one line each: rule, help, where. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8"));
  const violations = await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe
      .run({ runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } })
      .then((result) => result.violations),
  );
  return violations.map(
    (violation) => `${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
  );
}

/**
 * The W3C Nu checker's errors and warnings on these HTML files, one line each; undefined when Java is missing. Its
 * emulation of a page's <meta> CSP on a local file is no finding (as in html-validity.test.ts).
 */
export async function nuFindings(files: readonly string[]): Promise<string[] | undefined> {
  const run = promisify(execFile);
  const hasJava = await run("java", ["-version"]).then(
    () => true,
    () => false,
  );
  if (!hasJava) return undefined;
  const vnuJar = createRequire(import.meta.url).resolve("vnu-jar/build/dist/vnu.jar");
  const { stderr } = await run("java", ["-jar", vnuJar, "--format", "json", "--exit-zero-always", ...files], { maxBuffer: 10_000_000 });
  const messages = (JSON.parse(stderr) as { messages: { type: string; subType?: string; message: string; extract?: string }[] }).messages;
  return messages
    .filter(
      (message) => (message.type !== "info" || message.subType === "warning") && !/violates Content Security Policy/.test(message.message),
    )
    .map((message) => `${message.message} (${message.extract ?? ""})`);
}
