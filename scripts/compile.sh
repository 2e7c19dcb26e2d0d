#!/bin/sh
# Precompiles the build (src/ and .eleventy.ts) to plain JavaScript in .build/, so `npm run build` pays no
# TypeScript loader: tsx costs ~0.25 s per run, esbuild ~0.05 s. zod, yaml, js-yaml and markdown-it are bundled in:
# loaded from node_modules they are hundreds of small modules, each resolved through Eleventy's module hooks
# (~0.3 s). Eleventy and Nunjucks (one instance with the CLI's), sharp (native) and html-minifier-terser (loaded lazily) stay
# external. Shared modules land in shared chunks, so classes such as ContentError stay one class. The banner gives
# bundled CommonJS code the require() an ES module lacks.
set -eu
cd "$(dirname "$0")/.."
# Up to date (nothing it is built from is newer than its output): nothing to do, like make.
if [ -f .build/.eleventy.js ] && [ -z "$(find .eleventy.ts src scripts/compile.sh package-lock.json -newer .build/.eleventy.js -print -quit)" ]; then
  exit 0
fi
exec node_modules/.bin/esbuild .eleventy.ts src/cli/build.ts src/cli/load-data-worker.ts \
  --bundle --splitting --format=esm --platform=node --target=node20 \
  --external:@11ty/eleventy --external:nunjucks --external:sharp --external:html-minifier-terser \
  "--banner:js=import { createRequire as newsroomCreateRequire } from 'node:module'; const require = newsroomCreateRequire(import.meta.url);" \
  --outdir=.build --outbase=. --log-level=warning
