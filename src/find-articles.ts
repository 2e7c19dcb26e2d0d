import path from "node:path";
import { entryPath, listTree } from "./list-files.ts";

/** Every `*.md` under the content folder, except data and hidden folders, in a stable order. */
export async function findArticleFiles(contentDir: string): Promise<string[]> {
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
