// Copies the site files in assets/public/ (icons, logo) to the output root. Done after a successful build rather
// than by Eleventy's passthrough copy, which runs beside data loading: when the content was refused, it went on
// writing into the staging folder after the build had removed it.
import { cp } from "node:fs/promises";

/** Copies `publicDir` into `outputDir`, keeping the folder structure; symbolic links are copied as files. */
export async function publishAssets(publicDir: string, outputDir: string): Promise<void> {
  await cp(publicDir, outputDir, { recursive: true, dereference: true });
}
