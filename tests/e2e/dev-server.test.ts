// `npm start` as editors use it: the package.json script, served over HTTP on 127.0.0.1. A save shows in the page;
// a save with a content problem shows the problem on the page (and keeps the last good text); the next good save
// brings the preview back, with no restart.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { articleText, makeContentDir, ROOT, VALID_FRONT_MATTER } from "../helpers/fixture-site.ts";

const { image: _image, ...TEXT_ONLY } = VALID_FRONT_MATTER;
const PORT = 18_000 + (process.pid % 1000);
const PAGE = `http://127.0.0.1:${PORT}/story/`;

/** The page's HTML once `ready` holds for it, polling for up to 30 s (a rebuild, or the first build). */
async function pageWhen(ready: (html: string) => boolean): Promise<string> {
  let last = "";
  for (const started = Date.now(); Date.now() - started < 30_000; await sleep(100)) {
    last = await fetch(PAGE).then(
      (response) => (response.ok ? response.text() : ""),
      () => "",
    );
    if (ready(last)) return last;
  }
  assert.fail(`the page never became ready; last seen:\n${last.slice(0, 2000)}`);
}

describe("npm start", () => {
  let contentDir: string;
  let server: ChildProcess;
  let output = "";
  const preview = path.join(os.tmpdir(), `newsroom-dev-preview-${process.pid}`);
  const story = () => path.join(contentDir, "articles", "story.md");

  before(async () => {
    contentDir = await makeContentDir([{ file: "articles/story.md", text: articleText({ ...TEXT_ONLY, title: "First words" }) }]);
    const scripts = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")).scripts as Record<string, string>;
    const command = (scripts["start"] ?? "").replace(/--port=\S+/, `--port=${PORT}`).replace(/--output=\S+/, `--output=${preview}`);
    // exec, so that killing the child stops the server itself; after the script's own VAR=value settings, which
    // then apply to the command exec runs.
    const line = command.replace(/^((?:[A-Za-z_]\w*=\S*\s+)*)/, "$1exec ");
    server = spawn("sh", ["-c", line], {
      cwd: ROOT,
      env: { ...process.env, NEWSROOM_CONTENT_DIR: contentDir, NEWSROOM_CACHE_DIR: `${contentDir}-cache` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.on("data", (chunk: Buffer) => {
      output += chunk;
    });
    server.stderr?.on("data", (chunk: Buffer) => {
      output += chunk;
    });
  });

  after(async () => {
    server.kill();
    await Promise.all([contentDir, `${contentDir}-cache`, preview].map((folder) => rm(folder, { recursive: true, force: true })));
  });

  it("shows a save in the page, shows a content problem in the page, and recovers on the next good save", async () => {
    await pageWhen((html) => html.includes("First words"));

    await writeFile(story(), articleText({ ...TEXT_ONLY, title: "Second words" }));
    await pageWhen((html) => html.includes("Second words"));

    // A problem: the page keeps the last good text, with the problem, its file and the fix on top.
    await writeFile(story(), articleText({ ...TEXT_ONLY, title: "" }));
    const broken = await pageWhen((html) => html.includes('role="alert"'));
    assert.match(broken, /story\.md:\d+ → title/);
    assert.match(broken, /Fix: /);
    assert.ok(broken.includes("Second words"), "the last good version stays visible");

    await writeFile(story(), articleText({ ...TEXT_ONLY, title: "Third words" }));
    const fixed = await pageWhen((html) => html.includes("Third words"));
    assert.ok(!fixed.includes('role="alert"'), "the problem is gone once fixed");
    assert.ok(!output.includes("templateRender has not yet initialized"), output);
  });
});
