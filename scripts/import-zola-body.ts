// The edits scripts/import-zola.ts makes to a post's body: for each thing our build refuses, the edit its message
// tells an editor to make, and nothing else (the kinds are in import-zola-edits.ts). A body the build accepts is
// returned byte for byte. markdown-it, set up as the build reads Markdown, says where each piece of raw HTML and
// each picture is, so nothing inside code is touched; the HTML itself is read by a real parser (import-zola-html.ts).
// What is still refused after the edits is returned too, in the build's own words (renderArticleBody), never hidden.
import path from "node:path";
import type { Token } from "markdown-it";
import MarkdownIt from "markdown-it";
import footnote from "markdown-it-footnote";
import { LINK_SCHEMES, linkScheme, MarkdownError, renderArticleBody } from "../src/content/render-markdown.ts";
import { type EditCounts, type EditKind, editCounter } from "./import-zola-edits.ts";
import {
  anchorName,
  BREAK,
  destination,
  escapeMarkdown,
  htmlToMarkdown,
  inlineHtmlToMarkdown,
  isRemote,
  leafTag,
  paragraphEndTag,
} from "./import-zola-html.ts";

const markdown = new MarkdownIt("default", { html: true, linkify: false, typographer: false }).use(footnote);

/** The body's tokens; a table cell's text, which markdown-it gives no lines, gets its row's. */
function parse(body: string): Token[] {
  const tokens = markdown.parse(body, {});
  let lines: [number, number] | undefined;
  for (const token of tokens) {
    if (token.map) lines = token.map;
    else if (token.type === "inline" && lines) token.map = lines;
  }
  return tokens;
}

/** What the picture and link edits need to know about the post and the archive around it. */
export interface PostContext {
  /** The post's Zola `path` (`inside-rust/2024/08/15/title`): links and pictures written as `../…` are relative to its address. */
  readonly zolaPath: string;
  /** The address the Zola site was published at (`https://blog.rust-lang.org`), for files our build does not publish. */
  readonly zolaSite: string;
  /** The post's address on our site (`/title/`). */
  readonly url: string;
  /** Every address our site will serve an article at: each one's own and its aliases. */
  readonly addresses: ReadonlySet<string>;
  /** Our address of the post a Zola internal link names (`inside-rust/title.md`, after `@/`), if the archive has it. */
  readonly urlOfFile: (zolaFile: string) => string | undefined;
  /** Zola section addresses and their pages here: `/inside-rust/` → `/section/inside-rust/`. */
  readonly sections: ReadonlyMap<string, string>;
  /** The file of a picture published at this address of the Zola site (`/inside-rust/…/x.svg`), if the archive has it. */
  readonly fileAt: (sitePath: string) => string | undefined;
  /** The picture beside the post (`demo.gif`) as a file, if there is one. */
  readonly fileBeside: (name: string) => string | undefined;
  /** Whether a picture file is an animation (more than one frame). */
  readonly isAnimated: (file: string) => Promise<boolean>;
  /** Names already beside the post, so a picture copied or made here never replaces one. */
  readonly names: ReadonlySet<string>;
}

/** A file the edited body needs beside it: copied from another post, or a still made from an animation. */
export interface PictureFile {
  readonly kind: "copy" | "still";
  readonly from: string;
  readonly name: string;
}

export interface EditedBody {
  readonly body: string;
  readonly counts: EditCounts;
  readonly files: readonly PictureFile[];
  /** What the build still refuses in the edited body, one line each. */
  readonly problems: readonly string[];
}

interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The text with each replacement made; replacements must not overlap. */
function replace(text: string, replacements: readonly Replacement[]): string {
  let result = text;
  for (const { start, end, text: value } of [...replacements].sort((a, b) => b.start - a.start)) {
    result = `${result.slice(0, start)}${value}${result.slice(end)}`;
  }
  return result;
}

/** Offset of the start of each line (markdown-it counts lines the same way, `\r\n` being one break). */
function lineOffsets(text: string): (line: number) => number {
  const starts = [0];
  for (let index = text.indexOf("\n"); index >= 0; index = text.indexOf("\n", index + 1)) starts.push(index + 1);
  return (line) => starts[line] ?? text.length;
}

