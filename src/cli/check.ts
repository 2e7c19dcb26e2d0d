// `npm run check`: validates every article, image, link and data file the way the build does, without building
// or encoding images, so it is quick enough to run on every save. Exits 1 naming each file to fix.
import path from "node:path";
import { loadBuildData, projectPaths } from "../build-data.ts";
import { ContentError, formatProblem } from "../content-error.ts";

const started = performance.now();
const root = path.resolve(import.meta.dirname, "..", "..");
const seconds = () => `${((performance.now() - started) / 1000).toFixed(2)} s`;
try {
  // Drafts included: they are checked now so they are ready to publish later.
  const { articles } = await loadBuildData(projectPaths(root), true, { encodeImages: false });
  const drafts = articles.filter((article) => article.draft);
  const draftNote = drafts.length === 0 ? "" : ` (${drafts.length} ${drafts.length === 1 ? "draft" : "drafts"}, not published)`;
  console.log(`Checked ${articles.length} ${articles.length === 1 ? "article" : "articles"}${draftNote} in ${seconds()}: no problems.`);
  for (const draft of drafts) console.log(`  draft: ${draft.sourceFile}`);
} catch (error) {
  if (!(error instanceof ContentError)) throw error;
  const files = [...new Set(error.problems.map((problem) => problem.file))];
  const count = error.problems.length === 1 ? "1 problem" : `${error.problems.length} problems`;
  console.error(`${count} in ${files.length === 1 ? "1 file" : `${files.length} files`} (checked in ${seconds()}):`);
  console.error(error.problems.map(formatProblem).join("\n"));
  console.error(`\nFix ${files.join(", ")}, then run npm run check again.`);
  process.exitCode = 1;
}
