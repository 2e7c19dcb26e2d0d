// Raw HTML in a Zola post, read by a real HTML parser (linkedom) and written as the Markdown our build accepts:
// each element becomes what the build's refusal of its tag tells an editor to write instead (HTML_FIXES in
// src/content/render-markdown.ts), and each is counted by kind. The post's own Markdown between or inside the HTML
// arrives as numbered placeholder elements (leafTag) and is copied back byte for byte; the HTML's own text is
// escaped, so it reads in Markdown as it read in HTML.
import { parseHTML } from "linkedom";
import { videoPage } from "../src/content/render-markdown.ts";
import type { EditKind } from "./import-zola-edits.ts";

/** The element standing for the post's own Markdown, which the HTML around it holds. */
const LEAF = "newsroom-markdown-leaf";
export const leafTag = (index: number) => `<${LEAF} data-index="${index}"></${LEAF}>`;
/** A blank line between two blocks of HTML: it ends a paragraph, as it did in the Markdown. */
const PARAGRAPH_END = "newsroom-paragraph-end";
export const paragraphEndTag = `<${PARAGRAPH_END}></${PARAGRAPH_END}>`;
/** A hard line break until the paragraph is finished: a backslash and a newline inside it, nothing at its ends. */
export const BREAK = "\uE000";

const BLOCKS = new Set([
  ...["address", "article", "aside", "blockquote", "center", "details", "dialog", "dd", "div", "dl", "dt", "fieldset"],
  ...["figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav"],
  ...["ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption", "ul"],
  ...["iframe", "video", "audio", "embed", "object", LEAF],
]);
/** Removed with what they hold: what they hold is code, settings or a control, never the post's text. */
const DROPPED = new Set([
  "script",
  "style",
  "link",
  "meta",
  "noscript",
  "template",
  "base",
  "input",
  "button",
  "select",
  "textarea",
  "source",
  "track",
]);
const EMPHASIS: Readonly<Record<string, string>> = {
  b: "**",
  strong: "**",
  i: "*",
  em: "*",
  cite: "*",
  u: "*",
  s: "~~",
  del: "~~",
  strike: "~~",
};
const CODE = new Set(["code", "kbd", "samp", "tt", "var"]);
const SUPERSCRIPT: Readonly<Record<string, string>> = Object.fromEntries(
  [..."0123456789+-=()n"].map((character, index) => [character, "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ".charAt(index)]),
);
const SUBSCRIPT: Readonly<Record<string, string>> = Object.fromEntries(
  [..."0123456789+-=()"].map((character, index) => [character, "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎".charAt(index)]),
);

/** Text of the HTML as Markdown text: every character Markdown would read as syntax is escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, "\\$&").replace(/&(?=#?\w+;)/g, "\\&");
}

/** Whether an address is on another site (or has any scheme, such as data:), as the build decides it. */
export const isRemote = (src: string) => /^[a-z][a-z0-9+.-]*:/i.test(src.trim()) || src.trim().startsWith("//");

/** A link or picture destination, in angle brackets when it holds spaces or parentheses. */
export const destination = (href: string) => (/[\s()<>]/.test(href) ? `<${href.replace(/[<>]/g, encodeURIComponent)}>` : href);

interface Converter {
  readonly leaves: readonly string[];
  readonly count: (kind: EditKind) => void;
}

type Element = ReturnType<typeof parseHTML>["document"]["body"];
type ChildNode = Element["childNodes"][number];
const isElement = (node: ChildNode): node is Element => node.nodeType === 1;
const collapse = (text: string) => text.replace(/[ \t\n\r\f]+/g, " ");

/** What an element's text says, with the Markdown placeholders in it as their Markdown. */
function plainText(node: ChildNode, converter: Converter): string {
  if (node.nodeType === 3) return (node as unknown as { data: string }).data;
  if (!isElement(node)) return "";
  if (node.localName === LEAF) return converter.leaves[Number(node.getAttribute("data-index"))] ?? "";
  return [...node.childNodes].map((child) => plainText(child, converter)).join("");
}