const onlyComments = (html: string) => /^\s*(?:<!--[\s\S]*?-->\s*)*$/.test(html);
const inlineTokens = (tokens: readonly Token[]) => tokens.filter((token) => token.type === "inline" && token.map);

/**
 * Where each raw HTML tag of an inline token is in the body, in order; undefined when one cannot be found. Code spans
 * are stepped over, so a tag written inside one is never taken for the tag itself. `cursors` carries on from the
 * previous token on the same lines (the cells of a table row), so no cell finds another's tag.
 */
function locateTags(
  body: string,
  offset: (line: number) => number,
  inline: Token,
  cursors: Map<number, number>,
): { token: Token; start: number; end: number }[] | undefined {
  const from = offset(inline.map?.[0] ?? 0);
  const to = offset(inline.map?.[1] ?? 0);
  const found: { token: Token; start: number; end: number }[] = [];
  let cursor = cursors.get(from) ?? from;
  for (const child of inline.children ?? []) {
    if (child.type === "code_inline") {
      const open = body.indexOf(child.markup, cursor);
      const close = open < 0 ? -1 : body.indexOf(child.markup, open + child.markup.length);
      if (close >= 0 && close < to) cursor = close + child.markup.length;
    } else if (child.type === "html_inline") {
      const start = body.indexOf(child.content, cursor);
      if (start < 0 || start + child.content.length > to) return undefined;
      found.push({ token: child, start, end: start + child.content.length });
      cursor = start + child.content.length;
    }
  }
  cursors.set(from, cursor);
  return found;
}

/** A comment that shares its line with text: deleted (the refusal's other fix, moving it, would leave an empty item). */
function deleteComments(body: string, count: (kind: EditKind) => void): string {
  const offset = lineOffsets(body);
  const replacements: Replacement[] = [];
  for (const token of parse(body)) {
    if (token.type !== "html_block" || !token.map || !token.content.trimStart().startsWith("<!--") || onlyComments(token.content)) continue;
    const start = offset(token.map[0]);
    const end = offset(token.map[1]);
    const lines = body.slice(start, end).split("\n");
    const edited = lines.map((line) => {
      const without = line.replace(/<!--[\s\S]*?-->/g, "");
      if (without === line || without.trim() === "") return line;
      count("comment");
      // `- <!-- old item -->- next item`: the comment was the whole item, so its list marker goes with it.
      return without.replace(/^(\s*)(?:[-*+]|\d{1,9}[.)])[ \t]+(?=(?:[-*+]|\d{1,9}[.)])[ \t])/, "$1");
    });
    replacements.push({ start, end, text: edited.join("\n") });
  }
  return replace(body, replacements);
}

/**
 * Note marks written as `<sup>1</sup>` (or `<sup>[1](#note)</sup>`) whose note is a paragraph starting with
 * `<sup>1</sup>` (or `<a name="note">1</a>:`): the mark becomes `[^1]` and the note `[^1]:`, as the refusal of
 * <sup> asks. A mark with no such note is left for the superscript edit.
 */
