// The edits scripts/import-zola.ts makes to a post's body, one kind per refusal of our build, in the order the
// import summary prints them. Each is what the refusal's message tells an editor to write instead
// (src/content/render-markdown.ts, src/images/image-source.ts, src/content/check-links.ts); every one is counted,
// so none goes unnoticed.

/** Each kind of edit, and what it turns into what: the summary's wording. */
export const EDIT_KINDS = {
  video: "<iframe> of YouTube or Vimeo → the video's address alone on a line",
  "embed-link": "<iframe>, <video> or <embed> of another site → a link to it",
  "html-picture": "<img> of a picture beside the post → a Markdown picture",
  "remote-picture": "picture on another site (![…](https://…) or <img>) → a plain link to it",
  "code-block": "<pre> → a fenced code block",
  code: "<code>, <kbd>, <tt> … → code between backticks",
  table: "<table> → a Markdown table",
  list: "<ul>, <ol> → a Markdown list",
  quote: "<blockquote> → lines starting with >",
  heading: "<h1> … <h6> → a # subheading",
  rule: "<hr> → ---",
  link: "<a href> → [text](address)",
  emphasis: "<b>, <strong>, <i>, <em>, <del> … → **bold**, *italic*, ~~struck out~~",
  "line-break": "<br> → a backslash ending the line (nothing at a paragraph's end; two in a row, a blank line)",
  footnote: "<sup>1</sup> note and its mark → a footnote ([^1])",
  superscript: "<sup>, <sub> → the characters themselves (², ₂)",
  progress: "<progress> → its value as text (3 of 7)",
  "tag-removed": "<div>, <span style>, <p>, <details> … → their text, the tag removed",
  "element-removed": "<script>, <style>, <input> … → removed with what they hold",
  comment: "HTML comment sharing its line with text → deleted",
  "picture-moved": "picture sharing its paragraph with text → a paragraph of its own",
  "picture-unlinked": "picture inside a link to another site → a paragraph of its own, the link after it",
  "picture-copied": "picture of another post (../…) → copied beside this one",
  "still-picture": "animated GIF → a still PNG of its first frame",
  "link-scheme": "address with a misspelt or missing scheme (ttps:…, mail-to:…, github.com/…) → https://… or mailto:…",
  "zola-link": "link to a post by its Zola file or address (@/….md, ../post/) → the post's address here",
  "section-link": "link to a Zola section (/inside-rust/) → its section page (/section/inside-rust/)",
  "file-link": "link to a file beside a post, which the build does not publish → its address on the Zola site",
  "link-removed": "link to a page that exists on neither site → its text",
} as const;

export type EditKind = keyof typeof EDIT_KINDS;

/** Counts of each kind of edit; kinds with none are left out. */
export type EditCounts = Partial<Record<EditKind, number>>;

/** A counter to hand to the edits, and what it has counted. */
export function editCounter(): { count: (kind: EditKind, times?: number) => void; counts: EditCounts } {
  const counts: EditCounts = {};
  const count = (kind: EditKind, times = 1) => {
    counts[kind] = (counts[kind] ?? 0) + times;
  };
  return { counts, count };
}

/** Adds `more` into `total`. */
export function addCounts(total: EditCounts, more: EditCounts): void {
  for (const [kind, times] of Object.entries(more) as [EditKind, number][]) total[kind] = (total[kind] ?? 0) + times;
}
