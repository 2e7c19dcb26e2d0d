// The section, tag and author listings and each article's links to them and to related stories, worked out once
// per build from the articles (newest first) and content/_data/authors.json. Pure: the templates only show them.

import { ARTICLES_PER_LISTING_PAGE } from "../content/site-paths.ts";
import type { Author } from "../content/site-schema.ts";
import { slugifyHeadline } from "../content/slugify-headline.ts";
import type { Article, ArticleLinks, ArticleListPage, Listing, ListingKind, ListingPage, Listings, NamedLink } from "../types.ts";

export type { ArticleLinks, ArticleListPage, Listing, ListingKind, ListingPage, Listings, NamedLink } from "../types.ts";

/** Turns a section, tag or name into its address part; the same name always gives the same slug. */
export type Slugger = (name: string) => string;

/**
 * slugifyHeadline, remembering each name it has seen: transliteration costs about 0.1 ms a call, and a 1,000-article
 * site names the same 200 tags thousands of times. Make one per build and hand it to the functions below.
 */
export function makeSlugger(): Slugger {
  const slugs = new Map<string, string>();
  return (name) => {
    let slug = slugs.get(name);
    if (slug === undefined) {
      // Plain ASCII words need no transliteration: the same slug as slugifyHeadline gives, without its cost.
      slug = /^[A-Za-z0-9 -]+$/.test(name)
        ? name
            .toLowerCase()
            .split(/[^a-z0-9]+/)
            .filter(Boolean)
            .join("-")
        : slugifyHeadline(name);
      slugs.set(name, slug);
    }
    return slug;
  };
}

/** Related stories at the end of an article. */
export const RELATED_LIMIT = 3;

const KIND_PATHS: Readonly<Record<ListingKind, string>> = { section: "/section/", tag: "/tag/", author: "/author/" };

/** Groups articles by the slug of a name; the spelling shown is the newest article's. Names with no slug get no page. */
function groupBy(
  kind: ListingKind,
  articles: readonly Article[],
  namesOf: (article: Article) => readonly string[],
  slugify: Slugger,
): Listing[] {
  const groups = new Map<string, { name: string; articles: Article[] }>();
  for (const article of articles) {
    for (const name of new Set(namesOf(article))) {
      const slug = slugify(name);
      if (slug === "") continue;
      const group = groups.get(slug);
      if (group === undefined) groups.set(slug, { name, articles: [article] });
      else if (group.articles.at(-1) !== article) group.articles.push(article);
    }
  }
  return [...groups].map(([slug, group]) => listing(kind, group.name, slug, group.articles));
}

function listing(kind: ListingKind, name: string, slug: string, articles: readonly Article[], author?: Author): Listing {
  const url = `${KIND_PATHS[kind]}${slug}/`;
  return { kind, name, slug, url, feedUrl: `${url}feed.xml`, articles, ...(author === undefined ? {} : { author }) };
}

/** Most articles first, then by name: the order of the masthead's sections. */
const byWeight = (a: Listing, b: Listing) => b.articles.length - a.articles.length || a.name.localeCompare(b.name, "en");

/**
 * Every section, tag and author listing. Authors get a page only when authors.json lists them (docs/editing.md:
 * an author not in the file keeps a plain byline); a listed author with no article yet still has one.
 */
export function groupListings(articles: readonly Article[], authors: readonly Author[], slugify: Slugger): Listings {
  const byName = new Map<string, Article[]>(authors.map((author) => [author.name, []]));
  for (const article of articles) for (const name of new Set(article.authors)) byName.get(name)?.push(article);
  return {
    sections: groupBy("section", articles, (article) => (article.section === undefined ? [] : [article.section]), slugify).sort(byWeight),
    tags: groupBy("tag", articles, (article) => article.tags, slugify).sort(byWeight),
    authors: authors.map((author) => listing("author", author.name, author.slug, byName.get(author.name) ?? [], author)),
  };
}

/**
 * Articles at `url` 50 to a page: `url`, then `url`page/2/… An empty list still has its first page.
 * @example paginate("/", articles).map((page) => page.url) // ["/", "/page/2/"] for 60 articles
 */
export function paginate(url: string, articles: readonly Article[]): ArticleListPage[] {
  const pageCount = Math.max(1, Math.ceil(articles.length / ARTICLES_PER_LISTING_PAGE));
  const pageUrl = (index: number) => (index === 0 ? url : `${url}page/${index + 1}/`);
  return Array.from({ length: pageCount }, (_, index) => ({
    url: pageUrl(index),
    pageNumber: index + 1,
    pageCount,
    articles: articles.slice(index * ARTICLES_PER_LISTING_PAGE, (index + 1) * ARTICLES_PER_LISTING_PAGE),
    ...(index > 0 ? { previous: pageUrl(index - 1) } : {}),
    ...(index < pageCount - 1 ? { next: pageUrl(index + 1) } : {}),
  }));
}

/** Every page of every listing, 50 articles to a page like the front page. */
export function listingPages(listings: Listings): ListingPage[] {
  return [...listings.sections, ...listings.tags, ...listings.authors].flatMap(({ articles, ...about }) =>
    paginate(about.url, articles).map((page) => ({ listing: about, ...page })),
  );
}