function makeFootnotes(body: string, count: (kind: EditKind) => void): string {
  const tokens = parse(body);
  const offset = lineOffsets(body);
  const notes = new Map<string, string>();
  const isTag = (token: Token | undefined, pattern: RegExp) => token?.type === "html_inline" && pattern.test(token.content);
  const number = (token: Token | undefined) => (token?.type === "text" ? /^\s*(\d{1,4})\s*$/.exec(token.content)?.[1] : undefined);
  const label = (note: string) => (body.includes(`[^${note}]`) ? `note-${note}` : note);
  for (const inline of inlineTokens(tokens)) {
    const [first, second, third, fourth] = inline.children ?? [];
    const note = number(second);
    if (note === undefined) continue;
    if (isTag(first, /^<sup>$/i) && isTag(third, /^<\/sup>$/i)) notes.set(note, "");
    const anchor = first?.type === "html_inline" ? anchorName(first.content) : undefined;
    if (anchor !== undefined && isTag(third, /^<\/a>$/i) && fourth?.content.startsWith(":")) notes.set(note, anchor);
  }
  if (notes.size === 0) return body;
  const replacements: Replacement[] = [];
  const cursors = new Map<number, number>();
  for (const inline of inlineTokens(tokens)) {
    const children = inline.children ?? [];
    const tags = locateTags(body, offset, inline, cursors);
    if (tags === undefined) continue;
    const at = (token: Token | undefined) => tags.find((tag) => tag.token === token);
    children.forEach((child, index) => {
      const next = children[index + 1];
      const start = at(child);
      if (!start) return;
      if (index === 0 && anchorName(child.content) !== undefined && notes.get(number(next) ?? "") !== undefined) {
        const end = at(children[index + 2]);
        if (!end || body[end.end] !== ":") return;
        count("footnote");
        replacements.push({ start: start.start, end: end.end + 1, text: `[^${label(number(next) ?? "")}]:` });
        return;
      }
      if (!/^<sup>$/i.test(child.content)) return;
      // A mark is a bare number when its note starts with <sup>, or a link to the note's anchor.
      const anchor = next?.type === "link_open" ? /^#(.+)$/.exec(String(next.attrGet("href") ?? ""))?.[1] : "";
      const note = number(anchor ? children[index + 2] : next);
      const end = at(children[index + (anchor ? 4 : 2)]);
      if (note === undefined || notes.get(note) !== anchor || !end || !/^<\/sup>$/i.test(end.token.content)) return;
      count("footnote");
      replacements.push({ start: start.start, end: end.end, text: index === 0 ? `[^${label(note)}]:` : `[^${label(note)}]` });
    });
  }
  return replace(body, replacements);
}

/** Where a hard break left by the inline HTML goes: a backslash before a newline, nothing at the paragraph's end. */
function placeBreaks(text: string, after: string, oneLine: boolean): string {
  return text.replace(new RegExp(`[ \\t]*${BREAK}[ \\t]*`, "g"), (match, at: number) => {
    if (oneLine) return " ";
    const rest = text.slice(at + match.length) + after;
    if (rest.replaceAll(BREAK, "").trim() === "") return "";
    return /^\r?\n/.test(rest) ? "\\" : "\\\n";
  });
}

/** Inline HTML in paragraphs, headings and table cells: each run from its first tag to its last, as Markdown. */
function convertInlineHtml(body: string, count: (kind: EditKind) => void): string {
  const tokens = parse(body);
  const offset = lineOffsets(body);
  const replacements: Replacement[] = [];
  const cursors = new Map<number, number>();
  tokens.forEach((inline, index) => {
    if (inline.type !== "inline" || !inline.map) return;
    const end = offset(inline.map[1]);
    const tags = locateTags(body, offset, inline, cursors)?.filter((tag) => !tag.token.content.startsWith("<!--"));
    const first = tags?.[0];
    const last = tags?.at(-1);
    if (!tags || !first || !last) return;
    const leaves: string[] = [];
    let html = "";
    tags.forEach((tag, position) => {
      const previous = tags[position - 1];
      if (previous && tag.start > previous.end) html += leafTag(leaves.push(body.slice(previous.end, tag.start)) - 1);
      html += tag.token.content;
    });
    // A table cell or a # heading is one line: a break there is a space. A heading underlined with --- or === may break.
    const opener = tokens[index - 1];
    const oneLine =
      ["th_open", "td_open"].includes(opener?.type ?? "") || (opener?.type === "heading_open" && opener.markup.startsWith("#"));
    const markdownText = inlineHtmlToMarkdown(html, leaves, count);
    replacements.push({ start: first.start, end: last.end, text: placeBreaks(markdownText, body.slice(last.end, end), oneLine) });
  });
  return replace(body, replacements);
}

/**
 * Blocks of raw HTML at the top level, read together as one HTML document in which each run of the post's
 * Markdown between them is a placeholder: an element opened in one block and closed in another (a <blockquote>
 * around Markdown paragraphs) holds that Markdown, as it did on the Zola site.
 */
