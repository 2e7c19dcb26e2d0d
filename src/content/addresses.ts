// An article's addresses: where it is published (site.json's permalink pattern) and its older addresses
// (`aliases:`), each served as a redirect. Every address must be the article's alone: none may land on a page or
// file the site publishes, on another article, or on another alias. Also the text direction of an article's language.
import type { Article } from "../types.ts";
import type { ContentProblem } from "./content-error.ts";
import { isReservedSlug } from "./reserved-slugs.ts";
import { slugifyHeadline } from "./slugify-headline.ts";

/** The default permalink pattern: every article at /its-slug/. */
export const DEFAULT_PERMALINK = "/:slug/";

/** Scripts written right to left (ISO 15924), as Intl.Locale's maximize() names them. */
const RTL_SCRIPTS: ReadonlySet<string> = new Set(["Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Mand", "Samr", "Yezi"]);

/**
 * "rtl" for a language written right to left (its script, given or likely), otherwise undefined.
 * @example textDirection("ar") // "rtl"; textDirection("az-Arab") // "rtl"; textDirection("fr") // undefined
 */
export function textDirection(lang: string): "rtl" | undefined {
  try {
    const script = new Intl.Locale(lang).maximize().script;
    return script !== undefined && RTL_SCRIPTS.has(script) ? "rtl" : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The article's address under the pattern, or what stops it having one (a :section pattern and no section).
 * Dates are the day as written, in the zone written, as the pages show it.
 * @example articleAddress({ slug: "a", date: "2024-05-01", section: "World News" }, "/:section/:year/:month/:slug/") // "/world-news/2024/05/a/"
 */
export function articleAddress(
  article: Pick<Article, "slug" | "date" | "section">,
  pattern: string,
): { readonly url: string } | { readonly problem: string } {
  const [year = "", month = "", day = ""] = article.date.slice(0, 10).split("-");
  const section = article.section === undefined ? "" : slugifyHeadline(article.section);
  if (pattern.includes(":section") && section === "") {
    return {
      problem:
        article.section === undefined
          ? `has none, and the site's permalink (${pattern}) puts the section in every address`
          : `"${article.section}" has no letters or digits to put in the address (${pattern})`,
    };
  }
  const values: Readonly<Record<string, string>> = { slug: article.slug, section, year, month, day };
  return { url: pattern.replace(/:(slug|section|year|month|day)/g, (_, name: string) => values[name] ?? "") };
}

/** Each article at the address the pattern gives it; a problem for each that has none. */
export function applyPermalink(
  articles: readonly Article[],
  pattern: string,
): { readonly articles: readonly Article[]; readonly problems: readonly ContentProblem[] } {
  if (pattern === DEFAULT_PERMALINK) return { articles, problems: [] };
  const problems: ContentProblem[] = [];
  const addressed = articles.map((article) => {
    const address = articleAddress(article, pattern);
    if ("url" in address) return { ...article, url: address.url };
    problems.push({
      file: article.sourceFile,
      field: "section",
      message: address.problem,
      hint: "give the article a section: with a word in it, or change permalink in content/_data/site.json",
    });
    return article;
  });
  return { articles: addressed, problems };
}

/**
 * The file an address is published as, inside the site folder.
 * @example addressFile("/2019/05/old/") // "2019/05/old/index.html"; addressFile("/old.html") // "old.html"
 */
export function addressFile(address: string): string {
  return address.endsWith("/") ? `${address.slice(1)}index.html` : address.slice(1);
}

/**
 * Problems for every address (an article's own or an alias) that is not that article's alone: one the site
 * publishes itself, or one another article or alias already has; each names both files.
 */
export function checkAddresses(articles: readonly Article[], staticPaths: ReadonlySet<string>): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const taken = new Map<string, { readonly file: string; readonly what: string }>();
  for (const article of articles) {
    taken.set(addressFile(article.url), { file: article.sourceFile, what: `the address of ${article.sourceFile}` });
    const firstSegment = article.url.split("/")[1] ?? "";
    // The slug itself is checked on its own (check-articles.ts); a pattern puts other words first.
    if (firstSegment !== article.slug && isReservedSlug(firstSegment, staticPaths)) {
      problems.push({
        file: article.sourceFile,
        field: "section",
        message: `the address ${article.url} starts with /${firstSegment}/, which the site itself uses`,
        hint: "give the article another section:, or change permalink in content/_data/site.json",
      });
    }
  }
  for (const article of articles) {
    for (const [index, alias] of article.aliases.entries()) {
      const field = `aliases[${index}]`;
      const refuse = (message: string) =>
        problems.push({
          file: article.sourceFile,
          field,
          message: `the old address ${alias} ${message}`,
          hint: "remove this alias, or correct it",
        });
      const file = addressFile(alias);
      const firstSegment = alias.split("/")[1] ?? "";
      if (staticPaths.has(`/${file}`) || staticPaths.has(alias) || isReservedSlug(firstSegment, staticPaths)) {
        refuse(`is an address the site itself publishes (/${firstSegment}: images, feeds, listing pages or a file in assets/public)`);
        continue;
      }
      const other = taken.get(file);
      if (other !== undefined) {
        refuse(other.file === article.sourceFile ? `is ${other.what}: an article cannot redirect to itself` : `is already ${other.what}`);
        continue;
      }
      taken.set(file, { file: article.sourceFile, what: `an alias of ${article.sourceFile}` });
    }
  }
  return problems;
}
