// Writing one page of the site: its folder made, its bytes written, and, for the page budget, its gzipped size.
// The dev server calls it on the main thread (src/render/write-pages.ts, localPageFiles); `npm run build` on its
// writer thread (src/build/writer-worker.ts).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

/**
 * Writes `bytes` to `page` (a path in `outputDir`), making its folder unless `made` holds it already, and returns
 * the gzipped size (zlib's default level, as src/output/page-budget.ts weighs the other pages) when asked to `weigh`,
 * else 0. Throws the system's error when the write fails.
 */
export function writePageFile(outputDir: string, page: string, bytes: Uint8Array, weigh: boolean, made?: Set<string>): number {
  const file = path.join(outputDir, page);
  const folder = path.dirname(file);
  if (made?.has(folder) !== true) {
    mkdirSync(folder, { recursive: true });
    made?.add(folder);
  }
  writeFileSync(file, bytes);
  return weigh ? gzipSync(bytes).length : 0;
}
