// Step 3: render an article body from Markdown to HTML. The one place markdown-it is configured.
// Raw HTML is refused with its line and the Markdown to write instead; nothing an article writes becomes a tag.
// Links may only use safe schemes; a picture alone on a line is left as a marker for its figure, and a video's
// address alone on a line becomes a card that is a plain link (docs/editing.md). Long-form
// text is shaped for a phone: code blocks and tables scroll in their own labelled, focusable box, headings get
// unique ASCII ids and link to themselves, footnotes ([^1]) link both ways, and the outline never skips a level.

import type { Token } from "markdown-it";
import MarkdownIt from "markdown-it";
import footnote from "markdown-it-footnote";
import slugify from "slugify";
import { findControlCharacter } from "./control-characters.ts";

/** markdown-it silently stops parsing past its nesting limit; we refuse such articles instead of losing text. */
export const MAX_NESTING = 20;

/** More footnotes are refused: markdown-it-footnote's time grows with the square of their number. */
export const MAX_FOOTNOTES = 1000;

/** Schemes a link in an article may use; a link without a scheme (`/about/`, `#notes`, `page/`) is always fine. */
export const LINK_SCHEMES: ReadonlySet<string> = new Set(["https:", "http:", "mailto:", "tel:"]);

/**
 * Ids the article layout itself uses (src/render/layouts/); a heading never takes one of them, nor a footnote's
 * (`fn1`, `fnref1`). A unit test checks this list against the templates.
 */
export const LAYOUT_IDS: readonly string[] = ["main", "share-heading", "related-heading", "donation-appeal", "donation-meter"];

const markdown = new MarkdownIt("default", {
  // Raw HTML is parsed only so that each tag can be refused with its line (check_html below); it is never
  // published: a body that holds any is refused, and the renderer escapes it regardless.
  html: true,
  linkify: false, // bare text stays text; editors write links explicitly
  typographer: false, // the editor's characters are published exactly as written
  maxNesting: MAX_NESTING,
}).use(footnote);

// markdown-it's own check turns a `javascript:` link into plain text without a word. Every link is parsed
// instead, and the `check_links` rule below refuses the unsafe ones, so the editor learns about them.
markdown.validateLink = () => true;

// markdown-it leaves a second # in an address as it is (`?channels=##rust`), which is not a valid URL: the
// fragment starts at the first #, and any later one is written %23, as browsers read it anyway.
const normalizeLink = markdown.normalizeLink.bind(markdown);
markdown.normalizeLink = (url) => {
  const normalized = normalizeLink(url);
  const fragment = normalized.indexOf("#");
  return fragment < 0 ? normalized : `${normalized.slice(0, fragment + 1)}${normalized.slice(fragment + 1).replaceAll("#", "%23")}`;
};

/** One thing wrong with a body; `line` is 1-based within the body. */
export interface MarkdownProblem {
  readonly message: string;
  readonly hint: string;
  readonly line?: number;
}

/** Thrown when a body cannot be published as written; carries every problem found in it. */
export class MarkdownError extends Error {
  override readonly name = "MarkdownError";
  readonly problems: readonly MarkdownProblem[];
  constructor(problems: readonly MarkdownProblem[]) {
    super(problems.map((problem) => problem.message).join("; "));
    this.problems = problems;
  }
}

/** The scheme of a link as a browser reads it (tabs and newlines removed, case folded), or "" for a relative link. */
export function linkScheme(href: string): string {
  try {
    const url = new URL(href, "relative://link/");
    return url.protocol === "relative:" ? "" : url.protocol;
  } catch {
    return "invalid:";
  }
}

/** What one render works out, passed to every rule through markdown-it's env: nothing is kept between renders. */
type Env = {
  readonly problems: MarkdownProblem[];
  /** Each link's href and the body line it is first written on, for the site-wide link check (check-links.ts). */
  readonly links: Map<string, number>;
  /** The body's pictures and video posters, in order; each left in the HTML as pictureMarker(index). */
  readonly pictures: TextPicture[];
  /** Heading ids given so far, and for each slug the next number to try when it is taken. */
  readonly ids: Set<string>;
  readonly nextSuffix: Map<string, number>;
  /** Code blocks and tables so far, to label each scroll box uniquely ("Code 2", "Table 1"). */
  codeBlocks: number;
  tables: number;
  /** The body's tokens, set aside while markdown-it-footnote appends the notes (see footnote_tail below). */
  bodyTokens?: Token[];
  /** markdown-it-footnote's own state. */
  footnotes?: { list?: unknown[] };
};

