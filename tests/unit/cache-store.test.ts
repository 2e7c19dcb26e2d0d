// The cache store: what it gives back is exactly what was put under that key, or nothing; it never throws on a
// bad entry or a failed write, and pruning leaves what any build used lately and other processes' writes alone.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { chmod, copyFile, mkdtemp, readdir, readFile, rm, stat, truncate, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type CacheKey, CacheStore } from "../../src/cache/store.ts";

const key = (input: string, changes: Partial<CacheKey> = {}): CacheKey => ({
  stage: "test-stage",
  pipelineVersion: "1",
  packages: { sharp: "0.35.5", libvips: "8.18.7" },
  input,
  ...changes,
});

const HOUR_AGO = new Date(Date.now() - 3_600_000);

describe("CacheStore", () => {
  let folder: string;
  const warnings: string[] = [];
  let store: CacheStore;
  before(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), "newsroom-store-"));
    store = new CacheStore(folder, { warn: (message) => warnings.push(message) });
  });
  after(() => rm(folder, { recursive: true, force: true }));

  it("gives back the bytes put under a key, by get and getSync", async () => {
    const bytes = randomBytes(5000);
    await store.put(key("a"), bytes);
    assert.deepEqual(await store.get(key("a")), bytes);
    assert.deepEqual(store.getSync(key("a")), bytes);
    assert.equal(await store.get(key("never put")), undefined);
    assert.deepEqual(warnings, []);
  });

  it("keys by every named part: another pipeline version or package version is a miss", async () => {
    await store.put(key("parts"), Buffer.from("x"));
    assert.equal(await store.get(key("parts", { pipelineVersion: "2" })), undefined);
    assert.equal(await store.get(key("parts", { packages: { sharp: "0.36.0", libvips: "8.18.7" } })), undefined);
    assert.equal(await store.get(key("parts", { stage: "other-stage" })), undefined);
    // The order packages are named in does not matter.
    assert.deepEqual(await store.get(key("parts", { packages: { libvips: "8.18.7", sharp: "0.35.5" } })), Buffer.from("x"));
  });

  it("treats a truncated, overwritten, emptied or foreign entry as a miss, and a put repairs it", async () => {
    const bytes = randomBytes(2000);
    const damages: Record<string, (file: string) => Promise<void>> = {
      truncated: (file) => truncate(file, 1500),
      "random bytes of the same size": async (file) => writeFile(file, randomBytes((await stat(file)).size)),
      "one payload byte flipped": async (file) => {
        const stored = await readFile(file);
        stored[stored.length - 1] = (stored.at(-1) ?? 0) ^ 1;
        await writeFile(file, stored);
      },
      empty: (file) => writeFile(file, ""),
      "another key's entry copied over it": async (file) => {
        await store.put(key("foreign"), bytes);
        await copyFile(store.pathOf(key("foreign")), file);
      },
    };
    for (const [damage, apply] of Object.entries(damages)) {
      await store.put(key(damage), bytes);
      await apply(store.pathOf(key(damage)));
      assert.equal(await store.get(key(damage)), undefined, damage);
      assert.equal(store.getSync(key(damage)), undefined, damage);
      await store.put(key(damage), bytes);
      assert.deepEqual(await store.get(key(damage)), bytes, `${damage}: rebuilt`);
    }
  });

  it("lets two stores write the same key at once: both succeed and the entry is whole", async () => {
    const other = new CacheStore(folder, { warn: (message) => warnings.push(message) });
    const bytes = randomBytes(200_000);
    await Promise.all([store.put(key("shared"), bytes), other.put(key("shared"), bytes), store.put(key("shared"), bytes)]);
    assert.deepEqual(await other.get(key("shared")), bytes);
    assert.deepEqual(warnings, []);
    const leftovers = (await readdir(path.dirname(store.pathOf(key("shared"))))).filter((name) => name.endsWith(".tmp"));
    assert.deepEqual(leftovers, []);
  });

  it("prunes entries no build used since the cutoff, keeps used ones and other processes' temporary files", async () => {
    const pruned = new CacheStore(await mkdtemp(path.join(folder, "prune-")));
    for (const input of ["used", "unused", "new"]) await pruned.put(key(input), Buffer.from(input));
    // Left by an earlier build an hour ago; "used" is read by this one, which refreshes it.
    await utimes(pruned.pathOf(key("used")), HOUR_AGO, HOUR_AGO);
    await utimes(pruned.pathOf(key("unused")), HOUR_AGO, HOUR_AGO);
    assert.deepEqual(await pruned.get(key("used")), Buffer.from("used"));
    // Another process's write in flight (an hour old: a slow disk), and an abandoned one from two days ago.
    const inFlight = `${pruned.pathOf(key("unused"))}.999-abc.tmp`;
    const abandoned = `${pruned.pathOf(key("unused"))}.998-def.tmp`;
    await writeFile(inFlight, "half");
    await writeFile(abandoned, "half");
    await utimes(inFlight, HOUR_AGO, HOUR_AGO);
    await utimes(abandoned, new Date(Date.now() - 2 * 86_400_000), new Date(Date.now() - 2 * 86_400_000));

    const report = await pruned.prune(["test-stage"], { usedSince: Date.now() - 1000, graceMs: 0 });
    assert.deepEqual(report, { kept: 3, deleted: 2 });
    assert.deepEqual(await pruned.get(key("used")), Buffer.from("used"));
    assert.deepEqual(await pruned.get(key("new")), Buffer.from("new"), "written by a build running meanwhile");
    assert.equal(await pruned.get(key("unused")), undefined);
    assert.equal(await readFile(inFlight, "utf8"), "half");
    await assert.rejects(stat(abandoned));
  });

  it("keeps unused entries within the grace: a concurrent build may still need them", async () => {
    const pruned = new CacheStore(await mkdtemp(path.join(folder, "grace-")));
    await pruned.put(key("recent"), Buffer.from("r"));
    await utimes(pruned.pathOf(key("recent")), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    assert.deepEqual(await pruned.prune(["test-stage"]), { kept: 1, deleted: 0 });
  });
});

