// The project's folders, found from its root.
import { existsSync } from "node:fs";
import path from "node:path";
import type { ProjectPaths } from "../types.ts";

/**
 * The project's folders, from its root. NEWSROOM_CONTENT_DIR and NEWSROOM_CACHE_DIR point a build at other
 * content or another cache (the end-to-end tests and the benchmark build fixture sites this way).
 */
export function projectPaths(root: string, env: NodeJS.ProcessEnv = process.env): ProjectPaths {
  return {
    root,
    contentDir: path.resolve(root, env["NEWSROOM_CONTENT_DIR"] ?? "content"),
    assetsDir: path.join(root, "assets"),
    layoutsDir: path.join(root, "src", "render", "layouts"),
    pagesDir: path.join(root, "src", "render", "pages"),
    cacheDir: path.resolve(root, env["NEWSROOM_CACHE_DIR"] ?? ".cache"),
  };
}

/**
 * The nearest folder at or above `from` holding package.json: the project root, whether a module runs from src/
 * under tsx or precompiled in .build/.
 * @example findProjectRoot(import.meta.dirname) // "/work/main" from src/cli/ or from .build/src/cli/
 */
export function findProjectRoot(from: string): string {
  let folder = path.resolve(from);
  while (!existsSync(path.join(folder, "package.json"))) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error(`no package.json above ${from}`);
    folder = parent;
  }
  return folder;
}
