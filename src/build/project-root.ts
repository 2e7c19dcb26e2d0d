// Finds the project's root folder from any module, whether it runs from src/ under tsx or precompiled in .build/.
import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The nearest folder at or above `from` holding package.json.
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
