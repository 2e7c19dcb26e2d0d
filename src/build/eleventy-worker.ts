// The thread src/build/eleventy-thread.ts starts: imports Eleventy at once, then renders the pages in
// src/render/pages/ into the staging folder from the global data and templates the main thread sends.
import { parentPort, workerData } from "node:worker_threads";
import { MinifiedTemplateLoader } from "../render/template-environment.ts";
import { configureEleventy, type EleventyConfig } from "./eleventy-config.ts";
import { describeError, type EleventyInputs, type EleventyMessage, type EleventyTask } from "./eleventy-thread.ts";
import { projectPaths } from "./project-paths.ts";

const port = parentPort;
if (port === null) throw new Error("src/build/eleventy-worker.ts runs only as a worker thread (src/build/eleventy-thread.ts)");
const post = (message: EleventyMessage) => port.postMessage(message);
const task = workerData as EleventyTask;
const inputs = new Promise<EleventyInputs>((resolve) => port.once("message", resolve));
try {
  const paths = projectPaths(task.root);
  const { default: Eleventy } = await import("@11ty/eleventy");
  const eleventy = new Eleventy(paths.pagesDir, task.outputDir, {
    quietMode: true,
    config: (eleventyConfig) => {
      const source = { globals: async () => (await inputs).globals, templates: async () => (await inputs).templates };
      configureEleventy(eleventyConfig as EleventyConfig, paths, source, new MinifiedTemplateLoader());
    },
  });
  // Eleventy would print its own log of a failure (with a stack trace): the build prints one block.
  eleventy.disableLogger();
  await eleventy.write();
  post({ type: "written" });
} catch (error) {
  post({ type: "failed", error: describeError(error) });
}
port.close();
