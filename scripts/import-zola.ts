// Converts a Zola blog (such as ../shared/corpus/rust-blog.tar.xz, unpacked) into a content folder of ours: the
// front matter mapped to our fields, and each body as its author wrote it, except where our build refuses it.
//
// What is edited, and why: our build refuses raw HTML, a picture on another site, a picture sharing its paragraph
// with text, an animated GIF, a picture outside the post's folder, and a link that is unsafe or leads nowhere on the
// site, each with a message saying what to write instead. Each such body gets exactly that edit and nothing else
// (scripts/import-zola-body.ts; the kinds and their wording are in scripts/import-zola-edits.ts): an <iframe> of a
// video becomes its address alone on a line, <img> a Markdown picture, <pre> a fenced code block, <table> a Markdown
// table, <div> or <span style> its text, a remote picture a plain link to it (the build never fetches), a picture
// sharing a paragraph a paragraph of its own, an animated GIF a still PNG of its first frame, a Zola link to a post
// (@/….md) the post's address here. Raw HTML is read with a real HTML parser (linkedom); the post's Markdown around
// it, code included, is left as it is. Every edit is counted by kind, the summary lists the posts edited, and a post
// whose body our build would still refuse is written all the same and named with the build's own reason: nothing is
// papered over or dropped. A body with nothing refused is written byte for byte.
//
//   node --import tsx scripts/import-zola.ts <unpacked folder> <content folder> [--text-only] [--zola-site=https://…]
//
// <unpacked folder> holds content/ (or is it); <content folder> must not exist yet, or be empty, and must not be the
// project's own content/. `--text-only` leaves out every post with a picture in its (edited) text (`![…](…)`),
// which releases before pictures in the text refuse, and the pictures with them. The project's content/_data/ is
// copied in, so the folder builds as it is: `NEWSROOM_CONTENT_DIR=<content folder> npm run check`. `--zola-site` is
// where the Zola site was published (default https://blog.rust-lang.org), for links to files we do not publish.
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import MarkdownIt from "markdown-it";
import sharp from "sharp";
import { parse } from "smol-toml";
import { editBody, type PictureFile } from "./import-zola-body.ts";
import { addCounts, EDIT_KINDS, type EditCounts, type EditKind } from "./import-zola-edits.ts";

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
  /** Picture files written beside the posts: their own, copies of other posts' pictures and stills. */
  readonly pictures: number;
  /** Every edit made to the bodies, counted by kind (scripts/import-zola-edits.ts). */
  readonly edits: EditCounts;
  /** The articles whose body was edited, as written (`articles/blog/<slug>.md`). */
  readonly postsEdited: readonly string[];
  /** Articles written whose body our build would still refuse, with its reasons: none is dropped. */
  readonly stillRefused: readonly { readonly post: string; readonly reasons: readonly string[] }[];
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
): { yaml: string; derived: boolean; cut: boolean; aliases: string[] } | { problem: string } {
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
  return { yaml: `---\n${lines.join("\n")}\n---\n`, derived, cut: description !== full, aliases };
}

async function isEmptyOrMissing(folder: string): Promise<boolean> {
  const kind = await stat(folder).catch(() => undefined);
  return kind === undefined || (kind.isDirectory() && (await readdir(folder)).length === 0);
}

export interface ImportOptions {
  /** Leave out every post with a picture in its text (for releases before pictures in the text). */
  readonly textOnly?: boolean;
  /**
   * The address the Zola site is published at: a link to a file beside a post that our build does not publish
   * (an HTML report) points there. @default "https://blog.rust-lang.org", the archive's own.
   */
  readonly zolaSite?: string;
}

/** Where the archive in ../shared/corpus/ was published. */
export const RUST_BLOG = "https://blog.rust-lang.org";

