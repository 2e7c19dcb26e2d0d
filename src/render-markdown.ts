// Step 3: render an article body from Markdown to HTML. The one place markdown-it is configured.
// Raw HTML is off: an article's `<script>`, `<iframe>` or `onerror=` shows as text, never as markup.

import type { Token } from "markdown-it";
import MarkdownIt from "markdown-it";

/** markdown-it silently stops parsing past its nesting limit; we refuse such articles instead of losing text. */
export const MAX_NESTING = 20;

const markdown = new MarkdownIt("default", {
  html: false, // no raw HTML: nothing an article writes can become a tag (see README, "Security")
  linkify: false, // bare text stays text; editors write links explicitly
  typographer: false, // the editor's characters are published exactly as written
  maxNesting: MAX_NESTING,
});

// The page's <h1> is the headline; a `#` heading in the body becomes <h2> so the outline stays valid.
markdown.core.ruler.push("demote_h1", (state) => {
  for (const token of state.tokens) {
    if ((token.type === "heading_open" || token.type === "heading_close") && token.tag === "h1") token.tag = "h2";
  }
});

export class MarkdownNestingError extends Error {
  override readonly name = "MarkdownNestingError";
}

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
 * @throws MarkdownNestingError when the body nests deeper than markdown-it can parse, which would drop content.
 * @example renderMarkdown("Hello *world*") // "<p>Hello <em>world</em></p>\n"
 */
export function renderMarkdown(body: string): string {
  const env = {};
  const tokens = markdown.parse(body, env);
  if (deepestLevel(tokens) >= MAX_NESTING - 1) {
    throw new MarkdownNestingError(
      `the text nests more than ${MAX_NESTING - 2} levels deep (quotes, lists or emphasis), and the rest would be lost`,
    );
  }
  return markdown.renderer.render(tokens, markdown.options, env);
}