/** Every address the listings publish, in both forms ("/tag/x/" and "/tag/x/index.html"), and their feeds. */
export function listingPaths(listings: Listings): string[] {
  const pages = listingPages(listings).flatMap((page) => [page.url, `${page.url}index.html`]);
  const feeds = [...listings.sections, ...listings.tags, ...listings.authors].map((each) => each.feedUrl);
  return [...pages, ...feeds];
}

/**
 * Up to RELATED_LIMIT related stories for each article (same order as `articles`): those sharing the most tags, the
 * same section counting as one more, newest first among equals, then by address, so every build picks the same.
 * Articles are numbered and scored in a typed array: a tag shared by every article of a 1000-article site makes a
 * million scores a build, which a Map took 125 ms to count.
 */
export function relatedStories(articles: readonly Article[], slugify: Slugger): Article[][] {
  const count = articles.length;
  const times = articles.map((article) => Date.parse(article.date));
  const urls = articles.map((article) => article.url);
  const sections = articles.map((article) => (article.section === undefined ? undefined : slugify(article.section)));
  const tags = articles.map((article) => [...new Set(article.tags.map(slugify))]);
  // Newer first, then by address: a total order, so the choice is deterministic.
  const newerFirst = (a: number, b: number) =>
    (times[b] ?? 0) - (times[a] ?? 0) || ((urls[a] ?? "") < (urls[b] ?? "") ? -1 : (urls[a] ?? "") > (urls[b] ?? "") ? 1 : 0);
  const groupBy = (keysOf: (index: number) => readonly (string | undefined)[]) => {
    const groups = new Map<string, number[]>();
    for (let index = 0; index < count; index++) {
      for (const key of keysOf(index)) {
        if (key === undefined) continue;
        const members = groups.get(key);
        if (members === undefined) groups.set(key, [index]);
        else members.push(index);
      }
    }
    return groups;
  };
  const byTag = groupBy((index) => tags[index] ?? []);
  // An article that shares only the section scores 1, so of those only the first few in this order can be chosen.
  const bySection = groupBy((index) => [sections[index]]);
  for (const members of bySection.values()) members.sort(newerFirst);

  const scores = new Int32Array(count);
  const candidates: number[] = [];
  const before = (a: number, b: number) => (scores[b] ?? 0) - (scores[a] ?? 0) || newerFirst(a, b);
  return articles.map((_, index) => {
    for (const tag of tags[index] ?? []) {
      for (const other of byTag.get(tag) ?? []) {
        if (other === index) continue;
        if (scores[other] === 0) candidates.push(other);
        scores[other] = (scores[other] ?? 0) + 1;
      }
    }
    const section = sections[index];
    if (section !== undefined) {
      for (const other of candidates) if (sections[other] === section) scores[other] = (scores[other] ?? 0) + 1;
      let sectionOnly = 0;
      for (const other of bySection.get(section) ?? []) {
        if (sectionOnly === RELATED_LIMIT) break;
        if (other === index || scores[other] !== 0) continue;
        scores[other] = 1;
        candidates.push(other);
        sectionOnly++;
      }
    }
    // The best RELATED_LIMIT in one pass: sorting every candidate cost a 1000-article site 0.7 s.
    const best: number[] = [];
    for (const candidate of candidates) {
      if (best.length === RELATED_LIMIT && before(candidate, best[RELATED_LIMIT - 1] ?? candidate) >= 0) continue;
      best.push(candidate);
      best.sort(before);
      if (best.length > RELATED_LIMIT) best.pop();
    }
    for (const candidate of candidates) scores[candidate] = 0;
    candidates.length = 0;
    return best.map((other) => articles[other] as Article);
  });
}

/** Each article's links: section, tags, authors, and its related stories (relatedStories). */
export function linkArticles(articles: readonly Article[], listings: Listings, slugify: Slugger): Map<Article, ArticleLinks> {
  const urlOf = (group: readonly Listing[]) => new Map(group.map((each) => [each.slug, each.url]));
  const sectionUrls = urlOf(listings.sections);
  const tagUrls = urlOf(listings.tags);
  const authorsByName = new Map(listings.authors.map((each) => [each.name, each]));
  const named = (name: string, urls: Map<string, string>): NamedLink => {
    const url = urls.get(slugify(name));
    return url === undefined ? { name } : { name, url };
  };
  const stories = relatedStories(articles, slugify);
  return new Map(
    articles.map((article, index) => {
      const related = (stories[index] ?? []).map((other) => ({ url: other.url, title: other.title, date: other.date }));
      const links: ArticleLinks = {
        ...(article.section === undefined ? {} : { section: named(article.section, sectionUrls) }),
        tags: article.tags.map((tag) => named(tag, tagUrls)),
        authors: article.authors.map((name) => {
          const author = authorsByName.get(name);
          return author === undefined ? { name } : { name, url: author.url, ...(author.author ? { author: author.author } : {}) };
        }),
        related,
      };
      return [article, links];
    }),
  );
}
