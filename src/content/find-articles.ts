// Which files are articles, in one sentence: every file under content/articles/ whose name ends in ".md" (lower
// case) and does not start with ".", outside folders whose names start with "_" or "."; anything else under
// content/ that looks like an article (a Markdown file elsewhere, a .MD, .markdown, .mdown or .mkd file, a symbolic
// link to a folder under content/articles/) is refused, so that no article is published or skipped by surprise.
import { statSync } from "node:fs";
import path from "node:path";
import { entryPath, listTree } from "../output/list-files.ts";
import { ContentError, type ContentProblem } from "./content-error.ts";

/** The folder inside content/ that holds the articles. */
export const ARTICLES_FOLDER = "articles";

/** Names that look like Markdown whatever their case: `.md`, `.MD`, `.markdown`, `.mdown`, `.mkd`. */
const MARKDOWN_LIKE = /\.(?:md|markdown|mdown|mkd)$/i;

/**
 * The article files under the content folder (see the rule above), in a stable order. Symbolic links to files
 * are listed, so that they are refused when read (src/content/article-file.ts) rather than silently skipped.
 * @throws ContentError when the content folder does not exist or is not a folder, or names a file that looks like
 * an article but is not one by the rule: every such file at once, each with its fix.
 */
export async function findArticleFiles(contentDir: string): Promise<string[]> {
  const kind = statSync(contentDir, { throwIfNoEntry: false });
  if (!kind?.isDirectory()) {
    const relative = path.relative(process.cwd(), contentDir);
    const file = relative === "" || relative.startsWith("..") ? contentDir : relative;
    const message = kind === undefined ? "the content folder does not exist" : "the content folder is a file, not a folder";
    const hint = "run the build from the project folder, which holds content/, or point NEWSROOM_CONTENT_DIR at your content";
    throw new ContentError([{ file, field: "(folder)", message, hint }]);
  }
  const articles: string[] = [];
  const problems: ContentProblem[] = [];
  const shownPath = (file: string) => {
    const relative = path.relative(process.cwd(), file);
    return relative.startsWith("..") ? file : relative;
  };
  for (const entry of listTree(contentDir)) {
    const file = entryPath(entry);
    const parts = path.relative(contentDir, file).split(path.sep);
    if (parts.slice(0, -1).some((part) => part.startsWith("_") || part.startsWith("."))) continue;
    const name = entry.name;
    const inArticles = parts[0] === ARTICLES_FOLDER && parts.length > 1;
    if (entry.isSymbolicLink() && inArticles && statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
      problems.push({
        file: shownPath(file),
        field: "(file)",
        message: "is a symbolic link to a folder: the articles in it would not be published",
        hint: `move or copy the folder into content/${ARTICLES_FOLDER}/ instead of linking to it`,
      });
      continue;
    }
    if (!(entry.isFile() || entry.isSymbolicLink()) || !MARKDOWN_LIKE.test(name) || name.startsWith(".")) continue;
    if (inArticles && name.endsWith(".md")) {
      articles.push(file);
    } else if (inArticles) {
      problems.push({
        file: shownPath(file),
        field: "(file)",
        message: `ends in ${path.extname(name)}, so it is not read as an article`,
        hint: `rename it to ${name.slice(0, -path.extname(name).length)}.md to publish it, or move it out of content/`,
      });
    } else {
      problems.push({
        file: shownPath(file),
        field: "(file)",
        message: `is outside content/${ARTICLES_FOLDER}/, so it is not read as an article`,
        hint: `move it into content/${ARTICLES_FOLDER}/ to publish it, or out of content/ (or into content/_notes/) if it is not an article`,
      });
    }
  }
  if (problems.length > 0) throw new ContentError(problems.sort((a, b) => a.file.localeCompare(b.file)));
  return articles.sort();
}
