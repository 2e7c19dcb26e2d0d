// The slice of Eleventy's programmatic API this project uses (Eleventy 3 ships no type declarations).
declare module "@11ty/eleventy" {
  interface EleventyOptions {
    configPath?: string;
    quietMode?: boolean;
    runMode?: "build" | "watch" | "serve";
    /** Called with the configuration API before any config file: how a build hands its context to its wiring. */
    config?: (eleventyConfig: unknown) => void | Promise<void>;
  }
  export default class Eleventy {
    constructor(input?: string, output?: string, options?: EleventyOptions);
    write(): Promise<unknown>;
    /** Silences Eleventy's console output, including its own report of a failed build. */
    disableLogger(): void;
  }
}
