// Worker thread of the precompiled `npm run build`: loads every article and data file, posts the result back
// (see src/prefetch-build-data.ts).
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { loadBuildData, projectPaths } from "../build-data.ts";
import { ContentError } from "../content-error.ts";
import { describeImageWork } from "../image-cache.ts";
import { MinifyCache } from "../minify-cache.ts";
import type { PrefetchMessage } from "../prefetch-build-data.ts";

const paths = projectPaths((workerData as { root: string }).root);
let message: PrefetchMessage;
try {
  // The stylesheet's own minify cache: the main thread's (pages) saves only the entries it used itself.
  const cache = await MinifyCache.open(path.join(paths.cacheDir, "minified-css.json"));
  const onImageEncode = (file: string, report: { encoded: number; cached: number }) => console.log(describeImageWork(file, report));
  const data = await loadBuildData(paths, false, { onImageEncode, minifyCache: cache });
  await cache.save();
  message = { ok: true, data };
} catch (error) {
  message =
    error instanceof ContentError
      ? { ok: false, problems: error.problems }
      : { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
parentPort?.postMessage(message);