// ---- Raw HTML: refused, each tag with its line and the Markdown that writes the same thing. ----

const KEEP_TEXT = "remove the tag and keep its text: the site sets the look, and a blank line starts a new paragraph";

/** The Markdown to write instead of each HTML tag an article might hold. */
const HTML_FIXES: readonly (readonly [readonly string[], string])[] = [
  [
    ["pre", "code", "samp", "tt", "var"],
    "write code between backticks (`code`), or a block of code between two lines of three backticks (```)",
  ],
  [
    ["iframe", "video", "audio", "embed", "object", "source", "track"],
    "put the video's address (https://www.youtube.com/watch?v=… or https://vimeo.com/…) alone on a line: it is published as a link",
  ],
  [
    ["img", "picture", "figure", "figcaption", "svg"],
    'write the picture in Markdown, alone on a line: ![What it shows](images/file.png "Caption | Photo: Credit")',
  ],
  [["a"], "write a link as [text](https://…)"],
  [["b", "strong"], "write **bold text**"],
  [["i", "em", "cite", "u"], "write *italic text*"],
  [["s", "del", "strike"], "write ~~struck-out text~~"],
  [["br"], "end the line with a backslash (\\) to break it there, or leave a blank line to start a new paragraph"],
  [["h1", "h2", "h3", "h4", "h5", "h6"], "write a subheading on a line of its own: ## Subheading"],
  [["ul", "ol", "li"], "write a list as lines that start with - (or 1., 2. …)"],
  [["blockquote", "q"], "write a quote as lines that start with >"],
  [
    ["table", "thead", "tbody", "tr", "th", "td", "caption"],
    "write a table in Markdown: | a | b |, then | --- | --- |, then one line per row",
  ],
  [["hr"], "write --- on a line of its own, with a blank line before and after it"],
  [
    ["sup", "sub"],
    "for a note, write a footnote ([^1] in the text, [^1]: the note on a line of its own); otherwise type the character itself (², ₂)",
  ],
  [["kbd"], "write keys between backticks: `Ctrl`"],
  [
    ["script", "style", "link", "meta", "form", "input", "button", "select", "textarea", "noscript", "template", "base"],
    "remove it: scripts, styles and forms are never published",
  ],
  [["p", "div", "span", "font", "center", "section", "article", "aside", "small", "big", "mark", "ins", "abbr"], KEEP_TEXT],
];
const HTML_FIX_BY_TAG = new Map(HTML_FIXES.flatMap(([tags, fix]) => tags.map((tag) => [tag, fix] as const)));
const SHOW_AS_TEXT = "remove it, or put it between backticks (`<tag>`) to show it as text";

/** Whether raw HTML is nothing but comments and white space; a loop, as a regular expression would backtrack. */
function onlyComments(html: string): boolean {
  let at = 0;
  for (;;) {
    while (at < html.length && /\s/.test(html.charAt(at))) at++;
    if (at === html.length) return true;
    if (!html.startsWith("<!--", at)) return false;
    const end = html.indexOf("-->", at + 4);
    if (end < 0) return false;
    at = end + 3;
  }
}

/** The problem for one piece of raw HTML: its first tag, shortened, and the Markdown to write instead. */
function htmlProblem(html: string, line: number | undefined): MarkdownProblem {
  const name = /^<\/?([a-z][a-z0-9-]*)/i.exec(html)?.[1]?.toLowerCase();
  const shown = html.trim().split("\n")[0] ?? "";
  const excerpt = shown.length > 60 ? `${shown.slice(0, 59)}…` : shown;
  const hint =
    name !== undefined
      ? (HTML_FIX_BY_TAG.get(name) ?? SHOW_AS_TEXT)
      : html.startsWith("<!--")
        ? "put the comment on lines of its own (it is then left out), or delete it"
        : SHOW_AS_TEXT;
  return {
    message: `the text contains HTML (${excerpt}), which is not published`,
    hint,
    ...(line === undefined ? {} : { line }),
  };
}

