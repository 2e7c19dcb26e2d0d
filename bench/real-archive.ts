// The benchmark's real archive: the Rust blog (../shared/corpus/rust-blog.tar.xz) converted by
// scripts/import-zola.ts (its bodies edited where our build refuses them), the posts both trees accept, repeated
// under new slugs to 1000 posts; and every converted post, pictures included, repeated the same way for this tree.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { importZola } from "../scripts/import-zola.ts";
import { compatibleWithPrevious, ROOT, WORK } from "./fixtures.ts";
import type { Tree } from "./trees.ts";

export const DEFAULT_CORPUS = path.resolve(ROOT, "..", "shared", "corpus", "rust-blog.tar.xz");
const progress = (message: string) => process.stderr.write(`${message}\n`);

/** One post of a content folder: `articles/<section>/<slug>.md`, or a folder `<slug>/` with index.md and pictures. */
interface Post {
  readonly relative: string;
  readonly isFolder: boolean;
}

async function postsOf(content: string): Promise<Post[]> {
  const posts: Post[] = [];
  const articles = path.join(content, "articles");
  for (const section of (await readdir(articles)).sort()) {
    for (const name of (await readdir(path.join(articles, section))).sort()) {
      const relative = path.join("articles", section, name);
      const isFolder = (await stat(path.join(content, relative))).isDirectory();
      if (isFolder || name.endsWith(".md")) posts.push({ relative, isFolder });
    }
  }
  return posts;
}

const markdownOf = (post: Post) => (post.isFolder ? path.join(post.relative, "index.md") : post.relative);

/** Runs a tree's `npm run check` on a content folder: the posts it names are the ones it refuses. */
export function refusedBy(tree: Tree, content: string, posts: readonly Post[]): Post[] {
  const result = spawnSync("sh", ["-c", tree.scripts["check"] ?? "false"], {
    cwd: tree.dir,
    env: { ...process.env, NEWSROOM_CONTENT_DIR: content },
    encoding: "utf8",
  });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status === 0) return [];
  const refused = posts.filter((post) => output.includes(markdownOf(post).split(path.sep).join("/")));
  if (refused.length === 0) throw new Error(`${tree.name}'s check failed on ${content} without naming a post:\n${output}`);
  return refused;
}

/**
 * `count` posts: every post of `source`, then copies of them in order under `<slug>-copy-<n>` until there are enough.
 * A copy is a new article at a new address: the older addresses (`aliases:`) stay the original's, or the build would
 * refuse every copy for taking them.
 */
async function repeatTo(source: string, target: string, count: number): Promise<void> {
  await rm(target, { recursive: true, force: true });
  await cp(source, target, { recursive: true });
  const posts = await postsOf(source);
  for (let index = posts.length; index < count; index++) {
    const post = posts[index % posts.length];
    if (!post) break;
    const copy = Math.floor(index / posts.length) + 1;
    const renamed = (name: string) => name.replace(/(\.md)?$/, `-copy-${copy}$1`);
    const from = path.join(source, post.relative);
    const to = path.join(target, path.dirname(post.relative), renamed(path.basename(post.relative)));
    if (post.isFolder) await cp(from, to, { recursive: true });
    const markdown = post.isFolder ? path.join(to, "index.md") : to;
    const text = await readFile(post.isFolder ? path.join(from, "index.md") : from, "utf8");
    await mkdir(path.dirname(markdown), { recursive: true });
    await writeFile(
      markdown,
      text.replace(/^slug: (.+)$/m, (_, slug: string) => `slug: ${slug}-copy-${copy}`).replace(/^aliases: .*\n/m, ""),
    );
  }
}

export interface RealArchive {
  /** Posts converted, and the posts both trees accept (text only), before repeating. */
  readonly converted: number;
  readonly accepted: number;
  readonly droppedForPictures: number;
  readonly refused: readonly string[];
  /** 1000 posts that both trees accept. */
  readonly both: string;
  /** An article of `both` to edit in the dev-server benchmark: a post of median length, and its slug. */
  readonly editFile: string;
  readonly editSlug: string;
  /** All converted posts, pictures included, repeated to 1000, and how many of those the current tree refuses. */
  readonly all: string;
  readonly allRefused: number;
  /** The edits the importer made to the bodies of all converted posts, and in how many posts. */
  readonly bodyEdits: number;
  readonly postsEdited: number;
}

/** Unpacks the corpus (once), converts it and writes the benchmark's real-archive content folders. */
export async function writeRealArchive(corpus: string, trees: readonly Tree[], now: Tree, count = 1000): Promise<RealArchive> {
  const unpacked = path.join(WORK, "rust-blog");
  if (!existsSync(path.join(unpacked, "content"))) {
    progress(`real archive: unpacking ${corpus}`);
    await mkdir(unpacked, { recursive: true });
    const tar = spawnSync("tar", ["-xJf", corpus, "-C", unpacked], { stdio: "inherit" });
    if (tar.status !== 0) throw new Error(`tar could not unpack ${corpus}`);
  }
  const textOnly = path.join(WORK, "content-real-text");
  const everything = path.join(WORK, "content-real-converted");
  for (const folder of [textOnly, everything]) await rm(folder, { recursive: true, force: true });
  progress("real archive: converting with scripts/import-zola.ts");
  const text = await importZola(unpacked, textOnly, { textOnly: true });
  await compatibleWithPrevious(textOnly);
  const converted = await importZola(unpacked, everything);

  // What either tree still refuses in the text-only posts is left out too, until both accept the rest.
  const refused: string[] = [];
  for (let round = 1; round <= 3; round++) {
    const posts = await postsOf(textOnly);
    const named = new Map<string, Post>();
    for (const tree of trees) {
      progress(`real archive: ${tree.name}'s npm run check on ${posts.length} posts`);
      for (const post of refusedBy(tree, textOnly, posts)) named.set(post.relative, post);
    }
    if (named.size === 0) break;
    for (const post of named.values()) {
      refused.push(post.relative);
      await rm(path.join(textOnly, post.relative), { recursive: true, force: true });
    }
  }
  const accepted = await postsOf(textOnly);
  const both = path.join(WORK, "content-real-1000");
  const all = path.join(WORK, "content-real-converted-1000");
  await repeatTo(textOnly, both, count);
  await repeatTo(everything, all, count);
  progress("real archive: now's npm run check on every converted post, pictures included");
  const allRefused = refusedBy(now, all, await postsOf(all)).length;

  const sizes = await Promise.all(
    accepted.filter((post) => !post.isFolder).map(async (post) => ({ post, size: (await stat(path.join(both, post.relative))).size })),
  );
  const median = sizes.sort((a, b) => a.size - b.size)[Math.floor(sizes.length / 2)]?.post;
  if (!median) throw new Error("no post left to edit");
  const editSlug = /^slug: (.+)$/m.exec(await readFile(path.join(both, median.relative), "utf8"))?.[1] ?? "";
  return {
    converted: text.posts,
    accepted: accepted.length,
    droppedForPictures: text.droppedWithPictures,
    refused,
    both,
    editFile: median.relative,
    editSlug,
    all,
    allRefused,
    bodyEdits: Object.values(converted.edits).reduce((sum, times) => sum + times, 0),
    postsEdited: converted.postsEdited.length,
  };
}
