// src/build/writer-thread.ts: the build's writer thread writes what it is sent under its folder, weighs the pages
// it is asked to, and hands a failed write back with the system's error code.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { startWriterThread, type WriterThread } from "../../src/build/writer-thread.ts";

const WORKER = new URL("../../src/build/writer-worker.ts", import.meta.url);

describe("the writer thread", () => {
  let outputDir: string;
  let writer: WriterThread;
  before(async () => {
    outputDir = await mkdtemp(path.join(os.tmpdir(), "newsroom-writer-"));
    writer = startWriterThread(WORKER, outputDir);
  });
  after(async () => {
    await writer.stop();
    await rm(outputDir, { recursive: true, force: true });
  });

  it("writes each file in its folder, and gives an HTML page's gzipped size when asked to weigh it", async () => {
    const page = Buffer.from(`<!doctype html><p>${"report ".repeat(500)}</p>`);
    const feed = Buffer.from("<feed/>");
    const [weighed, unweighed] = await Promise.all([
      writer.write("world/story/index.html", page, true),
      writer.write("tag/world/feed.xml", feed, false),
    ]);
    assert.equal(weighed, gzipSync(page).length);
    assert.equal(unweighed, 0);
    assert.deepEqual(await readFile(path.join(outputDir, "world/story/index.html")), page);
    assert.deepEqual(await readFile(path.join(outputDir, "tag/world/feed.xml")), feed);
  });

  it("rejects a write that fails with the system's error code, and goes on writing the next", async () => {
    // A file where the page's folder should be.
    await mkdir(path.join(outputDir, "blocked-parent"), { recursive: true });
    await writeFile(path.join(outputDir, "blocked-parent", "blocked"), "not a folder");
    await assert.rejects(
      writer.write("blocked-parent/blocked/index.html", Buffer.from("<p>x</p>"), true),
      (error: NodeJS.ErrnoException) => {
        assert.match(String(error.code), /^(ENOTDIR|EEXIST)$/);
        return true;
      },
    );
    assert.equal(await writer.write("after/index.html", Buffer.from("<p>after</p>"), false), 0);
    assert.equal(await readFile(path.join(outputDir, "after/index.html"), "utf8"), "<p>after</p>");
  });

  // Without its own answer, such a write would never settle: the timeout turns that into a failure.
  it("rejects at once a write sent after the thread has stopped, instead of waiting for ever", { timeout: 10_000 }, async () => {
    const stopped = startWriterThread(WORKER, outputDir);
    await stopped.stop();
    await assert.rejects(stopped.write("late/index.html", Buffer.from("<p>late</p>"), false), /writer thread/);
  });
});
