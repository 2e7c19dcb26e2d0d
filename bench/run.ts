// `npm run bench`: our builds against a bare Eleventy start and Hugo's reference site, side by side, medians of
// interleaved runs, printed as one table. A benchmark, not a test: nothing here fails on a time.
// Options: --runs=N (default 5), --edits=N (dev-server edits, default 5).
import { spawnSync } from "node:child_process";
import { mkdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type Fixtures, ROOT, SAMPLE_SLUG, WORK, writeFixtures } from "./fixtures.ts";
import { hasGnuTime, measureEditLatency, median, phoneImageBytes, type Sample, timeCommand } from "./measure.ts";

const argument = (name: string, fallback: number) =>
  Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const RUNS = argument("runs", 5);
const EDITS = argument("edits", 5);

const hugoVersion = spawnSync("hugo", ["version"], { encoding: "utf8" });
const hasHugo = hugoVersion.status === 0;
if (!hasHugo) console.log("hugo is not installed: the Hugo columns are skipped (Debian: apt-get install hugo).");

const scripts = (JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
const BUILD = scripts["build"] ?? "";
const START = scripts["start"] ?? "";

interface Scenario {
  readonly name: string;
  readonly cwd: string;
  readonly command: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Run before every timed run: clearing caches is what makes a run cold. */
  readonly prepare?: () => Promise<void>;
}

/** The command with `--name=value`, replacing the script's own value (Eleventy reads a repeated flag as a list). */
const withFlag = (command: string, name: string, value: string) =>
  new RegExp(`--${name}=\\S+`).test(command)
    ? command.replace(new RegExp(`--${name}=\\S+`), `--${name}=${value}`)
    : `${command} --${name}=${value}`;
const out = (name: string) => path.join(WORK, "out", name);
const cache = (name: string) => path.join(WORK, "cache", name);
const clear =
  (...folders: string[]) =>
  async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  };

function ours(name: string, content: string | undefined, cold: boolean): Scenario {
  const env = {
    NEWSROOM_CACHE_DIR: cache(name),
    NEWSROOM_OUTPUT_DIR: out(name),
    ...(content ? { NEWSROOM_CONTENT_DIR: content } : {}),
  };
  // Cold: our image and minify caches and the precompiled build are all removed (the build recompiles itself).
  return { name, cwd: ROOT, command: BUILD, env, ...(cold ? { prepare: clear(cache(name), path.join(ROOT, ".build")) } : {}) };
}

function hugo(name: string, site: string, cold: boolean): Scenario {
  const hugoCache = cache(name);
  const prepare = cold ? clear(path.join(site, "public"), path.join(site, "resources"), hugoCache) : undefined;
  return { name, cwd: site, command: "hugo --quiet", env: { HUGO_CACHEDIR: hugoCache }, ...(prepare ? { prepare } : {}) };
}

function scenarios(fixtures: Fixtures): Scenario[] {
  const eleventy = path.join(ROOT, "node_modules", "@11ty", "eleventy", "cmd.cjs");
  return [
    ours("ours-cold", undefined, true),
    ...(hasHugo ? [hugo("hugo-cold", fixtures.hugoSample, true)] : []),
    { ...ours("ours-cold", undefined, false), name: "ours-warm" },
    ...(hasHugo ? [{ ...hugo("hugo-cold", fixtures.hugoSample, false), name: "hugo-warm" }] : []),
    { name: "bare-eleventy", cwd: fixtures.bareProject, command: `node ${eleventy} --input=src --output=_site --quiet` },
    ours("ours-text-1000", fixtures.text1000, true),
    ...(hasHugo ? [hugo("hugo-text-1000", fixtures.hugoText1000, true)] : []),
    // Warm: the same build again, its caches (the minified pages) kept.
    { ...ours("ours-text-1000", fixtures.text1000, false), name: "ours-text-1000-warm" },
    ours("ours-text-1", fixtures.text1, true),
    ...(hasHugo ? [hugo("hugo-text-1", fixtures.hugoText1, true)] : []),
    { ...ours("ours-text-1", fixtures.text1, false), name: "ours-text-1-warm" },
  ];
}

const load = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
const machine = `${os.cpus()[0]?.model ?? "unknown CPU"} × ${os.availableParallelism()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}${hasHugo ? `, ${hugoVersion.stdout.trim().split(" ").slice(0, 2).join(" ")}` : ""}`;
console.log(`Machine: ${machine}`);
console.log(
  `Load average before: ${load()}; ${RUNS} interleaved runs of each build${hasGnuTime ? "" : " (no GNU time: memory not measured)"}`,
);

await mkdir(WORK, { recursive: true });
const fixtures = await writeFixtures();
const plan = scenarios(fixtures);
const samples = new Map<string, Sample[]>(plan.map((scenario) => [scenario.name, []]));
for (let run = 1; run <= RUNS; run++) {
  for (const scenario of plan) {
    await scenario.prepare?.();
    const sample = await timeCommand(scenario.command, { cwd: scenario.cwd, ...(scenario.env ? { env: scenario.env } : {}) });
    samples.get(scenario.name)?.push(sample);
  }
  process.stdout.write(`run ${run}/${RUNS} done\n`);
}
const seconds = (name: string) => median((samples.get(name) ?? []).map((sample) => sample.seconds));
const cpu = (name: string) => median((samples.get(name) ?? []).map((sample) => sample.cpuSeconds));
const peak = (name: string) => Math.max(...(samples.get(name) ?? []).map((sample) => sample.peakMegabytes));

