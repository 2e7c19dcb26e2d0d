// `npm run bench`: the previous release and this checkout built side by side in one run, interleaved, medians of
// each, with Hugo's reference site and a bare Eleventy start beside them; prints one table and writes it into
// docs/performance.md between its bench markers. A benchmark, not a test: nothing here fails on a time.
// Options: --runs=N (default 5), --edits=N (dev-server edits per tree and archive, default 5),
// --base=REV (the previous release, default 14824e8), --corpus=FILE (default ../shared/corpus/rust-blog.tar.xz),
// --no-write (print only; docs/performance.md is left as it is).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type Fixtures, ROOT, SAMPLE_SLUG, WORK, writeFixtures } from "./fixtures.ts";
import {
  type DevServer,
  hasGnuTime,
  median,
  phoneImageBytes,
  type Sample,
  showsImageWork,
  startDevServer,
  timeCommand,
  timeEdit,
} from "./measure.ts";
import { DEFAULT_CORPUS, type RealArchive, writeRealArchive } from "./real-archive.ts";
import { currentTree, DEFAULT_BASE, previousTree, type Tree } from "./trees.ts";

const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const RUNS = Number(option("runs") ?? 5);
const EDITS = Number(option("edits") ?? 5);
const BASE = option("base") ?? DEFAULT_BASE;
const CORPUS = path.resolve(option("corpus") ?? DEFAULT_CORPUS);
const WRITE = !process.argv.includes("--no-write");
const progress = (message: string) => process.stderr.write(`${message}\n`);

const hugoVersion = spawnSync("hugo", ["version"], { encoding: "utf8" });
const hasHugo = hugoVersion.status === 0;
if (!hasHugo) progress("hugo is not installed: the Hugo column is left empty (Debian: apt-get install hugo).");

interface Scenario {
  readonly name: string;
  readonly cwd: string;
  readonly command: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Run before every timed run: clearing caches is what makes a run cold. */
  readonly prepare?: () => Promise<void>;
}

const out = (name: string) => path.join(WORK, "out", name);
const cache = (name: string) => path.join(WORK, "cache", name);
const clear =
  (...folders: string[]) =>
  async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  };

/**
 * A tree's `npm run build` on a content folder (its own content/ when none). Its cache folder is opaque to us; a
 * cold run removes it and the tree's precompiled `.build/`. The warm scenario of the same input shares its folders.
 */
function build(tree: Tree, input: string, content: string | undefined, cold: boolean): Scenario {
  const folder = `${tree.name}-${input}`;
  const env = {
    NEWSROOM_CACHE_DIR: cache(folder),
    NEWSROOM_OUTPUT_DIR: out(folder),
    ...(content ? { NEWSROOM_CONTENT_DIR: content } : {}),
  };
  return {
    name: `${tree.name}:${input}-${cold ? "cold" : "warm"}`,
    cwd: tree.dir,
    command: tree.scripts["build"] ?? "false",
    env,
    ...(cold ? { prepare: clear(cache(folder), path.join(tree.dir, ".build")) } : {}),
  };
}

function hugo(input: string, site: string, cold: boolean): Scenario {
  const hugoCache = cache(`hugo-${input}`);
  const prepare = cold ? clear(path.join(site, "public"), path.join(site, "resources"), hugoCache) : undefined;
  return {
    name: `hugo:${input}-${cold ? "cold" : "warm"}`,
    cwd: site,
    command: "hugo --quiet",
    env: { HUGO_CACHEDIR: hugoCache },
    ...(prepare ? { prepare } : {}),
  };
}

/** The same build with NEWSROOM_PAGE_WEIGHTS=off: every page gzipped afresh (src/cache/page-weights.ts), for its A/B row. */
function withoutPageWeights(scenario: Scenario): Scenario {
  return { ...scenario, name: `${scenario.name}-no-weights`, env: { ...scenario.env, NEWSROOM_PAGE_WEIGHTS: "off" } };
}

