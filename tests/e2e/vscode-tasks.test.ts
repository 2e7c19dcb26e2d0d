// .vscode/tasks.json turns `npm run check` output into squiggles; its pattern must keep reading what the check prints.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { formatProblem } from "../../src/content/content-error.ts";
import { articleText, makeContentDir, VALID_FRONT_MATTER } from "../helpers/fixture-site.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

interface Matcher {
  readonly pattern: {
    readonly regexp: string;
    readonly file: number;
    readonly line: number;
    readonly code: number;
    readonly message: number;
  };
  readonly background?: { readonly beginsPattern: string; readonly endsPattern: string };
}

async function matchers(): Promise<Matcher[]> {
  const text = await readFile(path.join(ROOT, ".vscode", "tasks.json"), "utf8");
  const tasks = JSON.parse(text.replace(/^\s*\/\/.*$/gm, "")).tasks as { problemMatcher: Matcher }[];
  return tasks.map((task) => task.problemMatcher);
}

describe(".vscode/tasks.json", () => {
  it("reads file, line, field and message from every problem line the check prints", async () => {
    const problems = [
      { file: "content/articles/my story.md", line: 4, field: "date", message: "is not a real calendar date", hint: "write it" },
      { file: "content/_data/donation.json", field: "goal", message: "must be a number: 5000" },
      { file: "content/articles/a.md", field: "image.src", message: "the image file does not exist (images/x.jpg)", line: 12 },
    ];
    for (const matcher of await matchers()) {
      const regexp = new RegExp(matcher.pattern.regexp);
      for (const problem of problems) {
        const [first] = formatProblem(problem).split("\n");
        const match = regexp.exec(first ?? "");
        assert.ok(match, first);
        assert.equal(match[matcher.pattern.file], problem.file);
        assert.equal(match[matcher.pattern.line], problem.line === undefined ? undefined : String(problem.line));
        assert.equal(match[matcher.pattern.code], problem.field);
        assert.equal(match[matcher.pattern.message], problem.message);
      }
      assert.equal(regexp.exec("    Fix: write the date in quotes"), null, "the hint line is not a second problem");
    }
  });

  it("the watch task's markers match what `npm run check -- --watch` prints, and it checks again after a save", {
    timeout: 120_000,
  }, async () => {
    const background = (await matchers()).find((matcher) => matcher.background)?.background;
    assert.ok(background);
    const contentDir = await makeContentDir([
      { file: "articles/story.md", text: articleText({ ...VALID_FRONT_MATTER, image: { src: "x.jpg", alt: "x" } }) },
    ]);
    const article = path.join(contentDir, "articles", "story.md");
    const { image: _image, ...withoutImage } = VALID_FRONT_MATTER;
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/check.ts", "--watch"], {
      cwd: ROOT,
      env: { ...process.env, NEWSROOM_CONTENT_DIR: contentDir, NEWSROOM_CACHE_DIR: `${contentDir}-cache` },
    });
    let output = "";
    const waitFor = (pattern: RegExp, from: number) =>
      new Promise<number>((resolve) => {
        const look = () => {
          const found = pattern.exec(output.slice(from));
          if (found) resolve(from + found.index + found[0].length);
          else setTimeout(look, 50);
        };
        look();
      });
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    try {
      let position = await waitFor(new RegExp(background.beginsPattern, "m"), 0);
      position = await waitFor(/image\.src: the image file does not exist/, position);
      position = await waitFor(new RegExp(background.endsPattern, "m"), position);
      await writeFile(article, articleText(withoutImage));
      position = await waitFor(new RegExp(background.beginsPattern, "m"), position);
      position = await waitFor(/Checked 1 article in [\d.]+ s: no problems/, position);
      await waitFor(new RegExp(background.endsPattern, "m"), position);
    } finally {
      child.kill();
      await rm(contentDir, { recursive: true, force: true });
      await rm(`${contentDir}-cache`, { recursive: true, force: true });
    }
  });
});
