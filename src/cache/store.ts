// The one cache store: every stage that remembers work between builds (image derivatives, source image checks,
// article text) keeps its entries here, each in its own file under `<folder>/<stage>/`.
//
// Hand-written rather than cacache (npm's cache), after reading both: cacache checks integrity on read and writes
// atomically, but its garbage collection (`verify`) deletes the whole tmp/ folder, other processes' writes in
// flight included (the very defect this replaces), rebuilds index buckets that concurrent writers append to, and
// has no notion of "not used by this build". It also costs two files per entry (index bucket and content) and a
// dozen dependencies. What we need fits in this file: one file per entry, a header naming the full key, the
// payload's size and SHA-256, checked on every read.
//
// - A key names everything the entry depends on (CacheKey). The stored key is compared on read, so an entry copied
//   under another name (foreign) is a miss, as is a damaged, truncated or unparseable one. A miss never throws.
// - put() writes a uniquely named temporary file beside the entry, then renames it: readers see the old entry or
//   the new one, never half of one; two processes writing the same key both succeed. A failed write (read-only
//   folder, full disk) is reported to `warn` once per store and never thrown: the build goes on uncached.
// - A hit refreshes the entry's modification time (at most once a minute), so every process of every build marks
//   what it used without telling anyone; prune() deletes what no build has used since a moment before this one
//   started (the grace keeps entries a concurrent build is still using), and leaves temporary files alone unless a
//   day old (a crashed writer's).
// - Entries are bytes. Nothing read from here is ever run as code; stages parse and check what they read.
import { createHash, randomBytes } from "node:crypto";
import { closeSync, fstatSync, futimesSync, openSync, readFileSync } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";

/** Everything an entry depends on, by name. Equal keys must mean byte-equal output. */
export interface CacheKey {
  /** The stage that makes the entry, also its folder: lowercase letters, digits and dashes. */
  readonly stage: string;
  /** The stage's own pipeline version, a constant bumped by hand whenever the stage's output changes. */
  readonly pipelineVersion: string;
  /** Versions of the packages that shape the output, e.g. { sharp: "0.35.5", libvips: "8.18.7" }. */
  readonly packages: Readonly<Record<string, string>>;
  /** Hash of the input bytes and of the settings the stage applied to them. */
  readonly input: string;
}

export type Warn = (message: string) => void;

export interface PruneOptions {
  /** Entries used (read or written) by any process since this moment, in ms since the epoch, are kept. @default when the store was opened */
  readonly usedSince?: number;
  /** Kept too: entries used this long before `usedSince` (a concurrent build may still need them). @default 10 minutes */
  readonly graceMs?: number;
}

export interface PruneReport {
  readonly kept: number;
  readonly deleted: number;
}

const MAGIC = "newsroom-cache 1\n";
const STAGE_NAME = /^[a-z0-9-]+$/;
/** A hit refreshes the entry's time only when older than this: a warm build of 1000 articles writes nothing. */
const TOUCH_AFTER_MS = 60_000;
const DEFAULT_GRACE_MS = 10 * 60_000;
/** A temporary file this old belongs to a writer that died. */
const ABANDONED_TEMPORARY_MS = 24 * 60 * 60_000;

/** The key as stored in the entry's header: every part, packages sorted by name. */
export function keyText(key: CacheKey): string {
  const packages = Object.entries(key.packages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([key.stage, key.pipelineVersion, packages, key.input]);
}

const sha256 = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex");

/** The payload of a stored entry, or undefined unless its header names exactly this key, size and hash. */
export function verifyEntry(stored: Buffer, expectedKey: string): Buffer | undefined {
  if (stored.length < MAGIC.length || stored.toString("latin1", 0, MAGIC.length) !== MAGIC) return undefined;
  const headerEnd = stored.indexOf(10, MAGIC.length);
  if (headerEnd < 0) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(stored.toString("utf8", MAGIC.length, headerEnd));
  } catch {
    return undefined;
  }
  const { key, size, sha256: hash } = (header ?? {}) as { key?: unknown; size?: unknown; sha256?: unknown };
  const payload = stored.subarray(headerEnd + 1);
  if (key !== expectedKey || size !== payload.length || typeof hash !== "string") return undefined;
  return sha256(payload) === hash ? payload : undefined;
}