const page = path.join(SAMPLE_SLUG, "index.html");
const phone = async (density: number) => ({
  ours: await phoneImageBytes(out("ours-cold"), page, 390, density),
  hugo: hasHugo ? await phoneImageBytes(path.join(fixtures.hugoSample, "public"), page, 390, density) : undefined,
});
const [phone3x, phone2x] = [await phone(3), await phone(2)];

// Dev server: a warm image cache, a copy of the content (the real article is never touched), its own output folder.
const edits = await measureEditLatency({
  command: `${withFlag(withFlag(START, "port", "18431"), "output", out("dev"))} --quiet`,
  cwd: ROOT,
  env: { NEWSROOM_CONTENT_DIR: fixtures.devContent, NEWSROOM_CACHE_DIR: cache("ours-cold") },
  articleFile: path.join(fixtures.devContent, "articles", `${SAMPLE_SLUG}.md`),
  pageFile: path.join(out("dev"), page),
  edits: EDITS,
});

const s = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)} s` : "–");
const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : "–");
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : "–");
const kb = (bytes: number | undefined) => (bytes === undefined ? "–" : `${(bytes / 1024).toFixed(1)} KiB`);
const fewer = (a: number, b: number | undefined) => (b === undefined ? "–" : `${((1 - a / b) * 100).toFixed(0)}% fewer`);
const perArticle = (name: string, suffix = "") =>
  ((seconds(`${name}-text-1000${suffix}`) - seconds(`${name}-text-1${suffix}`)) / 999) * 1000;
const rows: string[][] = [
  ["measure", "ours", "reference", "ratio", "target"],
  [
    "cold build, sample (s)",
    s(seconds("ours-cold")),
    `Hugo ${s(seconds("hugo-cold"))}`,
    ratio(seconds("ours-cold"), seconds("hugo-cold")),
    "≤ 1.2× Hugo",
  ],
  [
    "warm build, sample (s)",
    s(seconds("ours-warm")),
    `bare Eleventy ${s(seconds("bare-eleventy"))}`,
    ratio(seconds("ours-warm"), seconds("bare-eleventy")),
    "≤ 1.3× bare",
  ],
  ["Hugo warm build (s)", "", s(seconds("hugo-warm")), "", ""],
  [
    "1000 text articles (s)",
    s(seconds("ours-text-1000")),
    `Hugo ${s(seconds("hugo-text-1000"))}`,
    ratio(seconds("ours-text-1000"), seconds("hugo-text-1000")),
    "≤ 2× Hugo",
  ],
  [
    "1000 text articles, warm (s)",
    s(seconds("ours-text-1000-warm")),
    `Hugo ${s(seconds("hugo-text-1000"))}`,
    ratio(seconds("ours-text-1000-warm"), seconds("hugo-text-1000")),
    "≤ 2× Hugo",
  ],
  ["per extra article, cold", ms(perArticle("ours")), `Hugo ${ms(perArticle("hugo"))}`, "", "≤ 2 ms"],
  ["per extra article, warm", ms(perArticle("ours", "-warm")), "", "", "≤ 2 ms"],
  ["peak memory, 1000 articles", `${peak("ours-text-1000").toFixed(0)} MB`, `Hugo ${peak("hugo-text-1000").toFixed(0)} MB`, "", "< 400 MB"],
  ["peak memory, cold sample", `${peak("ours-cold").toFixed(0)} MB`, `Hugo ${peak("hugo-cold").toFixed(0)} MB`, "", ""],
  [
    "CPU time cold / warm (s)",
    `${s(cpu("ours-cold"))} / ${s(cpu("ours-warm"))}`,
    `Hugo ${s(cpu("hugo-cold"))} / ${s(cpu("hugo-warm"))}`,
    "",
    "",
  ],
  [
    "image bytes, 390 px phone @3x",
    `${kb(phone3x.ours.bytes)} (${phone3x.ours.file.split("-").at(-1)})`,
    `Hugo WebP ${kb(phone3x.hugo?.bytes)}`,
    fewer(phone3x.ours.bytes, phone3x.hugo?.bytes),
    "≥ 35% fewer",
  ],
  [
    "image bytes, 390 px phone @2x",
    `${kb(phone2x.ours.bytes)} (${phone2x.ours.file.split("-").at(-1)})`,
    `Hugo WebP ${kb(phone2x.hugo?.bytes)}`,
    fewer(phone2x.ours.bytes, phone2x.hugo?.bytes),
    "",
  ],
  [
    "dev server: text edit → page",
    ms(median(edits.milliseconds)),
    `runs ${edits.milliseconds.map((value) => value.toFixed(0)).join(", ")} ms`,
    edits.imageWork ? "image work!" : "no image work",
    "< 200 ms",
  ],
];
const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
console.log(`\n${line(rows[0] ?? [])}\n|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
for (const row of rows.slice(1)) console.log(line(row));
console.log(`\nMedians of ${RUNS} interleaved runs. Load average after: ${load()}.`);
