// Finds links in article bodies that point inside the site but at nothing the production build publishes:
// a mistyped slug, a draft, a missing trailing slash. Links to other sites are left alone.
import type { ContentProblem } from "./content-error.ts";

/** What the link check needs to know about an article. */
export interface LinkedArticle {
  readonly sourceFile: string;
  /** Site-relative URL, e.g. "/my-article/". */
  readonly url: string;
  readonly html: string;
  /** `extractLinks(html)`, when the loader has worked it out already. */
  readonly bodyLinks?: readonly string[];
  /** Each link's href and the line it is written on, when known. */
  readonly linkLines?: Readonly<Record<string, number>>;
  readonly draft: boolean;
  /** Older addresses, redirected to `url`: a link to one of them still arrives. */
  readonly aliases?: readonly string[];
}

export interface SiteLinkTargets {
  /** The site's https origin: absolute links to it are checked like `/…` links. */
  readonly siteUrl?: string;
  /** Paths the build publishes besides articles: "/", "/feed.xml", "/logo.png"… */
  readonly staticPaths: ReadonlySet<string>;
}

const ATTRIBUTE = /\s(?:href|src)="([^"]*)"/g;
/** An address that names its scheme and host ("https://…"), so no base changes what it means ("https:x" alone would be relative). */
const SCHEME_AND_HOST = /^[a-z][a-z0-9+.-]*:\/\//i;
const ENTITIES: Readonly<Record<string, string>> = { "&amp;": "&", "&quot;": '"', "&lt;": "<", "&gt;": ">" };

/** Every href and src in rendered Markdown. markdown-it always double-quotes and escapes them, so a pattern suffices. */
export function extractLinks(html: string): string[] {
  return [...html.matchAll(ATTRIBUTE)].map((match) =>
    (match[1] ?? "").replace(/&(?:amp|quot|lt|gt);/g, (entity) => ENTITIES[entity] ?? entity),
  );
}

/** `new URL`, or null for an address that cannot be parsed (URL.parse needs Node 20.18; engines allow 20.9). */
function parseUrl(link: string, base: string): URL | null {
  try {
    return new URL(link, base);
  } catch {
    return null;
  }
}

/** The path as written on disk, or undefined when its %-escapes are malformed. */
function decodePath(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}

/**
 * Problems for every internal link that would be broken in production. Published articles may link only to
 * published ones; a draft may link to any article, since it is not published itself.
 * @example checkLinks([{ sourceFile: "a.md", url: "/a/", html: '<a href="/b/">b</a>', draft: false }], { staticPaths: new Set() })
 */
export function checkLinks(articles: readonly LinkedArticle[], targets: SiteLinkTargets): ContentProblem[] {
  const origin = targets.siteUrl === undefined ? "https://site.invalid" : new URL(targets.siteUrl).origin;
  const byPath = new Map<string, LinkedArticle>();
  for (const article of articles) {
    byPath.set(article.url, article);
    byPath.set(`${article.url}index.html`, article);
    for (const alias of article.aliases ?? []) {
      byPath.set(alias, article);
      if (alias.endsWith("/")) byPath.set(`${alias}index.html`, article);
    }
  }
  // An address with a scheme and host means the same from every article: parsed once per check, not once per article that
  // links to it (the Rust blog's 1000 posts link to the same few sites thousands of times).
  const absolute = new Map<string, URL | null>();
  const resolve = (link: string, base: string) => {
    if (!SCHEME_AND_HOST.test(link)) return parseUrl(link, base);
    let url = absolute.get(link);
    if (url === undefined) {
      url = parseUrl(link, base);
      absolute.set(link, url);
    }
    return url;
  };
  const problems: ContentProblem[] = [];
  for (const article of articles) {
    const refuse = (link: string, message: string, hint: string) => {
      const line = article.linkLines !== undefined && Object.hasOwn(article.linkLines, link) ? article.linkLines[link] : undefined;
      problems.push({
        file: article.sourceFile,
        field: "(body)",
        message: `the link ${link} ${message}`,
        hint,
        ...(line === undefined ? {} : { line }),
      });
    };
    for (const link of new Set(article.bodyLinks ?? extractLinks(article.html))) {
      const url = resolve(link, `${origin}${article.url}`);
      if (url !== null && url.origin !== origin) continue;
      const target = url === null ? undefined : decodePath(url.pathname);
      if (target === undefined) {
        refuse(link, "is not a valid address", "check the brackets, spaces and % signs in the Markdown link: [text](https://…)");
        continue;
      }
      if (targets.staticPaths.has(target)) continue;
      const linked = byPath.get(target);
      if (linked !== undefined) {
        if (linked.draft && !article.draft) {
          refuse(
            link,
            `points to ${linked.sourceFile}, a draft that will not be published`,
            "publish that article first, or remove the link",
          );
        }
        continue;
      }
      if (byPath.has(`${target}/`)) {
        refuse(link, "needs a trailing slash", `write ${target}/ so it works on every host`);
        continue;
      }
      refuse(
        link,
        "points inside the site, to a page that does not exist",
        "link to an article as /its-file-name/ (see the list from npm start), or give the full https:// address of another site",
      );
    }
  }
  return problems;
}