/** The same build with NEWSROOM_DETACHED_DELETE=off: the build deletes the site it replaced before it exits, for its A/B row. */
function withWaitedDelete(scenario: Scenario): Scenario {
  return { ...scenario, name: `${scenario.name}-waited-delete`, env: { ...scenario.env, NEWSROOM_DETACHED_DELETE: "off" } };
}

/** The same build with NEWSROOM_ELEVENTY_THREAD=late: Eleventy's thread started only once the content is loaded, for its A/B row. */
function withLateEleventy(scenario: Scenario): Scenario {
  return { ...scenario, name: `${scenario.name}-late-eleventy`, env: { ...scenario.env, NEWSROOM_ELEVENTY_THREAD: "late" } };
}

/** The same build with NEWSROOM_ENCODE_BUDGET=off: a source's encodes one per core whatever memory they take, for its A/B row. */
function withoutEncodeBudget(scenario: Scenario): Scenario {
  return { ...scenario, name: `${scenario.name}-no-budget`, env: { ...scenario.env, NEWSROOM_ENCODE_BUDGET: "off" } };
}

/**
 * The same build with glibc's allocator as it comes: without the MALLOC_* settings package.json's scripts give the
 * build (docs/performance.md, "Memory with pictures"), for their A/B row.
 */
function withDefaultAllocator(scenario: Scenario): Scenario {
  return {
    ...scenario,
    name: `${scenario.name}-default-malloc`,
    command: scenario.command.replace(/\bMALLOC_\w+=\S+\s+/g, ""),
    // Unset, not inherited: a machine that sets them for every process would compare the settings with themselves.
    env: { ...scenario.env, MALLOC_ARENA_MAX: undefined, MALLOC_MMAP_THRESHOLD_: undefined, GLIBC_TUNABLES: undefined },
  };
}

/** Groups run one after another in each round; inside a group the trees alternate which goes first. */
function plan(trees: readonly Tree[], fixtures: Fixtures, real: RealArchive | undefined): Scenario[][] {
  const both = (input: string, content: string | undefined, cold: boolean) => trees.map((tree) => build(tree, input, content, cold));
  const eleventy = path.join(ROOT, "node_modules", "@11ty", "eleventy", "cmd.cjs");
  const now = trees.find((tree) => tree.name === "now");
  return [
    [...both("sample", undefined, true), ...(hasHugo ? [hugo("sample", fixtures.hugoSample, true)] : [])],
    [...both("sample", undefined, false), ...(hasHugo ? [hugo("sample", fixtures.hugoSample, false)] : [])],
    [{ name: "bare-eleventy", cwd: fixtures.bareProject, command: `node ${eleventy} --input=src --output=_site --quiet` }],
    [...both("text-1000", fixtures.text1000, true), ...(hasHugo ? [hugo("text-1000", fixtures.hugoText1000, true)] : [])],
    [
      ...both("text-1000", fixtures.text1000, false),
      ...(now ? [withoutPageWeights(build(now, "text-1000", fixtures.text1000, false))] : []),
      ...(now ? [withWaitedDelete(build(now, "text-1000", fixtures.text1000, false))] : []),
      ...(now ? [withLateEleventy(build(now, "text-1000", fixtures.text1000, false))] : []),
    ],
    [...both("text-1", fixtures.text1, true), ...(hasHugo ? [hugo("text-1", fixtures.hugoText1, true)] : [])],
    both("text-1", fixtures.text1, false),
    ...(real ? [both("real", real.both, true), both("real", real.both, false)] : []),
    ...(real && now && real.allRefused === 0
      ? [
          [
            build(now, "real-all", real.all, true),
            withDefaultAllocator(build(now, "real-all", real.all, true)),
            withoutEncodeBudget(build(now, "real-all", real.all, true)),
          ],
        ]
      : []),
  ];
}

const load = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");

/** The dev-server command of a tree, on its own port and output folder (flags replaced, or added for Eleventy). */
function devCommand(tree: Tree, port: number, output: string): string {
  let command = tree.scripts["start"] ?? "false";
  for (const [flag, value] of [
    ["port", String(port)],
    ["output", output],
  ] as const) {
    const pattern = new RegExp(`--${flag}=\\S+`);
    if (pattern.test(command)) command = command.replace(pattern, `--${flag}=${value}`);
    else if (command.includes("eleventy")) command = `${command} --${flag}=${value}`;
  }
  return command.includes("eleventy") && !command.includes("--quiet") ? `${command} --quiet` : command;
}