/** Converts every post; writes `articles/<section>/<slug>.md`, or `<slug>/index.md` with its pictures beside it. */
export async function importZola(unpacked: string, out: string, options: ImportOptions = {}): Promise<ImportSummary> {
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
  // Each picture by the address the Zola site published it at, for a post that shows another post's picture.
  const byAddress = new Map<string, string>();
  for (const { post, zolaPath } of parsed) {
    for (const asset of post.assets) {
      byAddress.set(`/${zolaPath.replace(/^\/+|\/+$/g, "")}/${asset}`, path.join(zolaContent, path.dirname(post.file), asset));
    }
  }
  // Every post's address first, so that a link to another post can be pointed at its address here.
  const used = new Set<string>();
  const slugged = parsed.map((entry) => {
    const plain = slugOf(entry.zolaPath);
    let slug = plain;
    if (used.has(slug)) {
      slug = `${plain}-${dateOf(entry.zolaPath)}`;
      for (let number = 2; used.has(slug); number++) slug = `${plain}-${number}`;
    }
    used.add(slug);
    return { ...entry, plain, slug, front: frontMatterOf(entry.toml, entry.body, entry.post.section, slug) };
  });
  const addresses = new Set<string>();
  const urlByFile = new Map<string, string>();
  for (const { post, slug, front } of slugged) {
    if ("problem" in front) continue;
    addresses.add(`/${slug}/`);
    for (const alias of front.aliases) addresses.add(alias);
    urlByFile.set(post.file.split(path.sep).join("/"), `/${slug}/`);
  }
  const sections = new Map([["/inside-rust/", "/section/inside-rust/"]]);
  let slugsChanged = 0;
  let slugsMadeUnique = 0;
  let descriptionsDerived = 0;
  let descriptionsCut = 0;
  let droppedWithPictures = 0;
  let pictures = 0;
  let written = 0;
  const edits: EditCounts = {};
  const postsEdited: string[] = [];
  const stillRefused: { post: string; reasons: string[] }[] = [];
  for (const { post, body, zolaPath, plain, slug, front } of slugged) {
    if ("problem" in front) {
      skipped.push(`${post.file} (${front.problem})`);
      continue;
    }
    const edited = await editBody(body, {
      zolaPath,
      zolaSite: options.zolaSite ?? RUST_BLOG,
      url: `/${slug}/`,
      addresses,
      urlOfFile: (file) => urlByFile.get(file),
      sections,
      fileAt: (address) => byAddress.get(address),
      fileBeside: (name) => (post.assets.includes(name) ? path.join(zolaContent, path.dirname(post.file), name) : undefined),
      isAnimated: async (file) => ((await sharp(file).metadata()).pages ?? 1) > 1,
      names: new Set(post.assets),
    });
    if (options.textOnly && hasPicture(edited.body)) {
      droppedWithPictures++;
      continue;
    }
    if (slug !== plain) slugsMadeUnique++;
    if (plain !== zolaPath.split("/").at(-1)) slugsChanged++;
    if (front.derived) descriptionsDerived++;
    if (front.cut) descriptionsCut++;
    const folder = path.join(target, "articles", post.section);
    const hasFiles = post.assets.length > 0 || edited.files.length > 0;
    const file = hasFiles ? path.join(folder, slug, "index.md") : path.join(folder, `${slug}.md`);
    const article = path.relative(target, file).split(path.sep).join("/");
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, front.yaml + edited.body);
    // A GIF replaced by its still is not copied: nothing shows it any more.
    const replaced = new Set(edited.files.filter((made) => made.kind === "still").map((made) => made.from));
    for (const asset of post.assets) {
      const from = path.join(zolaContent, path.dirname(post.file), asset);
      if (replaced.has(from)) continue;
      await copyFile(from, path.join(path.dirname(file), asset));
      pictures++;
    }
    for (const made of edited.files) {
      await writePictureFile(made, path.join(path.dirname(file), made.name));
      pictures++;
    }
    if (Object.keys(edited.counts).length > 0) {
      addCounts(edits, edited.counts);
      postsEdited.push(article);
    }
    if (edited.problems.length > 0) stillRefused.push({ post: article, reasons: [...edited.problems] });
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
    edits,
    postsEdited,
    stillRefused,
    skipped,
  };
}

/** Writes a picture the edited body needs: a copy of another post's picture, or the first frame of an animation as PNG. */
async function writePictureFile(made: PictureFile, to: string): Promise<void> {
  if (made.kind === "copy") await copyFile(made.from, to);
  else await sharp(made.from, { pages: 1 }).png().toFile(to);
}

/** The summary as printed: one line per figure, each kind of body edit on its own line. */
export function formatSummary(summary: ImportSummary, out: string): string {
  const total = Object.values(summary.edits).reduce((sum, times) => sum + times, 0);
  const kinds = (Object.keys(EDIT_KINDS) as EditKind[]).filter((kind) => summary.edits[kind] !== undefined);
  return [
    `${summary.written} of ${summary.posts} posts written to ${path.resolve(out)}`,
    `dropped for a picture in the text: ${summary.droppedWithPictures}`,
    `descriptions derived from the first paragraph: ${summary.descriptionsDerived} (cut to ${DESCRIPTION_LIMIT}: ${summary.descriptionsCut})`,
    `slugs made valid: ${summary.slugsChanged}, made unique: ${summary.slugsMadeUnique}`,
    `pictures copied: ${summary.pictures}`,
    `body edits: ${total} in ${summary.postsEdited.length} posts`,
    ...kinds.map((kind) => `  ${EDIT_KINDS[kind]}: ${summary.edits[kind]}`),
    `posts edited: ${summary.postsEdited.join(", ") || "none"}`,
    `posts our build still refuses: ${summary.stillRefused.length}`,
    ...summary.stillRefused.map(({ post, reasons }) => `  ${post}: ${reasons.join("; ")}`),
    `not posts, skipped: ${summary.skipped.length}${summary.skipped.length ? ` (${summary.skipped.join(", ")})` : ""}`,
  ].join("\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const [unpacked, out] = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
  if (!unpacked || !out) {
    console.error(
      "usage: node --import tsx scripts/import-zola.ts <unpacked folder> <content folder> [--text-only] [--zola-site=https://…]",
    );
    process.exit(2);
  }
  const zolaSite = process.argv.find((arg) => arg.startsWith("--zola-site="))?.slice("--zola-site=".length);
  const summary = await importZola(unpacked, out, { textOnly: process.argv.includes("--text-only"), ...(zolaSite ? { zolaSite } : {}) });
  console.log(formatSummary(summary, out));
}
