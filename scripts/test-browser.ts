// `npm run test:browser`: the tests in tests/browser/, in Debian's Chromium (and Java for the Nu checker).
// Without them it skips in one line that says how to enable them, so `npm test` still passes anywhere.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { CHROMIUM_PATH, ENABLE_HINT, hasChromium } from "../tests/browser/helpers/browser-env.ts";

/** Test files that need Java (the Nu HTML checker) rather than Chromium. */
const JAVA_TESTS = new Set(["html-validity.test.ts"]);

const folder = path.join(import.meta.dirname, "..", "tests", "browser");
const all = readdirSync(folder).filter((name) => name.endsWith(".test.ts"));
const hasJava = spawnSync("java", ["-version"]).status === 0;
const runnable = all.filter((name) => (JAVA_TESTS.has(name) ? hasJava : hasChromium()));
const missing = [...(hasChromium() ? [] : [CHROMIUM_PATH]), ...(hasJava ? [] : ["java"])];
if (missing.length > 0) {
  console.log(
    `Browser tests skipped (${all.length - runnable.length} of ${all.length} files): ${missing.join(" and ")} not found; enable with: ${ENABLE_HINT}`,
  );
}
if (runnable.length > 0) {
  // One file at a time: each drives its own Chromium, and two cores are the norm in CI.
  const { status } = spawnSync(
    process.execPath,
    ["--import", "tsx", "--test", "--test-reporter=spec", "--test-concurrency=1", ...runnable.map((name) => path.join(folder, name))],
    { stdio: "inherit" },
  );
  process.exitCode = status ?? 1;
}
