// The folders are the architecture: no module in src/ imports itself back through others (type imports included).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";

const SRC = path.resolve(import.meta.dirname, "..", "..", "src");
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["'](\.{1,2}\/[^"']+\.ts)["']/g;

/** Each module of src/ with the src/ modules it imports. */
function importGraph(): Map<string, string[]> {
  const modules = readdirSync(SRC, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"));
  return new Map(
    modules.map((module) => {
      const text = readFileSync(path.join(SRC, module), "utf8");
      const imports = [...text.matchAll(IMPORT)].map((match) =>
        path.relative(SRC, path.resolve(SRC, path.dirname(module), match[1] ?? "")),
      );
      return [module, imports];
    }),
  );
}

/** One import cycle, as a list of modules, or undefined. */
function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const visit = (module: string, trail: string[]): string[] | undefined => {
    if (state.get(module) === "open") return [...trail.slice(trail.indexOf(module)), module];
    if (state.get(module) === "done") return undefined;
    state.set(module, "open");
    for (const next of graph.get(module) ?? []) {
      const cycle = visit(next, [...trail, module]);
      if (cycle) return cycle;
    }
    state.set(module, "done");
    return undefined;
  };
  for (const module of graph.keys()) {
    const cycle = visit(module, []);
    if (cycle) return cycle;
  }
  return undefined;
}

describe("src/ imports", () => {
  it("form no cycle", () => {
    const graph = importGraph();
    assert.ok(graph.size > 30, "every module is read");
    assert.equal(findCycle(graph)?.join(" → "), undefined);
  });

  it("finds a cycle when there is one", () => {
    const graph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
    ]);
    assert.deepEqual(findCycle(graph), ["a.ts", "b.ts", "c.ts", "a.ts"]);
  });
});