/** A block token's 1-based line: its own, or for a table cell's text (markdown-it maps none) its row's. */
function lineOf(tokens: readonly Token[], index: number): number | undefined {
  for (let at = index; at >= 0; at--) {
    const map = tokens[at]?.map;
    if (map) return map[0] + 1;
  }
  return undefined;
}

// HTML comments are the editor's notes: left out of the page without a word. Every other piece of raw HTML is
// refused, once per tag and line. An inline tag's line is found by its place in its paragraph's source.
markdown.core.ruler.push("check_html", (state) => {
  const { problems } = state.env as Env;
  const reported = new Set<string>();
  const report = (html: string, line: number | undefined) => {
    const problem = htmlProblem(html, line);
    const key = `${line}:${/^<\/?([a-z][a-z0-9-]*)/i.exec(html)?.[1]?.toLowerCase() ?? html}`;
    if (reported.has(key)) return;
    reported.add(key);
    problems.push(problem);
  };
  state.tokens = state.tokens.filter((block, index, tokens) => {
    const firstLine = lineOf(tokens, index);
    if (block.type === "html_block") {
      if (onlyComments(block.content)) return false;
      report(block.content, firstLine);
    }
    if (block.type === "inline" && block.children?.some((token) => token.type === "html_inline")) {
      let cursor = 0;
      let line = firstLine;
      block.children = block.children.filter((token) => {
        if (token.type !== "html_inline") return true;
        if (token.content.startsWith("<!--")) return false;
        const at = block.content.indexOf(token.content, cursor);
        if (at >= 0 && line !== undefined) {
          for (let index = cursor; index < at; index++) if (block.content.charCodeAt(index) === 10) line++;
          cursor = at;
        }
        report(token.content, line);
        return true;
      });
    }
    return true;
  });
});

// Never reached with a tag in it (check_html refuses the body), but if it were, the tag would show as text.
markdown.renderer.rules["html_block"] = (tokens, index) => markdown.utils.escapeHtml(tokens[index]?.content ?? "");
markdown.renderer.rules["html_inline"] = markdown.renderer.rules["html_block"];

// ---- Headings: an outline that never skips a level, unique ASCII ids, each heading a link to itself. ----

/** A heading's id: its text in lowercase ASCII words, unique on the page and never one the layout or a footnote uses. */
function headingId(text: string, env: Env): string {
  // slugify, not @sindresorhus/slugify as for headlines: that one takes 0.6 ms a call, a minute for the 100,000
  // headings an article at the size limit can hold; this one takes 4 µs.
  const slug = slugify(text, { lower: true, strict: true });
  // A long heading gets a short address: its first words, up to 60 characters.
  const base = (slug.length > 60 ? slug.slice(0, 60).replace(/-[^-]*$/, "") : slug) || "section";
  const taken = (id: string) => env.ids.has(id) || LAYOUT_IDS.includes(id) || /^fn(?:ref)?\d+$/.test(id);
  let id = base;
  let suffix = env.nextSuffix.get(base) ?? 2;
  while (taken(id)) id = `${base}-${suffix++}`;
  env.nextSuffix.set(base, suffix);
  env.ids.add(id);
  return id;
}

// The page's <h1> is the headline, so body headings start at <h2>, and each is one level below the heading it
// follows, whatever its number of #: `### A` right after the headline is <h2>, `# B` then `#### C` are <h2>, <h3>.
markdown.core.ruler.push("headings", (state) => {
  const env = state.env as Env;
  const open: { readonly written: number; readonly level: number }[] = [];
  state.tokens.forEach((token, index) => {
    if (token.type !== "heading_open") return;
    const written = Number(token.tag.slice(1));
    while ((open.at(-1)?.written ?? 0) >= written) open.pop();
    const level = Math.min(6, (open.at(-1)?.level ?? 1) + 1);
    open.push({ written, level });
    const inline = state.tokens[index + 1];
    const close = state.tokens[index + 2];
    if (inline === undefined || close === undefined) return;
    token.tag = close.tag = `h${level}`;
    const children = inline.children ?? [];
    // A heading written over two lines (a setext heading) keeps its words apart across the line break.
    const text = children
      .map((child) => (child.type === "text" || child.type === "code_inline" ? child.content : /break$/.test(child.type) ? " " : ""))
      .join("");
    const id = headingId(text, env);
    token.attrSet("id", id);
    // A heading that holds a link (or a footnote mark) keeps it: links cannot nest.
    if (children.some((child) => child.type === "link_open" || child.type === "footnote_ref")) return;
    const linkOpen = new state.Token("link_open", "a", 1);
    linkOpen.attrSet("href", `#${id}`);
    inline.children = [linkOpen, ...children, new state.Token("link_close", "a", -1)];
  });
});

