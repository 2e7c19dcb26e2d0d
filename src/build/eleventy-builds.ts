// Builds that Eleventy drives: the dev server (`npm start`, through .eleventy.ts) and Eleventy's own command line.
// Each build, in order:
//   eleventy.before  start loading the build's data (src/render/build-data.ts) and minifying the templates
//   Eleventy         renders the two pages in src/render/pages/ (src/build/eleventy-config.ts)
//   eleventy.after   writes the rest of the site (src/build/write-site.ts)
// A content problem does not stop the dev server: it shows the last good build with the problems on top, and the
// next good save brings the preview back.
import { ContentError, formatProblem } from "../content/content-error.ts";
import { MinifiedTemplateLoader, type MinifiedTemplates } from "../render/template-environment.ts";
import type { BuildData } from "../types.ts";
import type { BuildContext } from "./build-context.ts";
import { configureEleventy, type EleventyConfig, pageGlobals } from "./eleventy-config.ts";
import { startLoading, writeSite } from "./write-site.ts";

/** One build's work in progress. */
interface BuildRun {
  readonly data: Promise<BuildData & { readonly problems?: readonly string[] }>;
  readonly templates: Promise<MinifiedTemplates>;
  /** Set once Eleventy has started the build this run belongs to; the next build starts a run of its own. */
  begun?: boolean;
}

export function configureEleventyBuilds(eleventyConfig: EleventyConfig, context: BuildContext): void {
  // The dev server shows the last good build with the problems on top, until the next save fixes them.
  let lastGood: BuildData | undefined;
  let run: BuildRun | undefined;

  const startRun = (): BuildRun => {
    const { data: loaded, templates } = startLoading(context);
    const data =
      context.mode === "serve"
        ? loaded.then(
            (fresh) => {
              lastGood = fresh;
              return fresh;
            },
            (error: unknown) => {
              if (!(error instanceof ContentError) || lastGood === undefined) throw error;
              context.log(error.message);
              return { ...lastGood, problems: error.problems.map(formatProblem) };
            },
          )
        : loaded;
    data.catch(() => {});
    return { data, templates };
  };
  const current = (): BuildRun => (run ??= startRun());

  const loader = new MinifiedTemplateLoader();
  const environment = configureEleventy(
    eleventyConfig,
    context.paths,
    {
      globals: async () => pageGlobals(await current().data),
      templates: () => current().templates,
    },
    loader,
  );
  // Eleventy may ask for global data before or after eleventy.before: a run started by such a request is this
  // build's; one that has begun belongs to the previous build (a dev-server rebuild starts afresh).
  eleventyConfig.on("eleventy.before", () => {
    if (run === undefined || run.begun) run = startRun();
    run.begun = true;
  });
  // One handler, its steps in order (Eleventy runs the handlers of one event concurrently).
  eleventyConfig.on("eleventy.after", async ({ directories }) => {
    const thisRun = current();
    const [data, templates] = await Promise.all([thisRun.data, thisRun.templates]);
    await writeSite(context, directories.output, { data, templates, loader, environment });
  });
}
