// Reading, validating and rendering an article's text: YAML, the zod schema and markdown-it. Imported only when
// an article's text is not in the text cache (src/content/load-articles.ts), so a warm build never loads any of them.
import type { ParsedText } from "../cache/article-text-cache.ts";
import type { ContentProblem } from "./content-error.ts";
import { readArticle } from "./read-article.ts";
import { readingMinutes } from "./reading-time.ts";
import { MarkdownError, renderArticleBody, type TextPicture } from "./render-markdown.ts";
import { validateArticle } from "./validate-article.ts";

/**
 * Reads, validates and renders an article's text. Markdown problems come with the rest, so that the image is still
 * checked and every problem reported at once; front matter that cannot be read or validated stops here.
 */
export function parseText(
  displayFile: string,
  text: string,
): { ok: true; parsed: ParsedText; problems: ContentProblem[] } | { ok: false; problems: ContentProblem[] } {
  const read = readArticle(displayFile, text);
  if (!read.ok) return { ok: false, problems: read.problems };
  const validated = validateArticle(read.article);
  if (!validated.ok) return { ok: false, problems: validated.problems };
  const problems: ContentProblem[] = [];
  let html = "";
  let pictures: TextPicture[] = [];
  let linkLines: Record<string, number> = {};
  try {
    const rendered = renderArticleBody(read.article.body);
    ({ html, pictures } = rendered);
    linkLines = Object.fromEntries([...rendered.links].map(([href, line]) => [href, read.article.bodyLine + line - 1]));
  } catch (error) {
    if (!(error instanceof MarkdownError)) throw error;
    for (const { line, ...problem } of error.problems) {
      problems.push({
        file: displayFile,
        field: "(body)",
        ...problem,
        ...(line === undefined ? {} : { line: read.article.bodyLine + line - 1 }),
      });
    }
  }
  const imageLine = validated.frontMatter.image ? read.article.lineOf(["image", "src"]) : undefined;
  const parsed: ParsedText = {
    frontMatter: validated.frontMatter,
    html,
    // Lines in the file, not the body, so a problem with a picture found later names the editor's line.
    pictures: pictures.map(({ line, ...picture }) => ({
      ...picture,
      ...(line === undefined ? {} : { line: read.article.bodyLine + line - 1 }),
    })),
    readingMinutes: readingMinutes(html),
    linkLines,
    ...(imageLine === undefined ? {} : { imageLine }),
  };
  return { ok: true, parsed, problems };
}