// ---- Code blocks and tables: their own scroll box, focusable and labelled, so the page never scrolls sideways. ----

const scrollBox = (label: string) => `tabindex="0" role="region" aria-label="${label}"`;

const renderFence = markdown.renderer.rules["fence"];
const renderCodeBlock = markdown.renderer.rules["code_block"];
markdown.renderer.rules["fence"] = (tokens, index, options, env, self) =>
  (renderFence?.(tokens, index, options, env, self) ?? "").replace(/^<pre>/, `<pre ${scrollBox(`Code ${++(env as Env).codeBlocks}`)}>`);
markdown.renderer.rules["code_block"] = (tokens, index, options, env, self) =>
  (renderCodeBlock?.(tokens, index, options, env, self) ?? "").replace(/^<pre>/, `<pre ${scrollBox(`Code ${++(env as Env).codeBlocks}`)}>`);
markdown.renderer.rules["table_open"] = (_tokens, _index, _options, env) =>
  `<div class="table-scroll" ${scrollBox(`Table ${++(env as Env).tables}`)}><table>\n`;
markdown.renderer.rules["table_close"] = () => "</table></div>\n";

// A column's alignment arrives as a style attribute, which the page's Content-Security-Policy blocks: a class instead.
markdown.core.ruler.push("table_alignment", (state) => {
  for (const token of state.tokens) {
    const align = /^text-align:(left|right|center)$/.exec(String(token.attrGet("style") ?? ""))?.[1];
    if (align === undefined) continue;
    token.attrs = (token.attrs ?? []).filter(([name]) => name !== "style");
    if (align !== "left") token.attrSet("class", `align-${align}`);
  }
});

// An empty header cell (the corner above a column of row names) names nothing: axe refuses an empty <th>, so it is a <td>.
markdown.core.ruler.push("empty_header_cells", (state) => {
  state.tokens.forEach((token, index) => {
    const inline = state.tokens[index + 1];
    const close = state.tokens[index + 2];
    if (token.type !== "th_open" || inline?.type !== "inline" || close?.type !== "th_close") return;
    // What the cell shows: `&nbsp;` is text to the source, and nothing to a reader.
    if (!(inline.children ?? []).every((child) => child.type === "text" && child.content.trim() === "")) return;
    token.tag = close.tag = "td";
  });
});

// ---- Footnotes: markdown-it-footnote, with a heading for the notes and a labelled way back to the text. ----

markdown.renderer.rules["footnote_block_open"] = () => '<section class="footnotes">\n<h2>Notes</h2>\n<ol>\n';
markdown.renderer.rules["footnote_anchor"] = (tokens, index, options, env, self) => {
  const { id, subId } = (tokens[index]?.meta ?? { id: 0, subId: 0 }) as { id: number; subId: number };
  const name = `${self.rules["footnote_anchor_name"]?.(tokens, index, options, env, self) ?? ""}${subId > 0 ? `:${subId}` : ""}`;
  const label = `Back to note ${id + 1} in the text${subId > 0 ? `, mention ${subId + 1}` : ""}`;
  return ` <a href="#fnref${name}" class="footnote-backref" aria-label="${label}">\u21a9\uFE0E</a>`;
};