/**
 * A paragraph of inline Markdown, its line breaks placed and the start of each line kept from reading as a block.
 * Two breaks in a row (`<br><br>`) leave a blank line instead: a new paragraph.
 */
function finishParagraph(text: string): string {
  return text
    .replace(new RegExp(`[ \\t]*${BREAK}[ \\t]*`, "g"), BREAK)
    .split(new RegExp(`${BREAK}{2,}`))
    .map((paragraph) =>
      paragraph
        .trim()
        .replace(new RegExp(`^${BREAK}+|${BREAK}+$`, "g"), "")
        .trim()
        .split(BREAK)
        .map((line) => line.replace(/^([#>+=-])/, "\\$1").replace(/^(\d{1,9})([.)])/, "$1\\$2"))
        .join("\\\n"),
    )
    .filter((paragraph) => paragraph !== "")
    .join("\n\n");
}

/** Inline content on one line (a heading, a table cell): breaks and newlines become spaces. */
const oneLine = (text: string) => collapse(text.replaceAll(BREAK, " ")).trim();

function convertInline(nodes: Iterable<ChildNode>, converter: Converter): string {
  return [...nodes].map((node) => inline(node, converter)).join("");
}

/** Markup around text, with the text's outer spaces moved outside it (`** x**` is not bold). */
function wrap(text: string, mark: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(text);
  return match?.[2] ? `${match[1]}${mark}${match[2]}${mark}${match[3]}` : text;
}

function codeSpan(text: string): string {
  const code = collapse(text);
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = code.startsWith("`") || code.endsWith("`") ? " " : "";
  return code.trim() === "" ? "" : `${fence}${pad}${code}${pad}${fence}`;
}

function picture(element: Element, converter: Converter): string {
  const src = (element.getAttribute("src") ?? "").trim();
  const alt = collapse(element.getAttribute("alt") ?? "").trim();
  const title = collapse(element.getAttribute("title") ?? "").trim();
  if (src === "") return "";
  if (isRemote(src)) {
    converter.count("remote-picture");
    return alt === "" ? `<${src}>` : `[${escapeMarkdown(alt)}](${destination(src)})`;
  }
  converter.count("html-picture");
  return `![${escapeMarkdown(alt)}](${destination(src)}${title === "" ? "" : ` "${title.replaceAll('"', '\\"')}"`})`;
}

function inline(node: ChildNode, converter: Converter): string {
  if (node.nodeType === 3) return escapeMarkdown(collapse((node as unknown as { data: string }).data));
  if (!isElement(node)) return "";
  const name = node.localName;
  const inner = () => convertInline(node.childNodes, converter);
  if (name === LEAF) return plainText(node, converter);
  if (name === PARAGRAPH_END) return " ";
  if (DROPPED.has(name)) {
    converter.count("element-removed");
    return "";
  }
  if (name === "br") {
    converter.count("line-break");
    return BREAK;
  }
  if (name === "img") return picture(node, converter);
  if (name === "a") {
    const href = node.getAttribute("href")?.trim();
    const text = inner();
    if (href === undefined || href === "") {
      converter.count("tag-removed");
      return text;
    }
    converter.count("link");
    if (text.trim() === "") return isRemote(href) ? `<${href}>` : "";
    return `[${text.trim()}](${destination(href)})`;
  }
  const emphasis = EMPHASIS[name];
  if (emphasis !== undefined) {
    converter.count("emphasis");
    return wrap(inner(), emphasis);
  }
  if (CODE.has(name)) {
    converter.count("code");
    return codeSpan(plainText(node, converter));
  }
  if (name === "sup" || name === "sub") {
    const text = plainText(node, converter).trim();
    const table = name === "sup" ? SUPERSCRIPT : SUBSCRIPT;
    if (text !== "" && [...text].every((character) => table[character] !== undefined)) {
      converter.count("superscript");
      return [...text].map((character) => table[character]).join("");
    }
    converter.count("tag-removed");
    return inner();
  }
  if (name === "progress") {
    converter.count("progress");
    const value = node.getAttribute("value");
    return value === null ? "" : `${escapeMarkdown(value)} of ${escapeMarkdown(node.getAttribute("max") ?? "1")}`;
  }
  if (BLOCKS.has(name)) return ` ${convertBlocks([node], converter).join(" ")} `;
  converter.count("tag-removed");
  return inner();
}

/** The blocks of a list item, a nested list right under the line it belongs to. */
function listItem(marker: string, blocks: readonly string[]): string {
  const text = blocks.reduce(
    (joined, block, index) => (index === 0 ? block : `${joined}${/^(?:[-*+]|\d+[.)])(?: |$)/.test(block) ? "\n" : "\n\n"}${block}`),
    "",
  );
  const indent = " ".repeat(marker.length);
  return `${marker}${text}`
    .split("\n")
    .map((line, index) => (index === 0 || line === "" ? line : `${indent}${line}`))
    .join("\n")
    .trimEnd();
}

function list(element: Element, converter: Converter): string {
  converter.count("list");
  const ordered = element.localName === "ol";
  const start = Number(element.getAttribute("start") ?? 1) || 1;
  const items = [...element.childNodes].filter((child) =>
    isElement(child) ? child.localName !== PARAGRAPH_END : plainText(child, converter).trim() !== "",
  );
  const rendered = items.map((item, index) =>
    listItem(
      ordered ? `${start + index}. ` : "- ",
      convertBlocks(isElement(item) && item.localName === "li" ? item.childNodes : [item], converter),
    ),
  );
  return rendered.join(rendered.some((item) => item.includes("\n\n")) ? "\n\n" : "\n");
}

function fence(element: Element, converter: Converter): string {
  converter.count("code-block");
  const code = [...element.childNodes].find((child) => isElement(child) && child.localName === "code") as Element | undefined;
  const language = /\blanguage-([\w+#-]+)/.exec(code?.getAttribute("class") ?? element.getAttribute("class") ?? "")?.[1] ?? "";
  const text = plainText(element, converter)
    .replace(/^\r?\n/, "")
    .trimEnd();
  const longest = Math.max(0, ...(text.match(/`{3,}/g) ?? []).map((run) => run.length));
  const marks = "`".repeat(Math.max(3, longest + 1));
  return `${marks}${language}\n${text}\n${marks}`;
}

/** A table's rows as a grid, each spanning cell's text in its first row and column and the rest left empty. */
function table(element: Element, converter: Converter): string {
  converter.count("table");
  const rows: Element[] = [];
  const collect = (parent: Element) => {
    for (const child of parent.childNodes) {
      if (!isElement(child)) continue;
      if (child.localName === "tr") rows.push(child);
      else if (["thead", "tbody", "tfoot"].includes(child.localName)) collect(child);
    }
  };
  collect(element);
  const grid: string[][] = rows.map(() => []);
  rows.forEach((row, rowIndex) => {
    const line = grid[rowIndex] ?? [];
    let column = 0;
    for (const cell of row.childNodes) {
      if (!isElement(cell) || !["td", "th"].includes(cell.localName)) continue;
      while (line[column] !== undefined) column++;
      const text = oneLine(convertBlocks(cell.childNodes, converter).join(" ")).replace(/(?<!\\)\|/g, "\\|");
      const rowSpan = Math.max(1, Number(cell.getAttribute("rowspan") ?? 1) || 1);
      const colSpan = Math.max(1, Number(cell.getAttribute("colspan") ?? 1) || 1);
      for (let down = 0; down < rowSpan && rowIndex + down < grid.length; down++) {
        for (let across = 0; across < colSpan; across++) {
          const target = grid[rowIndex + down];
          if (target) target[column + across] = down === 0 && across === 0 ? text : "";
        }
      }
      column += colSpan;
    }
  });
  const width = Math.max(1, ...grid.map((line) => line.length));
  const cells = (line: readonly string[]) => `| ${Array.from({ length: width }, (_, index) => line[index] ?? "").join(" | ")} |`;
  const [header = [], ...body] = grid;
  return [cells(header), `|${" --- |".repeat(width)}`, ...body.map(cells)].join("\n");
}

function embedded(element: Element, converter: Converter): string {
  const source = [...element.childNodes].find((child) => isElement(child) && child.localName === "source") as Element | undefined;
  const src = (element.getAttribute("src") ?? element.getAttribute("data") ?? source?.getAttribute("src") ?? "").trim();
  const video = src === "" ? undefined : videoPage(src);
  if (video !== undefined) {
    converter.count("video");
    return video.url;
  }
  if (isRemote(src)) {
    converter.count("embed-link");
    const title = collapse(element.getAttribute("title") ?? "").trim();
    return title === "" ? `<${src}>` : `[${escapeMarkdown(title)}](${destination(src)})`;
  }
  converter.count("element-removed");
  return "";
}

function block(element: Element, converter: Converter): string[] {
  const name = element.localName;
  if (name === LEAF) return [plainText(element, converter).replace(/^(?:[ \t]*\r?\n)+|\s+$/g, "")];
  if (name === "pre") return [fence(element, converter)];
  if (name === "ul" || name === "ol") return [list(element, converter)];
  if (name === "table") return [table(element, converter)];
  if (["iframe", "video", "audio", "embed", "object"].includes(name)) return [embedded(element, converter)];
  if (name === "hr") {
    converter.count("rule");
    return ["---"];
  }
  if (/^h[1-6]$/.test(name)) {
    converter.count("heading");
    const text = oneLine(convertInline(element.childNodes, converter));
    return text === "" ? [] : [`${"#".repeat(Number(name.slice(1)))} ${text}`];
  }
  const inner = convertBlocks(element.childNodes, converter);
  if (name === "blockquote") {
    converter.count("quote");
    const text = inner.join("\n\n");
    return text === ""
      ? []
      : [
          text
            .split("\n")
            .map((line) => (line === "" ? ">" : `> ${line}`))
            .join("\n"),
        ];
  }
  converter.count("tag-removed");
  return inner;
}

/** Markdown blocks of these nodes: block elements each give theirs, and runs of inline content a paragraph. */
export function convertBlocks(nodes: Iterable<ChildNode>, converter: Converter): string[] {
  const blocks: string[] = [];
  let paragraph = "";
  const flush = () => {
    const text = finishParagraph(paragraph);
    if (text !== "") blocks.push(text);
    paragraph = "";
  };
  for (const node of nodes) {
    if (isElement(node) && node.localName === PARAGRAPH_END) flush();
    else if (isElement(node) && BLOCKS.has(node.localName) && !DROPPED.has(node.localName)) {
      flush();
      blocks.push(...block(node, converter).filter((text) => text.trim() !== ""));
    } else paragraph += inline(node, converter);
  }
  flush();
  return blocks;
}

const parse = (html: string) => parseHTML(`<!doctype html><html><body>${html}</body></html>`).document.body;

/**
 * HTML holding the post's Markdown (`leaves`, placed by leafTag) as Markdown blocks, joined by blank lines.
 * @example htmlToMarkdown('<div style="x"><b>Hi</b></div>', [], count) // "**Hi**"
 */
export function htmlToMarkdown(html: string, leaves: readonly string[], count: (kind: EditKind) => void): string {
  if (html.includes(`<${LEAF}`) && leaves.length === 0) throw new Error(`the HTML holds <${LEAF}>, which stands for the post's Markdown`);
  return convertBlocks(parse(html).childNodes, { leaves, count }).join("\n\n");
}

/** The name of an anchor tag (`<a name="note">`, with no href), read by the parser; undefined for any other tag. */
export function anchorName(tag: string): string | undefined {
  const element = parse(tag).firstElementChild;
  return element?.localName === "a" && !element.hasAttribute("href") ? (element.getAttribute("name") ?? undefined) : undefined;
}

/**
 * Inline HTML inside a paragraph of the post, with its Markdown runs as `leaves`: one line of inline Markdown, hard
 * breaks left as BREAK for the caller to place, since only it knows what follows.
 */
export function inlineHtmlToMarkdown(html: string, leaves: readonly string[], count: (kind: EditKind) => void): string {
  return convertInline(parse(html).childNodes, { leaves, count });
}
