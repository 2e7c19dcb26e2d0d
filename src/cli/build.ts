// `npm run build`: builds _site/ atomically and prints one summary line, or every content problem and exits 1.
import path from "node:path";
import { ContentError } from "../content-error.ts";
import { describeBudget, measurePages } from "../page-budget.ts";
import { buildSite } from "./build-site.ts";

const root = path.resolve(import.meta.dirname, "..", "..");
try {
  const summary = await buildSite({ root });
  const kilobytes = (summary.bytes / 1024).toFixed(0);
  const [heaviest] = await measurePages(path.join(root, "_site"));
  console.log(
    `Built ${summary.pages} pages, ${summary.files} files, ${kilobytes} KiB in ${(summary.milliseconds / 1000).toFixed(2)} s → _site/; ${describeBudget(heaviest)}`,
  );
} catch (error) {
  if (!(error instanceof ContentError)) throw error;
  console.error(error.message);
  console.error("\nNothing was published: _site/ still holds the previous build.");
  process.exitCode = 1;
}