// markdown-it-footnote 4.0.0 appends each note to the page with `state.tokens.concat(…)`, copying the whole body once
// per note (500 notes in a 1,000,000-character article took 6 s). Its rule is given only the notes' own tokens, and
// the body is put back in front afterwards: the same output in linear time. Over MAX_FOOTNOTES, it is not run at all.
markdown.core.ruler.before("footnote_tail", "footnote_body_aside", (state) => {
  const env = state.env as Env;
  const count = env.footnotes?.list?.length ?? 0;
  if (count > MAX_FOOTNOTES) {
    env.problems.push({
      message: `the text has ${count.toLocaleString("en-US")} footnotes, over the limit of ${MAX_FOOTNOTES.toLocaleString("en-US")}`,
      hint: "split the article, or merge notes",
    });
    delete env.footnotes;
  }
  const body: Token[] = [];
  const notes: Token[] = [];
  let depth = 0;
  for (const token of state.tokens) {
    if (token.type === "footnote_reference_open") depth++;
    (depth > 0 ? notes : body).push(token);
    if (token.type === "footnote_reference_close") depth--;
  }
  env.bodyTokens = body;
  state.tokens = notes;
});
markdown.core.ruler.after("footnote_tail", "footnote_body_back", (state) => {
  const env = state.env as Env;
  state.tokens = [...(env.bodyTokens ?? []), ...state.tokens];
  delete env.bodyTokens;
});

markdown.core.ruler.push("check_links", (state) => {
  const { problems } = state.env as Env;
  for (const [index, block] of state.tokens.entries()) {
    const line = lineOf(state.tokens, index);
    const at = line === undefined ? {} : { line };
    for (const token of block.children ?? []) {
      if (token.type === "image") {
        problems.push({ ...pictureProblem(String(token.attrGet("src") ?? "")), ...at });
      } else if (token.type === "link_open") {
        const href = String(token.attrGet("href") ?? "");
        const { links } = state.env as Env;
        if (line !== undefined && !links.has(href)) links.set(href, line);
        const scheme = linkScheme(href);
        if (scheme !== "" && !LINK_SCHEMES.has(scheme)) {
          problems.push({
            message: `the link ${JSON.stringify(href)} uses ${scheme === "invalid:" ? "an address that cannot be read" : scheme}, which is not allowed`,
            hint: "links must start with https://, http://, mailto:, tel: or / (a page on this site)",
            ...at,
          });
        }
      }
    }
  }
});

// ---- Pictures and videos: a picture alone in its paragraph is a figure; a video's address alone is a card. ----

/** Whether a picture's address is on another site (or any address with a scheme, such as data:). */
const isRemote = (src: string) => linkScheme(src) !== "" || src.startsWith("//");

function pictureProblem(src: string): MarkdownProblem {
  return isRemote(src)
    ? {
        message: `the picture ${JSON.stringify(src)} is on another site: the build never fetches from the network, and a remote picture tracks readers and is blocked by the page's security policy`,
        hint: "save the picture into content/articles/images/ and write ![What it shows](images/file.png)",
      }
    : {
        message: `the picture (${src}) shares its paragraph with text`,
        hint: "put the picture on a line of its own, with a blank line before and after it",
      };
}

/**
 * The caption and credit in a picture's title: `"Caption | Photo: Jane Doe"`. The credit is what follows the last
 * ` | `; a title starting with `|` is a credit alone.
 */
export function splitCaption(title: string): { caption?: string; credit?: string } {
  const at = title.lastIndexOf("|");
  const caption = (at < 0 ? title : title.slice(0, at)).trim();
  const credit = at < 0 ? "" : title.slice(at + 1).trim();
  return { ...(caption === "" ? {} : { caption }), ...(credit === "" ? {} : { credit }) };
}