describe("CacheStore in a folder it cannot write", () => {
  let folder: string;
  before(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), "newsroom-store-readonly-"));
  });
  after(async () => {
    await chmod(folder, 0o700);
    await rm(folder, { recursive: true, force: true });
  });

  it("warns once, never throws, and still serves what it holds", async (context) => {
    if (process.getuid?.() === 0) {
      context.skip("running as root: file permissions do not stop writes");
      console.log("# skipped: running as root, chmod cannot make the store read-only");
      return;
    }
    const writable = new CacheStore(folder);
    await writable.put(key("old"), Buffer.from("old"));
    await chmod(path.dirname(writable.pathOf(key("old"))), 0o500);
    await chmod(path.join(folder, "test-stage"), 0o500);
    await chmod(folder, 0o500);
    const warnings: string[] = [];
    const store = new CacheStore(folder, { warn: (message) => warnings.push(message) });
    await store.put(key("new"), Buffer.from("new"));
    await store.put(key("newer"), Buffer.from("newer"));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? "", /could not write to the cache in .*EACCES.*The build goes on/);
    assert.equal(await store.get(key("new")), undefined);
    assert.deepEqual(await store.get(key("old")), Buffer.from("old"));
    await chmod(folder, 0o700);
  });

  it("warns once and never throws when the folder cannot even be made (a file is in the way)", async () => {
    const blocked = path.join(folder, "a-file");
    await writeFile(blocked, "not a folder");
    const warnings: string[] = [];
    const store = new CacheStore(path.join(blocked, "cache"), { warn: (message) => warnings.push(message) });
    await store.put(key("a"), Buffer.from("a"));
    await store.put(key("b"), Buffer.from("b"));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? "", /could not write to the cache in .*a-file.*The build goes on/);
    assert.equal(await store.get(key("a")), undefined);
    assert.deepEqual(await store.prune(["test-stage"]), { kept: 0, deleted: 0 });
  });
});
