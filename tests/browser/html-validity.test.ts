// The W3C Nu HTML checker (vnu-jar, run with the machine's Java) on every page of the built seed site: zero errors.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { artifactPath, buildSeedSite, ENABLE_HINT, removeSite } from "./helpers/browser-env.ts";

interface NuMessage {
  readonly type: "error" | "info" | "non-document-error";
  readonly subType?: "warning" | "fatal";
  readonly url: string;
  readonly message: string;
  readonly extract?: string;
}

const run = promisify(execFile);
const vnuJar = createRequire(import.meta.url).resolve("vnu-jar/build/dist/vnu.jar");
const javaMissing = await run("java", ["-version"]).then(
  () => false,
  () => `java not found; enable with: ${ENABLE_HINT}`,
);

describe("HTML validity (W3C Nu checker)", { skip: javaMissing }, () => {
  let siteDir: string;
  let messages: NuMessage[];

  before(async () => {
    siteDir = await buildSeedSite("vnu");
    const entries = await readdir(siteDir, { recursive: true, withFileTypes: true });
    const pages = entries.filter((entry) => entry.name.endsWith(".html")).map((entry) => path.join(entry.parentPath, entry.name));
    // --exit-zero-always: the verdict is ours to assert; the checker writes its JSON report to stderr.
    const { stderr } = await run("java", ["-jar", vnuJar, "--format", "json", "--exit-zero-always", ...pages], { maxBuffer: 10_000_000 });
    messages = (JSON.parse(stderr) as { messages: NuMessage[] }).messages;
    await writeFile(await artifactPath("vnu-report.json"), `${JSON.stringify(messages, null, 2)}\n`);
  });

  after(() => removeSite(siteDir));

  it("finds zero errors on every page", () => {
    const errors = messages.filter((message) => message.type !== "info");
    assert.deepEqual(
      errors.map((message) => `${path.relative(siteDir, new URL(message.url).pathname)}: ${message.message} (${message.extract ?? ""})`),
      [],
    );
  });

  it("finds no warnings either, beyond the checker's emulation of the page's CSP", () => {
    // The checker applies a <meta> CSP to local files, which have no origin ('self' matches nothing) and whose JSON-LD
    // data blocks it counts as scripts (browsers never execute or CSP-check them). Chromium is the real judge:
    // the browser tests fail on any CSP violation it reports.
    const warnings = messages.filter(
      (message) => message.subType === "warning" && !/violates Content Security Policy/.test(message.message),
    );
    assert.deepEqual(
      warnings.map((message) => `${path.relative(siteDir, new URL(message.url).pathname)}: ${message.message}`),
      [],
    );
  });
});