/** A YouTube or Vimeo address as the plain link a card points to, or undefined for any other address. */
export function videoPage(href: string): { url: string; site: string } | undefined {
  // Asked of every paragraph of plain text: most are not addresses, and a URL that fails to parse throws, which
  // cost a cold build of 1000 articles 0.1 s.
  const address = href.trim();
  if (!/^https?:\/\//i.test(address)) return undefined;
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  const host = url.hostname.replace(/^(?:www\.|m\.)/, "");
  const youtube = (id: string | null | undefined) =>
    id && /^[\w-]{6,20}$/.test(id) ? { url: `https://www.youtube.com/watch?v=${id}`, site: "YouTube" } : undefined;
  if (host === "youtube.com" && url.pathname === "/watch") return youtube(url.searchParams.get("v"));
  if (host === "youtube.com") return youtube(/^\/(?:embed|shorts|live)\/([^/]+)$/.exec(url.pathname)?.[1]);
  if (host === "youtu.be") return youtube(url.pathname.slice(1));
  if (host === "vimeo.com" || host === "player.vimeo.com") {
    const id = /^\/(?:video\/)?(\d{1,12})$/.exec(url.pathname)?.[1];
    return id ? { url: `https://vimeo.com/${id}`, site: "Vimeo" } : undefined;
  }
  return undefined;
}

const isBlank = (token: Token) => token.type === "softbreak" || (token.type === "text" && token.content.trim() === "");

function recordPicture(env: Env, image: Token, role: TextPicture["role"], line: number | undefined, firstScreen: boolean): number {
  const src = markdown.normalizeLinkText(String(image.attrGet("src") ?? ""));
  const alt = image.children?.map((child) => child.content).join("") ?? image.content;
  env.pictures.push({
    src,
    alt,
    ...splitCaption(String(image.attrGet("title") ?? "")),
    ...(line === undefined ? {} : { line }),
    role,
    firstScreen,
  });
  return env.pictures.length - 1;
}

// A paragraph holding one local picture and nothing else becomes that picture's marker; a paragraph holding one
// link to a video (its title as text, optionally a local poster picture) or a video's bare address becomes a card.
// Any other picture stays where it is, for check_links to refuse with its line.
markdown.core.ruler.before("check_links", "pictures", (state) => {
  const env = state.env as Env;
  const tokens = state.tokens;
  let blocks = 0;
  for (let index = 0; index < tokens.length; index++) {
    const open = tokens[index];
    if (open === undefined) continue;
    if (open.level === 0 && open.nesting !== -1) blocks++;
    const inline = tokens[index + 1];
    if (open.type !== "paragraph_open" || inline?.type !== "inline" || tokens[index + 2]?.type !== "paragraph_close") continue;
    const children = (inline.children ?? []).filter((child) => !isBlank(child));
    const line = open.map ? open.map[0] + 1 : undefined;
    const firstScreen = blocks <= 2;
    const [first] = children;
    let replacement: Token | undefined;
    // A picture alone, or alone inside a link to a file of the site (a thumbnail linking to its full size: the
    // figure links to the full-size picture itself).
    const linkedPicture =
      children.length === 3 && first?.type === "link_open" && linkScheme(String(first.attrGet("href") ?? "")) === ""
        ? children[1]
        : undefined;
    const alone = children.length === 1 && first?.type === "image" ? first : linkedPicture?.type === "image" ? linkedPicture : undefined;
    if (alone !== undefined && !isRemote(String(alone.attrGet("src") ?? ""))) {
      replacement = new state.Token("body_picture", "", 0);
      replacement.meta = { index: recordPicture(env, alone, "figure", line, firstScreen) };
    } else if (children.length === 1 && first?.type === "text" && videoPage(first.content) !== undefined) {
      replacement = new state.Token("video_card", "", 0);
      replacement.meta = { video: videoPage(first.content), title: "" };
    } else if (first?.type === "link_open" && children.at(-1)?.type === "link_close") {
      const video = videoPage(String(first.attrGet("href") ?? ""));
      const inside = children.slice(1, -1);
      const images = inside.filter((child) => child.type === "image");
      const local = images.length <= 1 && images.every((image) => !isRemote(String(image.attrGet("src") ?? "")));
      if (video !== undefined && local && inside.every((child) => ["text", "image", "softbreak"].includes(child.type))) {
        const title = inside
          .filter((child) => child.type === "text")
          .map((child) => child.content)
          .join(" ")
          .trim();
        const poster = images[0];
        replacement = new state.Token("video_card", "", 0);
        replacement.meta = {
          video,
          title,
          ...(poster === undefined ? {} : { poster: recordPicture(env, poster, "poster", line, firstScreen) }),
        };
      }
    }
    if (replacement === undefined) continue;
    replacement.block = true;
    replacement.map = open.map;
    replacement.level = open.level;
    tokens.splice(index, 3, replacement);
  }
});

markdown.renderer.rules["body_picture"] = (tokens, index) =>
  `${pictureMarker((tokens[index]?.meta as { index: number } | undefined)?.index ?? 0)}\n`;

// A video is a plain link to its page: no script, no frame, nothing fetched from the video site until it is clicked.
markdown.renderer.rules["video_card"] = (tokens, index) => {
  const meta = tokens[index]?.meta as { video: { url: string; site: string }; title: string; poster?: number } | undefined;
  if (meta === undefined) return "";
  const { video, title, poster } = meta;
  const escapeText = markdown.utils.escapeHtml;
  return (
    `<p class="video-card"><a href="${escapeText(video.url)}">` +
    (poster === undefined ? "" : `<span class="video-poster">${pictureMarker(poster)}</span>`) +
    `<span class="video-play" aria-hidden="true">\u25B6\uFE0E</span>` +
    `<span class="video-title">${escapeText(title || `Video on ${video.site}`)}</span>` +
    `<span class="video-site">Watch on ${video.site}</span></a></p>\n`
  );
};

function deepestLevel(tokens: readonly Token[], base = 0): number {
  let deepest = base;
  for (const token of tokens) {
    deepest = Math.max(deepest, base + token.level);
    if (token.children) deepest = Math.max(deepest, deepestLevel(token.children, base + token.level));
  }
  return deepest;
}

/**
 * Renders Markdown to HTML.
 * @throws MarkdownError when the body nests deeper than markdown-it can parse (which would drop content),
 * links with an unsafe scheme, contains a picture, raw HTML, more than MAX_FOOTNOTES footnotes, or an invisible
 * control character.
 * @example renderMarkdown("Hello *world*") // "<p>Hello <em>world</em></p>\n"
 */
export function renderMarkdown(body: string): string {
  return renderArticleBody(body).html;
}

/** A picture in the text, as the editor wrote it; load-articles.ts puts its <figure> where its marker stands. */
export interface TextPicture {
  readonly src: string;
  readonly alt: string;
  readonly caption?: string;
  readonly credit?: string;
  /** 1-based line within the body. */
  readonly line?: number;
  /** A figure in the text, or the poster of a video card (a <picture> inside the card's link). */
  readonly role: "figure" | "poster";
  /** In the body's first two blocks: loaded at once, not lazily. */
  readonly firstScreen: boolean;
}

/**
 * The marker a picture leaves in the rendered HTML. An editor cannot write it: HTML comments in the text are left
 * out and any other `<` is escaped.
 */
export const pictureMarker = (index: number): string => `<!--newsroom-picture ${index}-->`;

/**
 * Renders Markdown to HTML, with a marker (pictureMarker) for each picture instead of its markup, and each link's href
 * with the 1-based body line it is first written on: the pictures are
 * looked at once their files are checked, so the HTML (cached as text) never holds an image address.
 * @throws MarkdownError as renderMarkdown does.
 */
export function renderArticleBody(body: string): { html: string; pictures: TextPicture[]; links: ReadonlyMap<string, number> } {
  const env: Env = { problems: [], pictures: [], links: new Map(), ids: new Set(), nextSuffix: new Map(), codeBlocks: 0, tables: 0 };
  const control = findControlCharacter(body);
  if (control !== undefined) {
    env.problems.push({
      message: `the text contains an invisible control character (${control.name}), which would break the page and the feeds`,
      hint: "delete and retype the end of that line; such characters usually arrive with pasted text",
      line: control.line,
    });
  }
  const tokens = markdown.parse(body, env);
  if (deepestLevel(tokens) >= MAX_NESTING - 1) {
    env.problems.unshift({
      message: `the text nests more than ${MAX_NESTING - 2} levels deep (quotes, lists or emphasis), and the rest would be lost`,
      hint: "flatten the nested quotes or lists",
    });
  }
  if (env.problems.length > 0) throw new MarkdownError(env.problems);
  return { html: markdown.renderer.render(tokens, markdown.options, env), pictures: env.pictures, links: env.links };
}
