// Eleventy's configuration for its own command line, which `npm start` runs (--serve, into _preview/): Eleventy
// drives each build (src/build/eleventy-builds.ts), given a context of its own. See docs/architecture.md.
import { createBuildContext } from "./src/build/build-context.ts";
import { configureEleventyBuilds } from "./src/build/eleventy-builds.ts";
import type { EleventyConfig } from "./src/build/eleventy-config.ts";
import { findProjectRoot } from "./src/build/project-paths.ts";

export default function configure(eleventyConfig: EleventyConfig) {
  const mode = process.env["ELEVENTY_RUN_MODE"] === "build" ? "build" : "serve";
  configureEleventyBuilds(eleventyConfig, createBuildContext({ root: findProjectRoot(import.meta.dirname), mode }));
  return { dir: { input: "src/render/pages", includes: "../layouts", data: "_data" } };
}
