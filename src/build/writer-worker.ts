// The thread src/build/writer-thread.ts starts: writes each page it is sent under the folder it was started with
// (src/output/page-file.ts), gzipping those it is asked to weigh, one request after another, answering each.
import { parentPort, workerData } from "node:worker_threads";
import { writePageFile } from "../output/page-file.ts";
import { describeError } from "./threads.ts";
import type { WriteReply, WriteRequest } from "./writer-thread.ts";

const port = parentPort;
if (port === null) throw new Error("src/build/writer-worker.ts runs only as a worker thread (src/build/writer-thread.ts)");
const outputDir = workerData as string;
/** Folders made already: the staging folder is new, so each is made once. */
const made = new Set<string>();
port.on("message", ({ id, page, bytes, weigh }: WriteRequest) => {
  let reply: WriteReply;
  try {
    reply = { id, gzipBytes: writePageFile(outputDir, page, bytes, weigh, made) };
  } catch (error) {
    reply = { id, error: describeError(error) };
  }
  port.postMessage(reply);
});
