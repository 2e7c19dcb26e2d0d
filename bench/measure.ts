// The benchmark's instruments: one timed command (wall, CPU and peak memory via GNU time), the dev server's
// edit-to-page latency, and the image bytes a phone downloads.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export interface Sample {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakMegabytes: number;
}

const GNU_TIME = "/usr/bin/time";
export const hasGnuTime = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ["-f", "%e", "true"]).status === 0;

/** Runs a shell command once; fails loudly if it fails, since a failed build's time means nothing. */
export async function timeCommand(command: string, options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Sample> {
  const report = path.join(os.tmpdir(), `newsroom-bench-time-${process.pid}.txt`);
  const argv = hasGnuTime ? [GNU_TIME, "-o", report, "-f", "%e %U %S %M", "sh", "-c", command] : ["sh", "-c", command];
  const started = performance.now();
  const child = spawn(argv[0] ?? "sh", argv.slice(1), { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: "pipe" });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`benchmark command failed (${code}): ${command}\n${output}`);
  if (!hasGnuTime) return { seconds, cpuSeconds: Number.NaN, peakMegabytes: Number.NaN };
  const [wall = "", user = "", system = "", peak = ""] = (await readFile(report, "utf8")).trim().split("\n").at(-1)?.split(" ") ?? [];
  await rm(report, { force: true });
  return { seconds: Number(wall), cpuSeconds: Number(user) + Number(system), peakMegabytes: Number(peak) / 1024 };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** The candidate a browser picks from a `w` srcset: the smallest at least slot × density wide, else the largest. */
export function pickCandidate(srcset: string, slotPixels: number, density: number): string | undefined {
  const candidates = srcset.split(",").map((candidate) => {
    const [url = "", width = ""] = candidate.trim().split(/\s+/);
    return { url, width: Number.parseInt(width, 10) };
  });
  const sorted = candidates.sort((a, b) => a.width - b.width);
  return (sorted.find((candidate) => candidate.width >= slotPixels * density) ?? sorted.at(-1))?.url;
}

/**
 * Bytes of the headline image a phone `cssWidth` px wide downloads from a built page: the first `<source>` (the
 * best format offered; every current phone browser takes AVIF and WebP), the image filling the width.
 */
export async function phoneImageBytes(
  siteDir: string,
  pagePath: string,
  cssWidth: number,
  density: number,
): Promise<{ bytes: number; file: string }> {
  const html = await readFile(path.join(siteDir, pagePath), "utf8");
  const source = /<source\b[^>]*>/.exec(html)?.[0] ?? "";
  const srcset = /srcset="?([^">]+)"?/.exec(source)?.[1] ?? "";
  const url = pickCandidate(srcset, cssWidth, density);
  if (!url) throw new Error(`no <source srcset> in ${pagePath}`);
  const file = path.join(siteDir, decodeURI(new URL(url, "https://site.invalid/").pathname));
  return { bytes: (await stat(file)).size, file: path.basename(file) };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, step = 2): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await check()) return true;
    await sleep(step);
  }
  return false;
}

export interface EditLatency {
  readonly milliseconds: number[];
  readonly imageWork: boolean;
}

/**
 * Starts the dev server, then edits one paragraph of an article `edits` times and measures how long the rebuilt
 * page takes to contain the new words. `imageWork` is true if the server printed any image encoding meanwhile.
 */
export async function measureEditLatency(options: {
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  articleFile: string;
  pageFile: string;
  edits: number;
}): Promise<EditLatency> {
  const server: ChildProcess = spawn("sh", ["-c", options.command], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  server.stdout?.on("data", (chunk: Buffer) => {
    log += chunk;
  });
  server.stderr?.on("data", (chunk: Buffer) => {
    log += chunk;
  });
  const original = await readFile(options.articleFile, "utf8");
  const contains = (text: string) => async () => (await readFile(options.pageFile, "utf8").catch(() => "")).includes(text);
  try {
    if (!(await waitFor(async () => /Server at|Watching/.test(log) && existsSync(options.pageFile), 60_000, 50))) {
      throw new Error(`the dev server did not start:\n${log}`);
    }
    await sleep(1000);
    const logBeforeEdits = log.length;
    const milliseconds: number[] = [];
    for (let edit = 1; edit <= options.edits; edit++) {
      const marker = `benchmarkedit${edit}x${Date.now()}`;
      const started = performance.now();
      await writeFile(options.articleFile, original.replace("Mike Pompeo became the first", `Mike Pompeo ${marker} became the first`));
      if (!(await waitFor(contains(marker), 20_000))) throw new Error(`edit ${edit} never reached ${options.pageFile}:\n${log}`);
      milliseconds.push(performance.now() - started);
      await sleep(700);
    }
    return { milliseconds, imageWork: /Encoding \d+ image/.test(log.slice(logBeforeEdits)) };
  } finally {
    await writeFile(options.articleFile, original);
    // The server's whole process group (sh, node): ours alone, started above.
    if (server.pid && server.exitCode === null) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
    }
  }
}
