// The two trees the benchmark compares: this checkout ("now") and a git worktree of an earlier commit ("previous",
// default 14824e8, the commit before issues 12 and 13), each driven only through its own package.json scripts.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { ROOT, WORK } from "./fixtures.ts";

export interface Tree {
  readonly name: "previous" | "now";
  readonly dir: string;
  /** The commit, abbreviated; for "now", HEAD plus "+changes" when the checkout has uncommitted ones. */
  readonly commit: string;
  readonly scripts: Readonly<Record<string, string>>;
}

export const DEFAULT_BASE = "14824e8";

const git = (...args: string[]) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
const progress = (message: string) => process.stderr.write(`${message}\n`);

async function scriptsOf(dir: string): Promise<Record<string, string>> {
  return (JSON.parse(await readFile(path.join(dir, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
}

export async function currentTree(): Promise<Tree> {
  const dirty = git("status", "--porcelain", "--untracked-files=no") !== "";
  return {
    name: "now",
    dir: ROOT,
    commit: `${git("rev-parse", "--short", "HEAD")}${dirty ? "+changes" : ""}`,
    scripts: await scriptsOf(ROOT),
  };
}

/**
 * A worktree of `rev` under bench/.work/, made once and reused. Its node_modules is a link to ours when the two
 * package-lock.json files are identical, else its own `npm ci` (redone only when its lockfile changes).
 */
export async function previousTree(rev: string): Promise<Tree> {
  const commit = git("rev-parse", "--verify", `${rev}^{commit}`);
  const dir = path.join(WORK, `tree-${commit.slice(0, 12)}`);
  if (!existsSync(path.join(dir, "package.json"))) {
    progress(`previous: git worktree of ${commit.slice(0, 12)} in ${path.relative(ROOT, dir)}`);
    await rm(dir, { recursive: true, force: true });
    // --force: a worktree once made here and deleted by hand is still registered; git's other worktrees are left alone.
    git("worktree", "add", "--force", "--detach", dir, commit);
  }
  const lock = await readFile(path.join(dir, "package-lock.json"), "utf8");
  const modules = path.join(dir, "node_modules");
  const marker = path.join(dir, ".bench-installed-lock");
  if (lock === (await readFile(path.join(ROOT, "package-lock.json"), "utf8"))) {
    if (!existsSync(modules)) await symlink(path.join(ROOT, "node_modules"), modules, "dir");
  } else if (!existsSync(modules) || (await readFile(marker, "utf8").catch(() => "")) !== lock) {
    progress(`previous: its package-lock.json differs from ours: npm ci in ${path.relative(ROOT, dir)} (once)`);
    await rm(modules, { recursive: true, force: true });
    execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
    await writeFile(marker, lock);
  }
  return { name: "previous", dir, commit: commit.slice(0, 7), scripts: await scriptsOf(dir) };
}
