#!/bin/sh
# Precompiles the build (src/ and .eleventy.ts) to plain JavaScript in .build/, so `npm run build` pays no
# TypeScript loader: tsx costs ~0.25 s per run, esbuild ~0.05 s. zod, yaml, markdown-it and
# html-minifier-terser are bundled in: loaded from node_modules they are hundreds of small modules, each resolved
# (through Eleventy's module hooks on the main thread: ~0.3 s); the minifier with terser and clean-css loads in
# 0.08 s bundled instead of 0.18 s, and stays in a chunk of its own that only a cache miss imports. Eleventy
# (it reads its own files beside its code) and Nunjucks (one instance with the CLI's) and sharp (native) stay
# external. Shared modules land in shared chunks, so classes such as ContentError stay one class. The banner gives
# bundled CommonJS code the require() an ES module lacks.
set -eu
cd "$(dirname "$0")/.."
# Up to date (nothing it is built from is newer than its output): nothing to do, like make.
if [ -f .build/.eleventy.js ] && [ -z "$(find .eleventy.ts src scripts/compile.sh package-lock.json -newer .build/.eleventy.js -print -quit)" ]; then
  exit 0
fi
exec node_modules/.bin/esbuild .eleventy.ts src/cli/build.ts src/build/load-data-worker.ts \
  --bundle --splitting --format=esm --platform=node --target=node20 \
  --external:@11ty/eleventy --external:nunjucks --external:sharp \
  "--banner:js=import { createRequire as newsroomCreateRequire } from 'node:module'; const require = newsroomCreateRequire(import.meta.url);" \
  --outdir=.build --outbase=. --log-level=warning
