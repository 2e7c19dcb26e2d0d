// The shared types: what one stage hands the next. Every module that passes an article, the build's data or a
// written page between stages names it from here, so no stage depends on another's internals for a type.
import type { Author, Donation, Site } from "./content/site-schema.ts";
import type { HeadlineImage } from "./images/headline-image.ts";
import type { PublishedPicture } from "./images/text-picture.ts";
import type { DonationBlock } from "./render/donation-block.ts";
import type { Stylesheet } from "./render/stylesheet.ts";

export type { ContentProblem } from "./content/content-error.ts";
export type { Donation, Site } from "./content/site-schema.ts";
export type { HeadlineImage } from "./images/headline-image.ts";

/** The project's folders (src/build/project-paths.ts makes them). */
export interface ProjectPaths {
  readonly root: string;
  readonly contentDir: string;
  readonly assetsDir: string;
  /** The layouts: base.njk and article.njk, Eleventy's includes too. */
  readonly layoutsDir: string;
  /** The site's other pages, rendered by Eleventy: front page, 404, feeds, sitemap, robots.txt. */
  readonly pagesDir: string;
  readonly cacheDir: string;
}

/** An article read, validated and rendered, ready for the layout. */
export interface Article {
  /** Path relative to the project root, as problems name it. */
  readonly sourceFile: string;
  readonly slug: string;
  /** Site-relative URL, e.g. "/my-article/". */
  readonly url: string;
  readonly title: string;
  readonly description: string;
  readonly date: string;
  readonly updated: string;
  readonly authors: readonly string[];
  readonly section?: string;
  readonly tags: readonly string[];
  readonly draft: boolean;
  readonly showDonation: boolean;
  readonly html: string;
  /** Every href and src in the body as written, for the link check (src/content/check-links.ts). */
  readonly bodyLinks?: readonly string[];
  /** Each link's href in `html` and the 1-based line of the file it is first written on. */
  readonly linkLines?: Readonly<Record<string, number>>;
  readonly readingMinutes: number;
  readonly image?: HeadlineImage;
  /** Section, tag and author pages and related stories (src/render/listings.ts); set once all articles are checked. */
  readonly links?: ArticleLinks | undefined;
  /** The pictures in the text (their figures are in `html`), for publish-images.ts. */
  readonly pictures?: readonly PublishedPicture[];
  /** CSS painting each picture's blurred placeholder, for the page's <style>. */
  readonly pictureStyle?: string;
  /** Older site-relative addresses, each published as a redirect to `url`. */
  readonly aliases: readonly string[];
  /** The article's language (BCP 47) when set in its front matter; the site's language otherwise. */
  readonly lang?: string;
  /** "rtl" when `lang` is written right to left. */
  readonly dir?: "rtl";
  /** Corrections, oldest first; the newest one's date is part of `updated`. */
  readonly corrections: readonly Correction[];
}

/** A correction shown under the article's byline. */
export interface Correction {
  readonly date: string;
  readonly text: string;
}

/** How many image derivatives a build encoded and how many it found in the cache. */
export interface ImageWork {
  readonly encoded: number;
  readonly cached: number;
}

/** Everything the templates need for one build. */
export interface BuildData {
  readonly site: Site;
  readonly donation: Donation;
  readonly donationBlock: DonationBlock;
  /** Published articles (and drafts, when the build shows them), newest first. */
  readonly articles: readonly Article[];
  /** The masthead's navigation: every section, most articles first. */
  readonly sections: readonly Required<NamedLink>[];
  readonly listings: Listings;
  /** The front page and the older pages after it (src/render/layouts/front.njk). */
  readonly frontPages: readonly ArticleListPage[];
  /** Every page of every section, tag and author listing. */
  readonly listingPages: readonly ListingPage[];
  readonly stylesheet: Stylesheet;
  readonly images: ImageWork;
}

/** A page's weight against the first-round-trip budget. */
export interface PageWeight {
  /** Path of the page inside the site folder, e.g. "my-article/index.html". */
  readonly page: string;
  readonly bytes: number;
  /** Gzipped at zlib's default level, as static hosts commonly serve it. */
  readonly gzipBytes: number;
}

export type ListingKind = "section" | "tag" | "author";

/** A section, tag or author and its articles, newest first. */
export interface Listing {
  readonly kind: ListingKind;
  readonly name: string;
  readonly slug: string;
  /** e.g. "/tag/united-states/". */
  readonly url: string;
  /** Its own Atom feed, e.g. "/tag/united-states/feed.xml". */
  readonly feedUrl: string;
  readonly articles: readonly Article[];
  /** Authors only: their entry in authors.json. */
  readonly author?: Author;
}

/** One page of a list of articles, 50 to a page: the front page (/, /page/2/…), or a section's, tag's or author's. */
export interface ArticleListPage {
  /** e.g. "/page/2/" or "/tag/united-states/page/2/". */
  readonly url: string;
  /** From 1. */
  readonly pageNumber: number;
  readonly pageCount: number;
  readonly articles: readonly Article[];
  readonly previous?: string;
  readonly next?: string;
}

/** One page of a section, tag or author listing, rendered from src/render/layouts/listing.njk by src/render/write-pages.ts. */
export interface ListingPage extends ArticleListPage {
  readonly listing: Omit<Listing, "articles">;
}

export interface NamedLink {
  readonly name: string;
  /** Absent when there is no page to link to (an author not in authors.json, a tag with no Latin letters). */
  readonly url?: string;
}

/** What an article page links to besides its body. */
export interface ArticleLinks {
  readonly section?: NamedLink;
  readonly tags: readonly NamedLink[];
  readonly authors: readonly (NamedLink & { readonly author?: Author })[];
  readonly related: readonly Pick<Article, "url" | "title" | "date">[];
}

export interface Listings {
  readonly sections: readonly Listing[];
  readonly tags: readonly Listing[];
  readonly authors: readonly Listing[];
}
