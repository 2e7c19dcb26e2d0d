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

export interface DevServer {
  /** Everything the server printed so far. */
  readonly log: () => string;
  readonly stop: () => void;
}

/**
 * Starts a dev server (a shell command, in its own process group) and waits until it has written `pageFile`.
 * Call `stop` in a `finally`: it ends that process group, ours alone.
 */
export async function startDevServer(options: {
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  pageFile: string;
}): Promise<DevServer> {
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
  const stop = () => {
    if (server.pid && server.exitCode === null) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
    }
  };
  const started = await waitFor(
    async () => server.exitCode !== null || (/Server at|Watching/.test(log) && existsSync(options.pageFile)),
    120_000,
    50,
  );
  if (!started || server.exitCode !== null) {
    stop();
    throw new Error(`the dev server did not start (${options.command}) or never wrote ${options.pageFile}:\n${log}`);
  }
  await sleep(1000);
  return { log: () => log, stop };
}

/**
 * Appends a paragraph with a new word to an article and returns the milliseconds until the server's rebuilt page
 * contains it. The caller restores the article afterwards.
 */
export async function timeEdit(server: DevServer, articleFile: string, original: string, pageFile: string, edit: number): Promise<number> {
  const marker = `benchmarkedit${edit}x${Date.now()}`;
  const contains = async () => (await readFile(pageFile, "utf8").catch(() => "")).includes(marker);
  const started = performance.now();
  await writeFile(articleFile, `${original.trimEnd()}\n\n${marker}\n`);
  if (!(await waitFor(contains, 30_000))) throw new Error(`edit ${edit} never reached ${pageFile}:\n${server.log()}`);
  const milliseconds = performance.now() - started;
  await sleep(700);
  return milliseconds;
}

/** True when the server printed image encoding in `log` (the part of its log written during the edits). */
export const showsImageWork = (log: string) => /Encoding \d+ image/.test(log);
