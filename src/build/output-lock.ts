// One build at a time per output folder: a lock beside it (`<output>.lock`), held through proper-lockfile, which
// refreshes it while the build runs. A second build waits for the first; the lock of a killed build goes stale
// after STALE_MS and is taken over.
import lockfile from "proper-lockfile";

/** A lock not refreshed for this long belongs to a build that was killed. */
const STALE_MS = 10_000;

/**
 * Takes the lock of `outputDir`, waiting (up to about ten minutes) while another build holds it.
 * @returns a function that releases the lock.
 */
export async function lockOutput(outputDir: string, onWait?: () => void): Promise<() => Promise<void>> {
  // A lock found compromised (its refresh came late: a long synchronous step) is not worth failing a build for.
  const options = { lockfilePath: `${outputDir}.lock`, realpath: false, stale: STALE_MS, onCompromised: () => {} };
  try {
    return await lockfile.lock(outputDir, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
  }
  onWait?.();
  return lockfile.lock(outputDir, { ...options, retries: { retries: 600, factor: 1, minTimeout: 250, maxTimeout: 1000 } });
}