function convertBlockHtml(body: string, count: (kind: EditKind) => void): string {
  const ranges = parse(body)
    .filter((token) => token.type === "html_block" && token.level === 0 && token.map && !onlyComments(token.content))
    .map((token): [number, number] => [token.map?.[0] ?? 0, token.map?.[1] ?? 0]);
  if (ranges.length === 0) return body;
  const lines = body.split("\n");
  const leaves: string[] = [];
  let html = "";
  let line = 0;
  const leaf = (to: number) => {
    const text = lines.slice(line, to).join("\n");
    if (text.trim() !== "") html += `${leafTag(leaves.push(text) - 1)}\n`;
    else if (to > line) html += `${paragraphEndTag}\n`;
  };
  for (const [start, end] of ranges) {
    leaf(start);
    html += `${lines.slice(start, end).join("\n")}\n`;
    line = end;
  }
  leaf(lines.length);
  const leading = /^(?:[ \t]*\r?\n)*/.exec(body)?.[0] ?? "";
  return `${leading}${htmlToMarkdown(html, leaves, count)}\n`;
}

/** The span of each picture (`![…](…)`, `![…][…]`, `![…]`) in Markdown text, outside code spans, in order. */
export function findPictures(text: string): { start: number; end: number; src?: { start: number; end: number } }[] {
  const found: { start: number; end: number; src?: { start: number; end: number } }[] = [];
  const closing = (from: number, open: string, close: string) => {
    let depth = 0;
    for (let at = from; at < text.length; at++) {
      const character = text.charAt(at);
      if (character === "\\") at++;
      else if (character === open) depth++;
      else if (character === close && --depth === 0) return at;
    }
    return -1;
  };
  for (let at = 0; at < text.length; at++) {
    const character = text.charAt(at);
    if (character === "\\") at++;
    else if (character === "`") {
      const run = /^`+/.exec(text.slice(at))?.[0] ?? "`";
      const close = text.indexOf(run, at + run.length);
      at = close < 0 ? at + run.length - 1 : close + run.length - 1;
    } else if (character === "!" && text.charAt(at + 1) === "[") {
      const label = closing(at + 1, "[", "]");
      if (label < 0) continue;
      const next = text.charAt(label + 1);
      if (next === "(") {
        const end = closing(label + 1, "(", ")");
        if (end < 0) continue;
        const inside = text.slice(label + 2, end);
        const src = /^\s*(<[^>]*>|\S+)/.exec(inside);
        const srcStart = label + 2 + (src?.[0].length ?? 0) - (src?.[1]?.length ?? 0);
        found.push({ start: at, end: end + 1, src: { start: srcStart, end: srcStart + (src?.[1]?.length ?? 0) } });
        at = end;
      } else {
        const end = next === "[" ? closing(label + 1, "[", "]") : label;
        found.push({ start: at, end: end + 1 });
        at = end;
      }
    }
  }
  return found;
}

/**
 * A line holding pictures rewritten so that each is a paragraph of its own, between the text before and after it,
 * blank lines around each; every line keeps the line's quote marks.
 */
function ownParagraphs(text: string, pictures: readonly { start: number; end: number; picture: string }[]): Replacement {
  const first = pictures[0] ?? { start: 0, end: 0 };
  const last = pictures.at(-1) ?? first;
  const start = text.lastIndexOf("\n", first.start - 1) + 1;
  const newline = text.indexOf("\n", last.end);
  const end = newline < 0 ? text.length : newline;
  const prefix = /^[ \t>]*/.exec(text.slice(start))?.[0] ?? "";
  const parts: string[] = [];
  let at = start + prefix.length;
  for (const { start: from, end: to, picture } of pictures) {
    parts.push(text.slice(at, from).trim(), picture);
    at = to;
  }
  parts.push(text.slice(at, end).trim());
  const kept = parts.filter((part) => part !== "").map((part) => `${prefix}${part}`);
  const blank = prefix.trimEnd();
  const before = start > 0 ? [blank] : [];
  const after = text.slice(end).trim() !== "" ? [blank] : [];
  return { start, end, text: [...before, ...kept.flatMap((line, index) => (index === 0 ? [line] : [blank, line])), ...after].join("\n") };
}

