// `npm run new -- "Headline"`: writes content/articles/<slug>.md as a draft with every field explained,
// never over an existing file, and says what to do next.
import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { projectPaths } from "../build/project-paths.ts";
import { scaffoldArticle } from "../content/scaffold-article.ts";
import { slugifyHeadline } from "../content/slugify-headline.ts";

const USAGE = 'Usage: npm run new -- "The headline" [--slug my-address]';

/** The committer's name, so the byline starts right; none when git is missing or has no name. */
function gitUserName(): string | undefined {
  try {
    return execFileSync("git", ["config", "user.name"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(1);
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { slug: { type: "string" } } });
const headline = positionals.join(" ").trim();
if (headline === "") fail("Give the headline in quotes.");
const slug = values.slug ?? slugifyHeadline(headline);
if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) {
  fail(`Cannot make a web address from "${values.slug ?? headline}": choose one with --slug, lowercase words joined by hyphens.`);
}

const root = path.resolve(import.meta.dirname, "..", "..");
const file = path.join(projectPaths(root).contentDir, "articles", `${slug}.md`);
const author = gitUserName();
await mkdir(path.dirname(file), { recursive: true });
try {
  // "wx": the write fails if the file exists, so an article is never overwritten, not even in a race.
  await writeFile(file, scaffoldArticle({ headline, now: new Date(), ...(author === undefined ? {} : { author }) }), { flag: "wx" });
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  fail(`${path.relative(root, file)} already exists: nothing was written. Pick another headline or --slug.`);
}
const shown = path.relative(root, file);
console.log(`Created ${shown} (a draft, at /${slug}/)

Next:
  1. Open ${shown}: write the description and the text, and add a headline image if you have one.
  2. npm start        preview at http://localhost:8080/${slug}/ (drafts are shown, marked "Draft")
  3. npm run check    check every article, image and link; fix what it lists
  4. Change draft: true to draft: false, then commit and push: CI publishes it.`);
