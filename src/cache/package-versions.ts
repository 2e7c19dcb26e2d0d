// The installed versions of the packages that shape a stage's output, read from their package.json files: part of
// the stage's cache keys, and cheap to ask (no package is loaded).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/** The folder of an installed package: its entry point's nearest parent with a package.json of that name. */
export function packageFolder(name: string, resolver: NodeJS.Require = require): string {
  let folder = path.dirname(resolver.resolve(name));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(folder, "package.json"), "utf8")) as { name?: unknown };
      if (manifest.name === name) return folder;
    } catch {
      // No package.json here: look further up.
    }
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error(`cannot find the package.json of ${name}`);
    folder = parent;
  }
}

/** The installed version of one package, e.g. packageVersion("zod") → "4.6.7". */
export function packageVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(path.join(packageFolder(name), "package.json"), "utf8")) as { version: string };
  return manifest.version;
}

/** Name → installed version, for a cache key's `packages`. */
export function packageVersions(names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, packageVersion(name)]));
}
