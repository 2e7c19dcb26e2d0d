// Faults injected into the real `npm run build` (package.json's script, in its own process): damaged cache entries,
// read-only cache and output folders (read-only bind mounts), a full disk (a small tmpfs), kill -9 at several
// moments of a build, and builds running at once. After each, the output folder is either the previous site byte
// for byte or the complete new one, the exit code says which, and nothing is left beside it.
// Mounting needs root: without it those tests skip with a line saying so.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, truncate, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { articleText, makeContentDir, makePhoto, namesIn, ROOT, snapshotFolder, VALID_FRONT_MATTER } from "../helpers/fixture-site.ts";

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface Folders {
  readonly content: string;
  readonly cache: string;
  readonly output: string;
}

const SCRIPT = (JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as { scripts: { build: string } }).scripts.build;

/** Starts `npm run build` in its own process group, so the build and its children can be killed together. */
function startBuild(folders: Folders) {
  const env = {
    ...process.env,
    NEWSROOM_CONTENT_DIR: folders.content,
    NEWSROOM_CACHE_DIR: folders.cache,
    NEWSROOM_OUTPUT_DIR: folders.output,
  };
  const child = spawn("sh", ["-c", SCRIPT], { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const listeners: Array<() => void> = [];
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const listener of listeners) listener();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<Outcome>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  /** Resolves once stdout has shown `text` (or the build has ended). */
  const printed = (text: string) =>
    new Promise<void>((resolve) => {
      listeners.push(() => stdout.includes(text) && resolve());
      void done.then(() => resolve());
    });
  const kill = () => {
    try {
      process.kill(-(child.pid as number), "SIGKILL");
    } catch {
      // Already ended.
    }
  };
  return { done, printed, kill };
}

const build = (folders: Folders) => startBuild(folders).done;

/** Whether this process may mount (root, in a place that allows it): the read-only and full-disk tests need it. */
function mayMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(path.join(os.tmpdir(), "newsroom-mount-probe-"));
  try {
    execFileSync("mount", ["--bind", probe, probe], { stdio: "pipe" });
    execFileSync("umount", [probe], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}
const canMount = mayMount();
const mountSkip = canMount ? false : "needs root where mount works (a read-only bind mount, a tmpfs): run the suite as root to include it";

function mount(...args: string[]) {
  execFileSync("mount", args, { stdio: "pipe" });
}

async function withReadOnly<T>(folder: string, work: () => Promise<T>): Promise<T> {
  mount("--bind", folder, folder);
  try {
    mount("-o", "remount,ro,bind", folder);
    return await work();
  } finally {
    execFileSync("umount", [folder]);
  }
}

const NO_STACK = /\n\s+at /;

describe("faults injected into npm run build", () => {
  const temporary: string[] = [];
  let first: string;
  let second: string;
  let refused: string;
  /** The complete site of each content, built once without faults. */
  let firstSite: Map<string, string>;
  let secondSite: Map<string, string>;

  /** A fresh home for one test: `out/` (the output's parent, holding `site`) and `cache/`. */
  async function home(): Promise<Folders & { readonly parent: string }> {
    const folder = await mkdtemp(path.join(os.tmpdir(), "newsroom-faults-"));
    temporary.push(folder);
    await mkdir(path.join(folder, "out"));
    return {
      content: first,
      cache: path.join(folder, "cache"),
      output: path.join(folder, "out", "site"),
      parent: path.join(folder, "out"),
    };
  }

  async function assertBuilt(outcome: Outcome) {
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.match(outcome.stdout, /Built \d+ pages/);
  }

  /** The output is one of the complete sites, byte for byte, and only it is left in its parent. */
  async function assertSite(folders: Folders & { readonly parent: string }, expected: readonly Map<string, string>[]) {
    const site = await snapshotFolder(folders.output);
    assert.ok(
      expected.some((candidate) => JSON.stringify([...candidate]) === JSON.stringify([...site])),
      `${folders.output} is a complete site, byte for byte (${site.size} files)`,
    );
    // The replaced site is deleted by a detached rm (src/build/build-site.ts), which may outlive the build a moment.
    const deadline = Date.now() + 10_000;
    let names = await namesIn(folders.parent);
    while (names.some((name) => name.startsWith("site.deleting-")) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      names = await namesIn(folders.parent);
    }
    assert.deepEqual(names, ["site"], "no staging, replaced or lock folder is left");
  }

  before(async () => {
    const photo = await makePhoto(1300, 1250);
    const contentWith = (title: string) =>
      makeContentDir([{ file: "articles/story.md", text: articleText({ ...VALID_FRONT_MATTER, title }) }], {
        "articles/images/photo.jpg": photo,
      });
    first = await contentWith("First headline");
    second = await contentWith("Second headline");
    refused = await makeContentDir([{ file: "articles/bad.md", text: articleText({ title: "", author: "A", description: "D" }) }]);
    temporary.push(first, second, refused);
    // Compiled once before any fault, so a killed or concurrent build never races the compiler.
    execFileSync("sh", ["scripts/compile.sh"], { cwd: ROOT });
    const reference = await home();
    await assertBuilt(await build(reference));
    firstSite = await snapshotFolder(reference.output);
    await assertBuilt(await build({ ...reference, content: second }));
    secondSite = await snapshotFolder(reference.output);
    assert.notDeepEqual(firstSite, secondSite);
  });
  after(async () => {
    for (const folder of temporary) await rm(folder, { recursive: true, force: true });
  });

  it("rebuilds the same site from a cache whose every entry is truncated, emptied, overwritten or another entry's", async () => {
    const folders = await home();
    await assertBuilt(await build(folders));
    const entries = (await readdir(folders.cache, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name))
      .sort();
    const stages = new Set(entries.map((file) => path.relative(folders.cache, file).split(path.sep)[0]));
    assert.ok(stages.size >= 3, `the cache holds several kinds of entry: ${[...stages].join(", ")}`);
    for (const [index, file] of entries.entries()) {
      const size = (await stat(file)).size;
      if (index % 4 === 0) await truncate(file, Math.floor(size / 2));
      if (index % 4 === 1) await writeFile(file, "");
      if (index % 4 === 2) await writeFile(file, Buffer.alloc(size, 0x5a));
      if (index % 4 === 3) await copyFile(entries[(index + 1) % entries.length] as string, file);
    }
    const outcome = await build(folders);
    await assertBuilt(outcome);
    assert.doesNotMatch(outcome.stderr, NO_STACK);
    await assertSite(folders, [firstSite]);
  });

  it("builds the complete site with a read-only cache, warning once that nothing is remembered", { skip: mountSkip }, async () => {
    const folders = await home();
    await assertBuilt(await build(folders));
    const outcome = await withReadOnly(folders.cache, () => build({ ...folders, content: second }));
    await assertBuilt(outcome);
    assert.equal(
      `${outcome.stdout}${outcome.stderr}`.match(/Warning: could not write to the cache/g)?.length,
      1,
      `${outcome.stdout}${outcome.stderr}`,
    );
    await assertSite(folders, [secondSite]);
  });

  it("refuses to build onto a read-only output folder, says so in one line, and keeps the previous site", { skip: mountSkip }, async () => {
    const folders = await home();
    await assertBuilt(await build(folders));
    const outcome = await withReadOnly(folders.parent, () => build({ ...folders, content: second }));
    assert.equal(outcome.code, 1);
    assert.match(outcome.stderr, /The build could not write .*: read-only file system \(EROFS\)\./);
    assert.match(outcome.stderr, /Nothing was published: .*site\/ still holds the previous build\./);
    assert.doesNotMatch(outcome.stderr, NO_STACK);
    await assertSite(folders, [firstSite]);
  });

  it("keeps the previous site on a full disk, says so, and publishes once there is room", { skip: mountSkip }, async () => {
    const folders = await home();
    // Room for one site and half of another: the first build fits, the second cannot stage beside it.
    const pages = (bytes: number) => Math.ceil(bytes / 4096) * 4096;
    const siteBytes = [...firstSite.values()].reduce((total, base64) => total + pages(Buffer.byteLength(base64, "base64")), 0) + 64 * 4096;
    mount("-t", "tmpfs", "-o", `size=${pages(siteBytes * 1.5)}`, "tmpfs", folders.parent);
    try {
      await assertBuilt(await build(folders));
      const full = await build({ ...folders, content: second });
      assert.equal(full.code, 1);
      assert.match(full.stderr, /The build could not write .*: disk full \(ENOSPC\)\./);
      assert.match(full.stderr, /Nothing was published/);
      assert.doesNotMatch(full.stderr, NO_STACK);
      await assertSite(folders, [firstSite]);
      mount("-o", `remount,size=${pages(siteBytes * 3)}`, folders.parent);
      await assertBuilt(await build({ ...folders, content: second }));
      await assertSite(folders, [secondSite]);
    } finally {
      execFileSync("umount", [folders.parent]);
    }
  });

  const moments: ReadonlyArray<readonly [string, (running: ReturnType<typeof startBuild>) => Promise<void>]> = [
    ["at once", async () => {}],
    ["as encoding starts", (running) => running.printed("Encoding")],
    ["after 1 s", () => new Promise((resolve) => setTimeout(resolve, 1000))],
    ["after 2.5 s", () => new Promise((resolve) => setTimeout(resolve, 2500))],
  ];
  for (const [moment, wait] of moments) {
    it(`recovers from a build killed with kill -9 ${moment}: the site stays whole and the next build publishes`, async () => {
      const folders = await home();
      await assertBuilt(await build(folders));
      // A new cache, so the killed build has images to encode.
      const next = { ...folders, content: second, cache: `${folders.cache}-2` };
      const running = startBuild(next);
      await wait(running);
      running.kill();
      await running.done;
      const left = await snapshotFolder(folders.output);
      assert.ok(
        [firstSite, secondSite].some((site) => JSON.stringify([...site]) === JSON.stringify([...left])),
        "the site is whole",
      );
      const outcome = await build(next);
      await assertBuilt(outcome);
      await assertSite(folders, [secondSite]);
    });
  }

  it("restores the previous site that a build killed between its two renames left aside, never a site being deleted", async () => {
    const folders = await home();
    await assertBuilt(await build(folders));
    // The moment between `site → site.previous-*` and `site.building-* → site`: no site, both beside it.
    await mkdir(`${folders.output}.building-0000dead`);
    await writeFile(`${folders.output}.building-0000dead/index.html`, "half");
    await rename(folders.output, `${folders.output}.previous-0000dead`);
    // A site an earlier build's detached rm was still deleting, changed later: never one to put back.
    await mkdir(`${folders.output}.deleting-0000beef`);
    await writeFile(`${folders.output}.deleting-0000beef/index.html`, "half-deleted");
    const outcome = await build({ ...folders, content: refused });
    assert.equal(outcome.code, 1);
    assert.match(outcome.stderr, /Nothing was published: .*site\/ still holds the previous build\./);
    await assertSite(folders, [firstSite]);
  });

  it("runs four builds started at once one after another: each exits 0 and one complete site is left", async () => {
    const folders = await home();
    await assertBuilt(await build(folders));
    const contents = [second, first, second, first];
    const outcomes = await Promise.all(contents.map((content) => build({ ...folders, content, cache: `${folders.cache}-shared` })));
    for (const outcome of outcomes) await assertBuilt(outcome);
    assert.ok(
      outcomes.some((outcome) => outcome.stdout.includes("waiting for it to finish")),
      "later builds waited for the lock",
    );
    await assertSite(folders, [firstSite, secondSite]);
  });

  it("runs four builds started together after a change to src/: none sees a half-compiled build, each publishes", async () => {
    const homes = await Promise.all([home(), home(), home(), home()]);
    // A source newer than the compiled build makes every one of them recompile, all at once.
    const now = new Date();
    await utimes(path.join(ROOT, "src", "cli", "build.ts"), now, now);
    // Started 100 ms apart, so later ones arrive while an earlier one is still compiling.
    const outcomes = await Promise.all(
      homes.map(async (folders, index) => {
        await new Promise((resolve) => setTimeout(resolve, index * 100));
        return build(folders);
      }),
    );
    for (const [index, outcome] of outcomes.entries()) {
      await assertBuilt(outcome);
      await assertSite(homes[index] as Folders & { readonly parent: string }, [firstSite]);
    }
  });
});
