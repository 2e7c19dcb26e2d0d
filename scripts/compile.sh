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
# Builds running at once must never see a half-written or missing .build: each compile writes a folder of its own,
# then points the .build link at it in one rename (a link over a link). A build already running keeps reading the
# folder it started from (Node resolves the link when it starts), so old folders go only once an hour old.
out=".build-$(date +%s)-$$"
node_modules/.bin/esbuild src/cli/build.ts src/build/eleventy-worker.ts \
  --bundle --splitting --format=esm --platform=node --target=node20 \
  --external:@11ty/eleventy --external:nunjucks --external:sharp --external:proper-lockfile \
  "--banner:js=import { createRequire as newsroomCreateRequire } from 'node:module'; const require = newsroomCreateRequire(import.meta.url);" \
  "--outdir=$out" --outbase=. --log-level=warning
ln -s "$out" "$out.link"
# A real .build folder from before the link: removed once.
if [ -d .build ] && [ ! -L .build ]; then rm -rf .build; fi
node -e 'require("node:fs").renameSync(process.argv[1], ".build")' "$out.link"
find . -maxdepth 1 -name '.build-*' ! -name "$out" -mmin +60 -exec rm -rf {} +
