// Step 3: render an article body from Markdown to HTML. The one place markdown-it is configured.
// Raw HTML is off: an article's `<script>`, `<iframe>` or `onerror=` shows as text, never as markup.
// Links may only use safe schemes, and pictures in the body are refused (see docs/security.md).

import type { Token } from "markdown-it";
import MarkdownIt from "markdown-it";
import { findControlCharacter } from "./control-characters.ts";

/** markdown-it silently stops parsing past its nesting limit; we refuse such articles instead of losing text. */
export const MAX_NESTING = 20;

/** Schemes a link in an article may use; a link without a scheme (`/about/`, `#notes`, `page/`) is always fine. */
export const LINK_SCHEMES: ReadonlySet<string> = new Set(["https:", "http:", "mailto:", "tel:"]);

const markdown = new MarkdownIt("default", {
  html: false, // no raw HTML: nothing an article writes can become a tag (see docs/security.md)
  linkify: false, // bare text stays text; editors write links explicitly
  typographer: false, // the editor's characters are published exactly as written
  maxNesting: MAX_NESTING,
});

// markdown-it's own check turns a `javascript:` link into plain text without a word. Every link is parsed
// instead, and the `check_links` rule below refuses the unsafe ones, so the editor learns about them.
markdown.validateLink = () => true;

// The page's <h1> is the headline; a `#` heading in the body becomes <h2> so the outline stays valid.
markdown.core.ruler.push("demote_h1", (state) => {
  for (const token of state.tokens) {
    if ((token.type === "heading_open" || token.type === "heading_close") && token.tag === "h1") token.tag = "h2";
  }
});

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

type Env = { problems: MarkdownProblem[] };

markdown.core.ruler.push("check_links", (state) => {
  const { problems } = state.env as Env;
  for (const block of state.tokens) {
    const line = block.map ? block.map[0] + 1 : undefined;
    const at = line === undefined ? {} : { line };
    for (const token of block.children ?? []) {
      if (token.type === "image") {
        problems.push({
          message: `the text contains a picture (${String(token.attrGet("src") ?? "")}): pictures in the text are not published`,
          hint: "remove it; the article's one picture is the headline image, set with image: in the front matter",
          ...at,
        });
      } else if (token.type === "link_open") {
        const href = String(token.attrGet("href") ?? "");
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
 * links with an unsafe scheme, contains a picture, or an invisible control character.
 * @example renderMarkdown("Hello *world*") // "<p>Hello <em>world</em></p>\n"
 */
export function renderMarkdown(body: string): string {
  const env: Env = { problems: [] };
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
  return markdown.renderer.render(tokens, markdown.options, env);
}