/** Spellings of a link's scheme that can only be typing mistakes, and what was meant. */
const MISSPELT_SCHEMES: Readonly<Record<string, string>> = { "ttps:": "https:", "htps:": "https:", "mail-to:": "mailto:" };

const isBlank = (token: Token) => token.type === "softbreak" || (token.type === "text" && token.content.trim() === "");

/** Pictures the build refuses, edited as the refusals ask. */
async function editPictures(body: string, context: PostContext, count: (kind: EditKind) => void, files: PictureFile[]): Promise<string> {
  const tokens = parse(body);
  const offset = lineOffsets(body);
  const replacements: Replacement[] = [];
  const names = new Set(context.names);
  const freeName = (name: string) => {
    const { name: stem, ext } = path.parse(name);
    let candidate = name;
    for (let number = 2; names.has(candidate); number++) candidate = `${stem}-${number}${ext}`;
    names.add(candidate);
    return candidate;
  };
  // Paragraphs sharing lines (the cells of a table row) are looked at together.
  const groups = new Map<string, Token[]>();
  for (const inline of inlineTokens(tokens)) {
    const key = String(inline.map);
    groups.set(key, [...(groups.get(key) ?? []), inline]);
  }
  for (const inlines of groups.values()) {
    const map = inlines[0]?.map ?? [0, 0];
    const from = offset(map[0]);
    const to = offset(map[1]);
    const text = body.slice(from, to);
    const spans = findPictures(text);
    const images = inlines.flatMap((inline) => (inline.children ?? []).filter((child) => child.type === "image"));
    if (spans.length !== images.length) continue;
    const edits: Replacement[] = [];
    const moved: { start: number; end: number; picture: string }[] = [];
    for (const inline of inlines) {
      const children = inline.children ?? [];
      const content = children.filter((child) => !isBlank(child));
      for (const [index, image] of children.entries()) {
        if (image.type !== "image") continue;
        const span = spans[images.indexOf(image)];
        if (span === undefined) continue;
        const src = String(image.attrGet("src") ?? "");
        const alt = image.content;
        const inLink = children[index - 1]?.type === "link_open" && children[index + 1]?.type === "link_close";
        const alone = content.length === 1 || (inLink && content.length === 3);
        const written = text.slice(span.start, span.end);
        if (isRemote(src)) {
          count("remote-picture");
          const replacement = inLink ? escapeMarkdown(alt || "picture") : alt === "" ? `<${src}>` : written.slice(1);
          edits.push({ start: span.start, end: span.end, text: replacement });
          continue;
        }
        let picture = written;
        const renamed = (name: string) =>
          span.src
            ? `${written.slice(0, span.src.start - span.start)}${destination(name)}${written.slice(span.src.end - span.start)}`
            : written;
        if (src.split("/").includes("..") || path.isAbsolute(src)) {
          const address = new URL(src, `https://zola.invalid/${context.zolaPath.replace(/^\/+|\/+$/g, "")}/`).pathname;
          const file = context.fileAt(decodeURIComponent(address));
          if (file !== undefined && span.src) {
            const name = freeName(path.basename(file));
            files.push({ kind: "copy", from: file, name });
            count("picture-copied");
            picture = renamed(name);
          }
        } else if (/\.gif$/i.test(src)) {
          const file = context.fileBeside(decodeURIComponent(src));
          if (file !== undefined && span.src && (await context.isAnimated(file))) {
            const name = freeName(`${path.basename(src, path.extname(src))}.png`);
            files.push({ kind: "still", from: file, name });
            count("still-picture");
            picture = renamed(name);
          }
        }
        const linkTo = inLink ? String(children[index - 1]?.attrGet("href") ?? "") : "";
        if (inLink && content.length === 3 && linkScheme(linkTo) !== "") {
          // [![chart](thumb.png)](https://…): a picture alone in a link to another site is no figure.
          const tail = /^\]\s*(\([^)]*\)|\[[^\]]*\])?/.exec(text.slice(span.end))?.[0] ?? "";
          if (text.charAt(span.start - 1) !== "[" || tail === "") continue;
          count("picture-unlinked");
          edits.push({ start: span.start - 1, end: span.end + tail.length, text: `${picture}\n\n[${escapeMarkdown(alt)}${tail}` });
        } else if (!alone && !inLink) {
          count("picture-moved");
          moved.push({ start: span.start, end: span.end, picture });
        } else if (picture !== written) edits.push({ start: span.start, end: span.end, text: picture });
      }
    }
    // Pictures to move, one rewrite per line that holds them.
    const lineOf = (at: number) => text.lastIndexOf("\n", at - 1);
    for (const line of new Set(moved.map((picture) => lineOf(picture.start)))) {
      edits.push(
        ownParagraphs(
          text,
          moved.filter((picture) => lineOf(picture.start) === line),
        ),
      );
    }
    replacements.push(...edits.map((edit) => ({ start: from + edit.start, end: from + edit.end, text: edit.text })));
  }
  return replace(body, replacements);
}

