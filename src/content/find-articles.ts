import { statSync } from "node:fs";
import path from "node:path";
import { entryPath, listTree } from "../output/list-files.ts";
import { ContentError } from "./content-error.ts";

/**
 * Every `*.md` under the content folder, except data and hidden folders, in a stable order.
 * @throws ContentError when the content folder does not exist or is not a folder.
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
  // Symbolic links are listed too, so that they are refused (src/read-article.ts) rather than silently skipped.
  return listTree(contentDir)
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith(".md"))
    .map(entryPath)
    .filter(
      (file) =>
        !path
          .relative(contentDir, file)
          .split(path.sep)
          .some((part) => part.startsWith("_") || part.startsWith(".")),
    )
    .sort();
}
