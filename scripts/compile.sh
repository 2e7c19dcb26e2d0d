#!/bin/sh
# Precompiles `npm run build` to plain JavaScript in .build/, so a build pays no TypeScript loader: tsx costs
# ~0.25 s per run, esbuild ~0.05 s. zod, yaml, markdown-it and html-minifier-terser are bundled in: loaded from
# node_modules they are hundreds of small modules, each resolved through Eleventy's module hooks (~0.3 s); the
# minifier stays in a chunk of its own that only a cache miss imports. Eleventy (it reads its own files beside its
# code), Nunjucks (one instance with Eleventy's) and sharp (native) stay external. The banner gives bundled
# CommonJS code the require() an ES module lacks. docs/performance.md has the measurements.
set -eu
cd "$(dirname "$0")/.."
# Up to date (nothing it is built from is newer than its output): nothing to do, like make.
if [ -f .build/src/cli/build.js ] && [ -z "$(find src scripts/compile.sh package-lock.json -newer .build/src/cli/build.js -print -quit)" ]; then
  exit 0
fi
rm -rf .build
exec node_modules/.bin/esbuild src/cli/build.ts \
  --bundle --splitting --format=esm --platform=node --target=node20 \
  --external:@11ty/eleventy --external:nunjucks --external:sharp --external:proper-lockfile \
  "--banner:js=import { createRequire as newsroomCreateRequire } from 'node:module'; const require = newsroomCreateRequire(import.meta.url);" \
  --outdir=.build --outbase=. --log-level=warning