function encodeEntry(key: string, payload: Buffer): Buffer {
  const header = JSON.stringify({ key, size: payload.length, sha256: sha256(payload) });
  return Buffer.concat([Buffer.from(`${MAGIC}${header}\n`, "utf8"), payload]);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class CacheStore {
  readonly folder: string;
  /** When this store was opened: prune() keeps what was used since (less the grace). */
  readonly openedAt = Date.now();
  readonly #warn: Warn;
  #warned = false;

  /** Opens the store at `folder` (created on first write); reads nothing. */
  constructor(folder: string, options: { readonly warn?: Warn } = {}) {
    this.folder = folder;
    this.#warn = options.warn ?? ((message) => console.warn(message));
  }

  /** Where the entry for this key lives. */
  pathOf(key: CacheKey): string {
    if (!STAGE_NAME.test(key.stage)) throw new Error(`cache stage names are lowercase words with dashes, not ${JSON.stringify(key.stage)}`);
    const name = sha256(keyText(key));
    return path.join(this.folder, key.stage, name.slice(0, 2), name.slice(2));
  }

  /** The entry's verified bytes, or undefined when it is missing, damaged, truncated or another key's. */
  async get(key: CacheKey): Promise<Buffer | undefined> {
    const file = this.pathOf(key);
    let handle: Awaited<ReturnType<typeof open>> | undefined;
    try {
      handle = await open(file, "r");
      const [stats, stored] = await Promise.all([handle.stat(), handle.readFile()]);
      const payload = verifyEntry(stored, keyText(key));
      if (payload !== undefined && Date.now() - stats.mtimeMs > TOUCH_AFTER_MS) {
        const now = new Date();
        await handle.utimes(now, now).catch(() => {});
      }
      return payload;
    } catch {
      return undefined;
    } finally {
      await handle?.close().catch(() => {});
    }
  }

  /** get() without waiting for the thread pool: for many small entries read one after another (article text). */
  getSync(key: CacheKey): Buffer | undefined {
    const file = this.pathOf(key);
    let descriptor: number | undefined;
    try {
      descriptor = openSync(file, "r");
      const payload = verifyEntry(readFileSync(descriptor), keyText(key));
      if (payload !== undefined && Date.now() - fstatSync(descriptor).mtimeMs > TOUCH_AFTER_MS) {
        try {
          const now = new Date();
          futimesSync(descriptor, now, now);
        } catch {
          // A read-only store still serves its entries.
        }
      }
      return payload;
    } catch {
      return undefined;
    } finally {
      if (descriptor !== undefined) closeSync(descriptor);
    }
  }

  /**
   * Stores bytes under the key, whole or not at all. Never throws: a failed write is told to `warn` (once per
   * store) and the entry is simply not cached.
   */
  async put(key: CacheKey, payload: Buffer): Promise<void> {
    const target = this.pathOf(key);
    const temporary = `${target}.${process.pid}-${randomBytes(6).toString("hex")}.tmp`;
    try {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(temporary, encodeEntry(keyText(key), payload), { flag: "wx" });
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => {});
      this.#warnOnce(
        `Warning: could not write to the cache in ${this.folder} (${messageOf(error)}). The build goes on, but what it makes is not remembered for the next build: check that the folder is writable and the disk not full.`,
      );
    }
  }

  /**
   * Deletes the entries of these stages that no process has used since `usedSince` less the grace, and temporary
   * files a day old. Other processes' recent temporary files and anything not the store's are left alone.
   */
  async prune(stages: readonly string[], options: PruneOptions = {}): Promise<PruneReport> {
    const cutoff = (options.usedSince ?? this.openedAt) - (options.graceMs ?? DEFAULT_GRACE_MS);
    const abandoned = Date.now() - ABANDONED_TEMPORARY_MS;
    let kept = 0;
    let deleted = 0;
    for (const stage of stages) {
      if (!STAGE_NAME.test(stage)) continue;
      const stageFolder = path.join(this.folder, stage);
      const buckets = await readdir(stageFolder).catch(() => [] as string[]);
      for (const bucket of buckets) {
        const bucketFolder = path.join(stageFolder, bucket);
        const names = await readdir(bucketFolder).catch(() => [] as string[]);
        await Promise.all(
          names.map(async (name) => {
            const file = path.join(bucketFolder, name);
            const stats = await stat(file).catch(() => undefined);
            if (!stats?.isFile()) return;
            if (stats.mtimeMs >= (name.endsWith(".tmp") ? abandoned : cutoff)) {
              kept++;
              return;
            }
            try {
              await rm(file, { force: true });
              deleted++;
            } catch (error) {
              this.#warnOnce(`Warning: could not prune the cache in ${this.folder} (${messageOf(error)}).`);
            }
          }),
        );
      }
    }
    return { kept, deleted };
  }

  #warnOnce(message: string): void {
    if (this.#warned) return;
    this.#warned = true;
    this.#warn(message);
  }
}