interface EditResult {
  readonly milliseconds: number[];
  readonly imageWork: boolean;
}

/**
 * Both trees' dev servers at once on copies of a content folder (outside the project: Eleventy's watcher ignores
 * what .gitignore lists), then `EDITS` edits to the same article, alternating between the trees.
 */
async function devEdits(trees: readonly Tree[], input: string, content: (tree: Tree) => string, article: string, slug: string) {
  const servers: { tree: Tree; server: DevServer; file: string; page: string; original: string; logStart: number }[] = [];
  const results = new Map<string, EditResult>();
  try {
    for (const [index, tree] of trees.entries()) {
      const copy = path.join(os.tmpdir(), `newsroom-bench-dev-${tree.name}-${input}`);
      await rm(copy, { recursive: true, force: true });
      await cp(content(tree), copy, { recursive: true });
      const output = out(`${tree.name}-dev-${input}`);
      await rm(output, { recursive: true, force: true });
      const page = path.join(output, slug, "index.html");
      progress(`dev server: ${tree.name}, ${input}, starting`);
      const server = await startDevServer({
        command: devCommand(tree, 18431 + index, output),
        cwd: tree.dir,
        env: {
          NEWSROOM_CONTENT_DIR: copy,
          NEWSROOM_CACHE_DIR: cache(`${tree.name}-${input}`),
          NEWSROOM_OUTPUT_DIR: output,
          PORT: String(18431 + index),
        },
        pageFile: page,
      });
      const file = path.join(copy, article);
      servers.push({ tree, server, file, page, original: await readFile(file, "utf8"), logStart: server.log().length });
    }
    const times = new Map<string, number[]>(servers.map(({ tree }) => [tree.name, []]));
    for (let edit = 1; edit <= EDITS; edit++) {
      const order = edit % 2 ? servers : [...servers].reverse();
      for (const { tree, server, file, page, original } of order) {
        const milliseconds = await timeEdit(server, file, original, page, edit);
        times.get(tree.name)?.push(milliseconds);
        progress(`dev server: ${tree.name}, ${input}, edit ${edit}/${EDITS}: ${milliseconds.toFixed(0)} ms`);
      }
    }
    for (const { tree, server, logStart } of servers) {
      results.set(tree.name, { milliseconds: times.get(tree.name) ?? [], imageWork: showsImageWork(server.log().slice(logStart)) });
    }
  } finally {
    for (const { server, file, original } of servers) {
      server.stop();
      await writeFile(file, original);
    }
  }
  return results;
}

// ---- Setup: the trees, the inputs. ----
const trees = [await previousTree(BASE), await currentTree()] as const;
const [previous, now] = trees;
const machine = `${os.cpus()[0]?.model ?? "unknown CPU"} × ${os.availableParallelism()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}${hasHugo ? `, ${hugoVersion.stdout.trim().split(" ").slice(0, 2).join(" ")}` : ""}`;
const loadBefore = load();
progress(`Machine: ${machine}; load average ${loadBefore}`);
progress(`previous: ${previous.commit} (${path.relative(ROOT, previous.dir)}), now: ${now.commit}; ${RUNS} interleaved runs`);
await mkdir(WORK, { recursive: true });
const fixtures = await writeFixtures();
let real: RealArchive | undefined;
if (existsSync(CORPUS)) real = await writeRealArchive(CORPUS, trees, now);
else progress(`${CORPUS} is missing: the real-archive rows are left out (--corpus=FILE names another copy).`);

/**
 * Waits until a build's output folder has nothing beside it. Both trees delete the site a build replaced in a
 * detached process, which would otherwise run into the next timed build (of either tree); its time is not the
 * build's, which ends when `npm run build` exits, as it does for a user. Gives up after a minute.
 */
