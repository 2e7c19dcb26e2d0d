// How `npm run build` shares the articles among its workers.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { ARTICLES_PER_WORKER, coresForWorkers, splitAmongWorkers } from "../../src/build/prefetch-build-data.ts";

describe("splitAmongWorkers", () => {
  it("gives a small site one worker, and a large one a worker per core", () => {
    assert.deepEqual(splitAmongWorkers([], 8), [[]]);
    assert.deepEqual(splitAmongWorkers(["a.md"], 8), [["a.md"]]);
    const files = Array.from({ length: ARTICLES_PER_WORKER * 3 }, (_, index) => `${index}.md`);
    assert.equal(splitAmongWorkers(files, 2).length, 2);
    assert.equal(splitAmongWorkers(files, 8).length, 3);
    assert.equal(splitAmongWorkers(files, 1).length, 1);
  });

  it("keeps every file once, in order, in contiguous runs of nearly equal size", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string(), { maxLength: 500 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 50 }),
        (files, cores, perWorker) => {
          const shards = splitAmongWorkers(files, cores, perWorker);
          assert.deepEqual(shards.flat(), files);
          assert.ok(shards.length >= 1 && shards.length <= Math.max(1, cores));
          const sizes = shards.map((shard) => shard.length).filter((size) => size > 0);
          assert.ok(Math.max(...sizes, 0) - Math.min(...sizes, 0) <= Math.ceil(files.length / shards.length));
        },
      ),
    );
  });
});

describe("coresForWorkers", () => {
  it("uses every core for articles to parse, and leaves the main thread one when they come from the cache", () => {
    assert.deepEqual(
      [1, 2, 4, 8].map((cores) => coresForWorkers(cores, false)),
      [1, 2, 4, 8],
    );
    assert.deepEqual(
      [1, 2, 4, 8].map((cores) => coresForWorkers(cores, true)),
      [1, 1, 3, 7],
    );
  });
});