/** Pages the build publishes besides articles, which a link may point at as they are. */
const SITE_PAGES = /^\/(?:(?:section|tag|author|page)\/.*|feed\.xml|feed\.json|sitemap\.xml|news-sitemap\.xml|robots\.txt|404\.html)?$/;

type LinkFix = { readonly kind: EditKind; readonly href?: string };

/**
 * The edit for a link the build's link check refuses (it points inside the site at nothing, or uses a scheme that
 * is not allowed), or undefined for a link it accepts. Where the Zola site knew the page, the link points at the same
 * page here; a page that exists on neither site loses its link and keeps its text.
 */
export function fixLink(href: string, context: PostContext): LinkFix | undefined {
  const scheme = linkScheme(href);
  if (href.startsWith("#") || LINK_SCHEMES.has(scheme)) return undefined;
  if (scheme !== "") {
    const meant = MISSPELT_SCHEMES[scheme];
    return meant === undefined ? undefined : { kind: "link-scheme", href: `${meant}${href.slice(scheme.length)}` };
  }
  // github.com/rust-lang/rust: an address of another site written without its https://.
  if (/^(?:[a-z0-9-]+\.)+[a-z]{2,}\//i.test(href)) return { kind: "link-scheme", href: `https://${href}` };
  const served = (address: string) => context.addresses.has(address) || SITE_PAGES.test(address);
  if (href.startsWith("@/")) {
    const [file = "", fragment] = href.slice(2).split("#");
    const url = context.urlOfFile(decodeURIComponent(file));
    return url === undefined
      ? { kind: "link-removed" }
      : { kind: "zola-link", href: `${url}${fragment === undefined ? "" : `#${fragment}`}` };
  }
  const here = new URL(href, `https://site.invalid${context.url}`);
  if (served(decodeURIComponent(here.pathname))) return undefined;
  const there = new URL(href, `https://site.invalid/${context.zolaPath.replace(/^\/+|\/+$/g, "")}/`);
  const address = decodeURIComponent(there.pathname);
  const rest = `${there.search}${there.hash}`;
  const section = context.sections.get(address) ?? context.sections.get(`${address}/`);
  if (section !== undefined) return { kind: "section-link", href: `${section}${rest}` };
  if (served(address)) return { kind: "zola-link", href: `${address}${rest}` };
  if (served(`${address}/`)) return { kind: "zola-link", href: `${address}/${rest}` };
  if (context.fileAt(address) !== undefined)
    return { kind: "file-link", href: `${context.zolaSite.replace(/\/+$/, "")}${there.pathname}${rest}` };
  return { kind: "link-removed" };
}

/**
 * Links the build's link check refuses, edited as fixLink says: in the paragraph, or in their reference definition.
 * Only the links the build checks are looked at: a figure's link to its full-size picture is never checked.
 */
function editLinks(body: string, context: PostContext, count: (kind: EditKind) => void): string {
  let checked: ReadonlySet<string> | undefined;
  try {
    checked = new Set(renderArticleBody(body).links.keys());
  } catch {
    checked = undefined;
  }
  const tokens = parse(body);
  const offset = lineOffsets(body);
  const covered = new Set<number>();
  for (const token of tokens) for (let line = token.map?.[0] ?? 0; line < (token.map?.[1] ?? 0); line++) covered.add(line);
  const replacements: Replacement[] = [];
  const cursors = new Map<number, number>();
  for (const inline of inlineTokens(tokens)) {
    const map = inline.map ?? [0, 0];
    const from = offset(map[0]);
    const text = body.slice(from, offset(map[1]));
    for (const link of (inline.children ?? []).filter((child) => child.type === "link_open")) {
      const href = String(link.attrGet("href") ?? "");
      if (checked !== undefined && !checked.has(href)) continue;
      const fix = fixLink(href, context);
      if (fix === undefined) continue;
      const written = [href, markdown.normalizeLinkText(href)];
      const cursor = cursors.get(from) ?? 0;
      const inlineAt = Math.min(...written.map((raw) => text.indexOf(`](${raw}`, cursor)).map((at) => (at < 0 ? Infinity : at)));
      if (Number.isFinite(inlineAt)) {
        const raw = written.find((candidate) => text.startsWith(`](${candidate}`, inlineAt)) ?? href;
        const close = text.indexOf(")", inlineAt + 2 + raw.length);
        cursors.set(from, close + 1);
        if (fix.href !== undefined) {
          replacements.push({ start: from + inlineAt + 2, end: from + inlineAt + 2 + raw.length, text: destination(fix.href) });
        } else {
          // [its text](nowhere) → its text: the opening bracket is the one this `]` closes.
          let depth = 0;
          let open = inlineAt;
          for (; open >= 0; open--) {
            const character = text.charAt(open);
            if (text.charAt(open - 1) === "\\") continue;
            if (character === "]") depth++;
            else if (character === "[" && --depth === 0) break;
          }
          if (open < 0 || close < 0) continue;
          replacements.push({ start: from + open, end: from + close + 1, text: text.slice(open + 1, inlineAt) });
        }
        count(fix.kind);
        continue;
      }
      if (fix.href === undefined) continue;
      // A reference link: its definition is a line outside every block (`[label]: address`).
      const lines = body.split("\n");
      const definitionAt = (line: string) => {
        const start = /^ {0,3}\[[^\]]+\]:[ \t]*<?/.exec(line)?.[0].length;
        const raw = start === undefined ? undefined : written.find((candidate) => line.startsWith(candidate, start));
        return start === undefined || raw === undefined ? undefined : { start, raw };
      };
      const line = lines.findIndex((candidate, index) => !covered.has(index) && definitionAt(candidate) !== undefined);
      const definition = lines[line] ?? "";
      const found = definitionAt(definition);
      if (line < 0 || found === undefined || replacements.some((replacement) => replacement.start === offset(line))) continue;
      const end = found.start + found.raw.length;
      replacements.push({
        start: offset(line),
        end: offset(line) + definition.length,
        text: `${definition.slice(0, found.start)}${fix.href}${definition.slice(end)}`,
      });
      count(fix.kind);
    }
  }
  return replace(body, replacements);
}

/** What the build refuses in a body, one line each, in its own words. */
export function refusalsOf(body: string): string[] {
  try {
    renderArticleBody(body);
    return [];
  } catch (error) {
    if (!(error instanceof MarkdownError)) throw error;
    return error.problems.map((problem) => `${problem.line === undefined ? "" : `line ${problem.line}: `}${problem.message}`);
  }
}

/**
 * A Zola post's body edited where our build refuses it, each edit counted; unchanged (the same string) when
 * nothing in it is refused.
 * @example await editBody('Hi<br>there', context) // { body: "Hi\\\nthere", counts: { "line-break": 1 }, … }
 */
export async function editBody(body: string, context: PostContext): Promise<EditedBody> {
  const { count, counts } = editCounter();
  const files: PictureFile[] = [];
  let edited = body;
  if (/<[a-z!/]/i.test(body)) {
    edited = deleteComments(edited, count);
    edited = makeFootnotes(edited, count);
    edited = convertInlineHtml(edited, count);
    edited = convertBlockHtml(edited, count);
  }
  edited = await editPictures(edited, context, count, files);
  edited = editLinks(edited, context, count);
  const changed = Object.keys(counts).length > 0;
  return { body: changed ? edited : body, counts, files, problems: refusalsOf(changed ? edited : body) };
}
