// `npm run check`: validates every article, image, link and data file the way the build does, without building
// or encoding images, so it is quick enough to run on every save. Exits 1 naming each file to fix.
// `npm run check -- --watch` checks again whenever something in content/ changes (VS Code runs it as a task).
import { watch } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { projectPaths } from "../build/project-paths.ts";
import { ContentError, formatProblem } from "../content/content-error.ts";
import { escapeForTerminal } from "../content/control-characters.ts";
import { loadBuildData } from "../render/build-data.ts";

const root = path.resolve(import.meta.dirname, "..", "..");
const paths = projectPaths(root);
const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;

/** One full check; prints the outcome and returns whether the content is fit to publish. */
async function check(): Promise<boolean> {
  const started = performance.now();
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(2)} s`;
  try {
    // Drafts included: they are checked now so they are ready to publish later.
    const { articles } = await loadBuildData(paths, { includeDrafts: true, encodeImages: false });
    const drafts = articles.filter((article) => article.draft);
    const draftNote = drafts.length === 0 ? "" : ` (${plural(drafts.length, "draft")}, not published)`;
    console.log(`Checked ${plural(articles.length, "article")}${draftNote} in ${seconds()}: no problems.`);
    for (const draft of drafts) console.log(`  draft: ${escapeForTerminal(draft.sourceFile)}`);
    return true;
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    const files = [...new Set(error.problems.map((problem) => problem.file))];
    console.error(`${plural(error.problems.length, "problem")} in ${plural(files.length, "file")} (checked in ${seconds()}):`);
    console.error(error.problems.map(formatProblem).join("\n"));
    console.error(escapeForTerminal(`\nFix ${files.join(", ")}, then run npm run check again.`));
    return false;
  }
}

const { values } = parseArgs({ options: { watch: { type: "boolean", default: false } } });
if (!values.watch) {
  process.exitCode = (await check()) ? 0 : 1;
} else {
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const again = () => {
    console.log("Checking content…");
    running = running.then(async () => {
      await check();
      console.log("Watching content/ for changes (Ctrl+C to stop).");
    });
  };
  again();
  // An editor's save can touch a file several times; one check after the last touch is enough.
  watch(paths.contentDir, { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(again, 150);
  });
}
