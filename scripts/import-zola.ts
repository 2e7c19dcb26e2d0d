// Converts a Zola blog (such as ../shared/corpus/rust-blog.tar.xz, unpacked) into a content folder of ours:
// front matter only. Every body is written byte for byte as its author wrote it; nothing here edits one, so a post
// our build refuses stays refused (`npm run check` names it) and the summary's "bodies edited" stays 0.
//
//   node --import tsx scripts/import-zola.ts <unpacked folder> <content folder> [--text-only]
//
// <unpacked folder> holds content/ (or is it); <content folder> must not exist yet, or be empty, and must not be the
// project's own content/. `--text-only` leaves out every post with a picture in its text (`![…](…)`),
// which releases before pictures in the text refuse, and the pictures with them. The project's content/_data/ is
// copied in, so the folder builds as it is: `NEWSROOM_CONTENT_DIR=<content folder> npm run check`.
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import MarkdownIt from "markdown-it";
import { parse } from "smol-toml";

const ROOT = path.resolve(import.meta.dirname, "..");
/** Our front matter's limit for `description` (src/content/article-schema.ts). */
export const DESCRIPTION_LIMIT = 400;
const SLUG_LIMIT = 120;

export interface ZolaPost {
  /** The Markdown file, relative to Zola's content/ folder. */
  readonly file: string;
  readonly section: "blog" | "inside-rust";
  /** Files beside a post that is a folder (`<post>/index.md`), relative to that folder. */
  readonly assets: readonly string[];
}

export interface ImportSummary {
  readonly posts: number;
  readonly written: number;
  /** Posts left out by `--text-only` because their text shows a picture. */
  readonly droppedWithPictures: number;
  readonly descriptionsDerived: number;
  readonly descriptionsCut: number;
  readonly slugsChanged: number;
  readonly slugsMadeUnique: number;
  readonly pictures: number;
  /** Always 0: no body is edited. Counted so that a change that starts editing them cannot go unnoticed. */
  readonly bodiesEdited: number;
  /** Files under content/ that are not posts (section pages, template pages without `path`). */
  readonly skipped: readonly string[];
}

/** Zola front matter (`+++` … `+++`) and the body after it, exactly as written. */
export function splitZola(text: string): { toml: string; body: string } | undefined {
  const match = /^\+\+\+\r?\n([\s\S]*?)\r?\n\+\+\+(?:\r?\n|$)/.exec(text);
  return match ? { toml: match[1] ?? "", body: text.slice(match[0].length) } : undefined;
}

/** The last part of a Zola `path`, as our slug: lowercase ASCII letters and digits joined by single hyphens. */
export function slugOf(zolaPath: string): string {
  const last = zolaPath.replace(/\/+$/, "").split("/").at(-1) ?? "";
  const slug = last
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, SLUG_LIMIT)
    .replace(/-+$/, "");
  return slug || "post";
}

/** `YYYY-MM-DD` from a Zola path such as `inside-rust/2020/07/27/1.45.1-prerelease`. */
export function dateOf(zolaPath: string): string | undefined {
  const match = /(?:^|\/)(\d{4})\/(\d{2})\/(\d{2})\//.exec(zolaPath);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

/** The plain text of a Markdown fragment: links and emphasis reduced to their words, HTML tags removed. */
function plainText(markdown: string): string {
  return markdown
    .replace(/<[^>]+>/g, "")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[\^[^\]]*\]/g, "")
    .replace(/\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])?/g, "$1")
    .replace(/`+([^`]*)`+/g, "$1")
    .replace(/(\*\*|__|\*|_|~~)(\S(?:[\s\S]*?\S)?)\1/g, "$2")
    .replace(/\\([\\`*_{}[\]()#+\-.!>])/g, "$1")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