async function settled(output: string | undefined): Promise<void> {
  if (output === undefined) return;
  const prefix = `${path.basename(output)}.`;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    const left = (await readdir(path.dirname(output)).catch(() => [] as string[])).filter((name) => name.startsWith(prefix));
    if (left.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// ---- Builds: every scenario once per round, rounds repeated, medians. ----
const groups = plan(trees, fixtures, real);
const samples = new Map<string, Sample[]>(groups.flat().map((scenario) => [scenario.name, []]));
const started = performance.now();
for (let run = 1; run <= RUNS; run++) {
  for (const group of groups) {
    for (const scenario of run % 2 ? group : [...group].reverse()) {
      await scenario.prepare?.();
      const sample = await timeCommand(scenario.command, { cwd: scenario.cwd, ...(scenario.env ? { env: scenario.env } : {}) });
      await settled(scenario.env?.["NEWSROOM_OUTPUT_DIR"]);
      samples.get(scenario.name)?.push(sample);
      progress(`run ${run}/${RUNS}: ${scenario.name} ${sample.seconds.toFixed(2)} s, ${sample.peakMegabytes.toFixed(0)} MB`);
    }
  }
  progress(`run ${run}/${RUNS} done (${((performance.now() - started) / 60_000).toFixed(1)} min)`);
}

// ---- Dev server: both trees, the sample and the real archive. ----
const sampleArticle = path.join("articles", `${SAMPLE_SLUG}.md`);
const sampleEdits = await devEdits(trees, "sample", (tree) => path.join(tree.dir, "content"), sampleArticle, SAMPLE_SLUG);
const realEdits = real ? await devEdits(trees, "real", () => real.both, real.editFile, real.editSlug) : undefined;

// ---- The table. ----
const values = (name: string, pick: (sample: Sample) => number) => (samples.get(name) ?? []).map(pick);
const seconds = (name: string) => median(values(name, (sample) => sample.seconds));
const cpu = (name: string) => median(values(name, (sample) => sample.cpuSeconds));
const peak = (name: string) => Math.max(...values(name, (sample) => sample.peakMegabytes));
const finite = (value: number | undefined): value is number => value !== undefined && Number.isFinite(value);
const s = (value: number | undefined) => (finite(value) ? `${value.toFixed(2)} s` : "–");
const ms = (value: number | undefined) => (finite(value) ? `${value.toFixed(0)} ms` : "–");
const mb = (value: number | undefined) => (finite(value) ? `${value.toFixed(0)} MB` : "–");
const times = (value: number | undefined) => (finite(value) ? `${value.toFixed(2)}×` : "–");
const kb = (bytes: number | undefined) => (bytes === undefined ? "–" : `${(bytes / 1024).toFixed(1)} KiB`);
const perArticle = (tree: string, suffix: string) =>
  ((seconds(`${tree}:text-1000-${suffix}`) - seconds(`${tree}:text-1-${suffix}`)) / 999) * 1000;

type Row = [measure: string, previous: string, now: string, ratio: string, hugo: string, target: string];
/** A row of two trees' numbers: both formatted, and now/previous from the same numbers. */
const compare = (
  measure: string,
  of: (tree: string) => number,
  format: (value: number) => string,
  hugoCell: string,
  target: string,
): Row => [measure, format(of("previous")), format(of("now")), times(of("now") / of("previous")), hugoCell, target];
const timed = (measure: string, scenario: string, hugoScenario: string | undefined, target: string): Row =>
  compare(measure, (tree) => seconds(`${tree}:${scenario}`), s, hugoScenario && hasHugo ? s(seconds(`hugo:${hugoScenario}`)) : "", target);
const memory = (measure: string, scenario: string, hugoScenario: string | undefined, target: string): Row =>
  compare(measure, (tree) => peak(`${tree}:${scenario}`), mb, hugoScenario && hasHugo ? mb(peak(`hugo:${hugoScenario}`)) : "", target);
const edited = (measure: string, edits: Map<string, EditResult> | undefined, target: string): Row =>
  compare(measure, (tree) => median(edits?.get(tree)?.milliseconds ?? []), ms, "", target);

const page = path.join(SAMPLE_SLUG, "index.html");
const phone3x = async (site: string) => (await phoneImageBytes(site, page, 390, 3).catch(() => undefined))?.bytes;
const phone = {
  previous: await phone3x(out("previous-sample")),
  now: await phone3x(out("now-sample")),
  hugo: hasHugo ? await phone3x(path.join(fixtures.hugoSample, "public")) : undefined,
};
const realPosts = real ? `${real.accepted} real posts ×→ 1000` : "";
/** The A/B row of one piece of machinery kept for speed: the warm 1000-article build with it switched off. */
const switchedOff = (what: string, scenario: string): Row => [
  `now only: 1000 text articles, warm, ${what}`,
  "",
  s(seconds(scenario)),
  `${times(seconds("now:text-1000-warm") / seconds(scenario))} of it with`,
  "",
  "gain > 5% or remove",
];
/** The A/B row of one memory setting: all converted posts with their pictures, built cold without it. */
const withoutOnAllPictures = (what: string, scenario: string): Row => [
  `now only: the same, ${what}`,
  "",
  `${s(seconds(scenario))}, ${mb(peak(scenario))}`,
  `${times(seconds("now:real-all-cold") / seconds(scenario))} the time, ${times(peak("now:real-all-cold") / peak(scenario))} the memory with`,
  "",
  "",
];
const rows: Row[] = [
  ["measure", `previous (${previous.commit})`, `now (${now.commit})`, "now/previous", "Hugo", "target"],
  timed("sample, cold build", "sample-cold", "sample-cold", "≤ 1.10× previous"),
  timed("sample, warm build", "sample-warm", "sample-warm", "≤ 1.10× previous"),
  compare("sample warm ÷ bare Eleventy start", (tree) => seconds(`${tree}:sample-warm`) / seconds("bare-eleventy"), times, "", "≤ 1.3×"),
  edited("dev server: sample edit → page", sampleEdits, "≤ 1.10× previous, < 200 ms"),
  timed("1000 text articles, cold", "text-1000-cold", "text-1000-cold", "≤ 1.20× previous"),
  timed("1000 text articles, warm", "text-1000-warm", hasHugo ? "text-1000-cold" : undefined, "≤ 1.20× previous"),
  switchedOff("every page gzipped afresh (NEWSROOM_PAGE_WEIGHTS=off)", "now:text-1000-warm-no-weights"),
  switchedOff("the replaced site deleted before the build exits (NEWSROOM_DETACHED_DELETE=off)", "now:text-1000-warm-waited-delete"),
  switchedOff(
    "Eleventy's thread started once the content is loaded, not first (NEWSROOM_ELEVENTY_THREAD=late)",
    "now:text-1000-warm-late-eleventy",
  ),
  compare(
    "per extra article, cold",
    (tree) => perArticle(tree, "cold"),
    (value) => `${value.toFixed(1)} ms`,
    hasHugo ? `${perArticle("hugo", "cold").toFixed(1)} ms` : "",
    "≤ 2 ms",
  ),
  compare(
    "per extra article, warm",
    (tree) => perArticle(tree, "warm"),
    (value) => `${value.toFixed(1)} ms`,
    "",
    "≤ 2 ms",
  ),
  ...(real
    ? [
        timed(`real archive (${realPosts}), cold`, "real-cold", undefined, "≤ 1.20× previous"),
        timed(`real archive (${realPosts}), warm`, "real-warm", undefined, "≤ 1.20× previous"),
        compare(`CPU time, real archive cold`, (tree) => cpu(`${tree}:real-cold`), s, "", ""),
        memory("peak memory, real archive cold", "real-cold", undefined, "≤ 400 MB"),
        memory("peak memory, real archive warm", "real-warm", undefined, "≤ 400 MB"),
        edited(`dev server: real archive edit → page`, realEdits, "< 200 ms"),
        [
          `now only: all ${real.converted} converted posts, pictures included, ×→ 1000, cold`,
          "",
          real.allRefused === 0
            ? `${s(seconds("now:real-all-cold"))}, ${mb(peak("now:real-all-cold"))}`
            : `refuses ${real.allRefused} posts`,
          "",
          "",
          "≤ 400 MB",
        ] satisfies Row,
        ...(real.allRefused === 0
          ? [
              withoutOnAllPictures("with glibc's default allocator (no MALLOC_* settings)", "now:real-all-cold-default-malloc"),
              withoutOnAllPictures(
                "a source's encodes one per core whatever memory they take (NEWSROOM_ENCODE_BUDGET=off)",
                "now:real-all-cold-no-budget",
              ),
            ]
          : []),
      ]
    : []),
  memory("peak memory, 1000 text articles cold", "text-1000-cold", "text-1000-cold", "≤ 400 MB"),
  memory("peak memory, sample cold", "sample-cold", "sample-cold", ""),
  [
    "image bytes, 390 px phone @3x",
    kb(phone.previous),
    kb(phone.now),
    times(finite(phone.now) && finite(phone.previous) ? phone.now / phone.previous : undefined),
    hasHugo ? `WebP ${kb(phone.hugo)}` : "",
    "",
  ],
];

const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
const line = (row: readonly string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
const table = [line(rows[0] ?? []), `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`, ...rows.slice(1).map(line)].join("\n");
const editRuns = (edits: Map<string, EditResult> | undefined, tree: string) =>
  `${(edits?.get(tree)?.milliseconds ?? []).map((value) => value.toFixed(0)).join(", ")} ms${edits?.get(tree)?.imageWork ? ", with image work" : ", no image work"}`;
const notes = [
  'The previous release starts Node without the MALLOC_* allocator settings now\'s scripts give it ("Memory with pictures" below): now/previous on memory measures them as well as the code; the rows on all converted posts measure them alone.',
  `Dev-server edits, each run: sample, previous ${editRuns(sampleEdits, "previous")}; now ${editRuns(sampleEdits, "now")}.`,
  ...(real
    ? [
        `Real archive, each run: previous ${editRuns(realEdits, "previous")}; now ${editRuns(realEdits, "now")}.`,
        `Real archive: ${real.converted} posts converted by scripts/import-zola.ts, ${real.bodyEdits} edits in ${real.postsEdited} bodies where our build refuses them as written; ` +
          `${real.droppedForPictures} left out for pictures in the text, ` +
          `${real.refused.length} more refused by either tree (${real.refused.map((file) => path.basename(file)).join(", ") || "none"}); ` +
          `the ${real.accepted} left repeated under new slugs to 1000; the dev-server edit goes to ${path.basename(real.editFile)} (a post of median length).`,
      ]
    : []),
];
const date = new Date()
  .toISOString()
  .replace(/:\d\d\.\d+Z$/, " UTC")
  .replace("T", " ");
const loadAfter = load();
const report = [
  `\`npm run bench -- --runs=${RUNS} --edits=${EDITS}${BASE === DEFAULT_BASE ? "" : ` --base=${BASE}`}\`, ${date}: previous ${previous.commit} against now ${now.commit}, ` +
    `medians of ${RUNS} interleaved run${RUNS === 1 ? "" : "s"} (builds) and ${EDITS} alternating edits (dev server); peak memory is the largest of the runs` +
    `${hasGnuTime ? "" : " (no GNU time here: not measured)"}.`,
  `Machine: ${machine}. Load average ${loadBefore} before, ${loadAfter} after.`,
  "",
  table,
  "",
  ...notes,
].join("\n");
console.log(`\n${report}`);

if (WRITE) {
  const docs = path.join(ROOT, "docs", "performance.md");
  const text = await readFile(docs, "utf8");
  const [begin, end] = ["<!-- bench:begin (written by npm run bench) -->", "<!-- bench:end -->"];
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < from) progress(`docs/performance.md has no ${begin} … ${end} section: not written.`);
  else {
    await writeFile(docs, `${text.slice(0, from + begin.length)}\n${report}\n${text.slice(to)}`);
    progress("docs/performance.md: results written");
  }
}
