// Which files are articles. Kept apart from the content pipeline (src/load-articles.ts) so that the build's main
// thread can split the articles among its workers without loading the pipeline itself.
import { readdir } from "node:fs/promises";
import path from "node:path";

/** Every `*.md` under the content folder, except data and hidden folders, in a stable order. */
export async function findArticleFiles(contentDir: string): Promise<string[]> {
  const entries = await readdir(contentDir, { recursive: true, withFileTypes: true });
  // Symbolic links are listed too, so that they are refused (src/read-article.ts) rather than silently skipped.
  return entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith(".md"))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter(
      (file) =>
        !path
          .relative(contentDir, file)
          .split(path.sep)
          .some((part) => part.startsWith("_") || part.startsWith(".")),
    )
    .sort();
}
