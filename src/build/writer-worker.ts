// The thread src/build/writer-thread.ts starts: writes each file it is sent under the folder it was started with,
// and gzips the HTML pages it is asked to weigh, one request after another, answering each.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { gzipSync } from "node:zlib";
import { describeError } from "./threads.ts";
import type { WriteReply, WriteRequest } from "./writer-thread.ts";

const port = parentPort;
if (port === null) throw new Error("src/build/writer-worker.ts runs only as a worker thread (src/build/writer-thread.ts)");
const outputDir = workerData as string;
/** Folders made already: a page's folder is made once. */
const made = new Set<string>();
port.on("message", ({ id, page, bytes, weigh }: WriteRequest) => {
  let reply: WriteReply;
  try {
    const file = path.join(outputDir, page);
    const folder = path.dirname(file);
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    writeFileSync(file, bytes);
    reply = { id, gzipBytes: weigh ? gzipSync(bytes).length : 0 };
  } catch (error) {
    reply = { id, error: describeError(error) };
  }
  port.postMessage(reply);
});