/** The first paragraph of prose: not a heading, code, quote, list, table, HTML block, picture or reference. */
export function firstParagraph(body: string): string | undefined {
  const withoutCode = body.replace(/^(```|~~~)[\s\S]*?^\1[^\n]*$/gm, "");
  for (const block of withoutCode.split(/\n[ \t]*\n/)) {
    const text = block.trim();
    if (text === "" || /^(#|>|<|\||[-*+] |\d+\. |!\[|\[[^\]]+\]:| {4}|---|\*\*\*|___)/.test(text)) continue;
    const plain = plainText(text);
    if (plain.length >= 20) return plain;
  }
  return undefined;
}

/** Text cut to `limit` characters at a word boundary, with an ellipsis when anything was cut. */
export function cut(text: string, limit = DESCRIPTION_LIMIT): string {
  if (text.length <= limit) return text;
  const room = text.slice(0, limit - 1);
  const atSpace = room.lastIndexOf(" ");
  return `${(atSpace > limit / 2 ? room.slice(0, atSpace) : room).replace(/[\s,;:.]+$/, "")}…`;
}

const markdown = new MarkdownIt("default", { html: false });

/** A picture in the text as markdown-it reads it (`![…](…)`, `![…][…]`); HTML is text to our build, so `<img>` is not. */
export function hasPicture(body: string): boolean {
  const pending = markdown.parse(body, {});
  for (let token = pending.pop(); token; token = pending.pop()) {
    if (token.type === "image") return true;
    pending.push(...(token.children ?? []));
  }
  return false;
}

/** Every post under Zola's content/ folder, and the files that are not posts. */
export async function findPosts(zolaContent: string): Promise<{ posts: ZolaPost[]; skipped: string[] }> {
  const posts: ZolaPost[] = [];
  const skipped: string[] = [];
  const walk = async (folder: string, section: ZolaPost["section"]) => {
    for (const entry of (await readdir(path.join(zolaContent, folder), { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const relative = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        const names = await readdir(path.join(zolaContent, relative));
        if (names.includes("index.md")) {
          const assets = names.filter((name) => name !== "index.md").sort();
          posts.push({ file: path.join(relative, "index.md"), section, assets });
        } else if (folder === "" && entry.name === "inside-rust") await walk(relative, "inside-rust");
        else await walk(relative, section);
      } else if (entry.name.endsWith(".md")) {
        if (entry.name === "_index.md") skipped.push(relative);
        else posts.push({ file: relative, section, assets: [] });
      }
    }
  };
  await walk("", "blog");
  return { posts, skipped };
}

const yamlString = (value: string) => JSON.stringify(value);

/**
 * The post's older addresses as our aliases: its Zola `path` (/2019/10/15/Old-Title/), which other posts link
 * to, and its Zola `aliases` (relative, a folder or an .html file), each from the site root.
 * @example aliasesOf("2019/10/15/Old", ["2019/10/15/Old.html"], "/old/") // ["/2019/10/15/Old/", "/2019/10/15/Old.html"]
 */
export function aliasesOf(zolaPath: string, zolaAliases: unknown, url: string): string[] {
  const given = Array.isArray(zolaAliases) ? zolaAliases.filter((alias): alias is string => typeof alias === "string") : [];
  const addresses = [zolaPath, ...given].map((address) => {
    const trimmed = address.trim().replace(/^\/+/, "");
    return `/${trimmed}${trimmed.endsWith("/") || /\.html?$/.test(trimmed) ? "" : "/"}`;
  });
  return [...new Set(addresses)].filter((address) => address !== url && address !== "/");
}

/** Our front matter for one post, or why the post has none (no `path`, `title` or `authors`). */
export function frontMatterOf(
  toml: string,
  body: string,
  section: ZolaPost["section"],
  slug: string,
): { yaml: string; derived: boolean; cut: boolean } | { problem: string } {
  const data = parse(toml) as Record<string, unknown>;
  const zolaPath = typeof data["path"] === "string" ? data["path"] : undefined;
  const date = zolaPath ? dateOf(zolaPath) : undefined;
  const title = typeof data["title"] === "string" ? data["title"].trim() : undefined;
  const authors = Array.isArray(data["authors"]) ? data["authors"].filter((name): name is string => typeof name === "string") : [];
  if (!zolaPath || !date) return { problem: "no path with a date (not a post)" };
  if (!title) return { problem: "no title" };
  const given = typeof data["description"] === "string" ? plainText(data["description"]) : "";
  const derived = given === "";
  const full = derived ? (firstParagraph(body) ?? title) : given;
  const description = cut(full);
  const lines = [
    `title: ${yamlString(title)}`,
    `description: ${yamlString(description)}`,
    `date: "${date}"`,
    authors.length === 1 ? `author: ${yamlString(authors[0] ?? "")}` : `author: [${authors.map(yamlString).join(", ")}]`,
    `slug: ${slug}`,
    `section: ${section}`,
  ];
  const aliases = aliasesOf(zolaPath, data["aliases"], `/${slug}/`);
  if (aliases.length > 0) lines.push(`aliases: [${aliases.map(yamlString).join(", ")}]`);
  if (authors.length === 0) lines.splice(3, 1);
  return { yaml: `---\n${lines.join("\n")}\n---\n`, derived, cut: description !== full };
}

async function isEmptyOrMissing(folder: string): Promise<boolean> {
  const kind = await stat(folder).catch(() => undefined);
  return kind === undefined || (kind.isDirectory() && (await readdir(folder)).length === 0);
}

/** Converts every post; writes `articles/<section>/<slug>.md`, or `<slug>/index.md` with its pictures beside it. */
export async function importZola(unpacked: string, out: string, options: { textOnly?: boolean } = {}): Promise<ImportSummary> {
  const zolaContent = (await stat(path.join(unpacked, "content")).catch(() => undefined))?.isDirectory()
    ? path.join(unpacked, "content")
    : unpacked;
  const target = path.resolve(out);
  const ours = path.join(ROOT, "content");
  if (target === ours || target.startsWith(`${ours}${path.sep}`) || ours.startsWith(`${target}${path.sep}`)) {
    throw new Error(`refusing to write into the project's own content/ (${target}): choose another folder`);
  }
  if (!(await isEmptyOrMissing(target))) throw new Error(`${target} is not empty: give a new or empty folder`);

  const { posts, skipped } = await findPosts(zolaContent);
  const parsed = [];
  for (const post of posts) {
    const text = await readFile(path.join(zolaContent, post.file), "utf8");
    const split = splitZola(text);
    if (!split) {
      skipped.push(post.file);
      continue;
    }
    const data = parse(split.toml) as Record<string, unknown>;
    if (typeof data["path"] !== "string" || !dateOf(data["path"])) {
      skipped.push(post.file);
      continue;
    }
    parsed.push({ post, ...split, zolaPath: data["path"] });
  }
  // Slugs in the order of the Zola paths, so the oldest post keeps the plain one and the result never depends on
  // the order files are listed in; a later post with the same slug gets its date, then a number, appended.
  parsed.sort((a, b) => a.zolaPath.localeCompare(b.zolaPath));
  const used = new Set<string>();
  let slugsChanged = 0;
  let slugsMadeUnique = 0;
  let descriptionsDerived = 0;
  let descriptionsCut = 0;
  let droppedWithPictures = 0;
  let pictures = 0;
  let written = 0;
  for (const { post, toml, body, zolaPath } of parsed) {
    if (options.textOnly && hasPicture(body)) {
      droppedWithPictures++;
      continue;
    }
    const plain = slugOf(zolaPath);
    let slug = plain;
    if (used.has(slug)) {
      slug = `${plain}-${dateOf(zolaPath)}`;
      for (let number = 2; used.has(slug); number++) slug = `${plain}-${number}`;
      slugsMadeUnique++;
    }
    used.add(slug);
    if (plain !== zolaPath.split("/").at(-1)) slugsChanged++;
    const front = frontMatterOf(toml, body, post.section, slug);
    if ("problem" in front) {
      skipped.push(`${post.file} (${front.problem})`);
      continue;
    }
    if (front.derived) descriptionsDerived++;
    if (front.cut) descriptionsCut++;
    const folder = path.join(target, "articles", post.section);
    const file = post.assets.length > 0 ? path.join(folder, slug, "index.md") : path.join(folder, `${slug}.md`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, front.yaml + body);
    for (const asset of post.assets) {
      await copyFile(path.join(zolaContent, path.dirname(post.file), asset), path.join(path.dirname(file), asset));
      pictures++;
    }
    written++;
  }
  await mkdir(path.join(target, "_data"), { recursive: true });
  for (const name of await readdir(path.join(ours, "_data"))) {
    await copyFile(path.join(ours, "_data", name), path.join(target, "_data", name));
  }
  return {
    posts: parsed.length,
    written,
    droppedWithPictures,
    descriptionsDerived,
    descriptionsCut,
    slugsChanged,
    slugsMadeUnique,
    pictures,
    bodiesEdited: 0,
    skipped,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const [unpacked, out] = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
  if (!unpacked || !out) {
    console.error("usage: node --import tsx scripts/import-zola.ts <unpacked folder> <content folder> [--text-only]");
    process.exit(2);
  }
  const summary = await importZola(unpacked, out, { textOnly: process.argv.includes("--text-only") });
  console.log(
    [
      `${summary.written} of ${summary.posts} posts written to ${path.resolve(out)}`,
      `dropped for a picture in the text: ${summary.droppedWithPictures}`,
      `descriptions derived from the first paragraph: ${summary.descriptionsDerived} (cut to ${DESCRIPTION_LIMIT}: ${summary.descriptionsCut})`,
      `slugs made valid: ${summary.slugsChanged}, made unique: ${summary.slugsMadeUnique}`,
      `pictures copied: ${summary.pictures}`,
      `bodies edited: ${summary.bodiesEdited}`,
      `not posts, skipped: ${summary.skipped.length}${summary.skipped.length ? ` (${summary.skipped.join(", ")})` : ""}`,
    ].join("\n"),
  );
}
