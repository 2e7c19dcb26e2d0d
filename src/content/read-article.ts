// Step 1: read an article file and split it into YAML front matter and a Markdown body.
// Front matter is parsed here, as YAML only, so no article can ask for a JavaScript front matter engine.
import { type Document, isNode, LineCounter, parseDocument } from "yaml";
import { MAX_ARTICLE_CHARACTERS, readArticleText } from "./article-file.ts";
import type { ContentProblem } from "./content-error.ts";

/** An article file as read from disk, before validation. */
export interface ArticleSource {
  /** Path relative to the project root, used in every message about this file. */
  readonly file: string;
  /** The parsed front matter, not yet validated. */
  readonly data: unknown;
  /** The Markdown after the closing `---`. */
  readonly body: string;
  /** 1-based line of the file on which the body starts, to turn body line numbers into file line numbers. */
  readonly bodyLine: number;
  /** 1-based line of the YAML node at a field path, for pointing editors at the right line. */
  readonly lineOf: (path: readonly PropertyKey[]) => number | undefined;
}

export type ReadResult =
  | { readonly ok: true; readonly article: ArticleSource }
  | { readonly ok: false; readonly problems: ContentProblem[] };

/** YAML aliases a file may expand: enough for any article, far too few for an alias bomb ("billion laughs"). */
const MAX_ALIAS_COUNT = 50;
const ALIAS_HINT = "write each value out in full instead of using & anchors and * aliases";

/** The YAML mistakes an editor makes (or an attacker tries), said in the editor's words. */
const YAML_MESSAGES: Readonly<Record<string, { message: string; hint: string }>> = {
  DUPLICATE_KEY: { message: "a field appears twice", hint: "keep one of the two lines" },
  TAB_AS_INDENT: {
    message: "a line is indented with a tab, which YAML does not allow",
    hint: "indent with spaces instead of tabs (two spaces for each level)",
  },
  TAG_RESOLVE_FAILED: {
    message: "uses a YAML tag (a word starting with ! before the value), which front matter cannot use",
    hint: "remove the !… before the value: front matter holds only text, numbers, true/false, dates and lists",
  },
};

const OPENING_FENCE = /^---[ \t]*\r?\n/;
const CLOSING_FENCE = /^---[ \t]*$/m;

/** Splits and parses one article; never throws for bad content, it returns the problems instead. */
export function readArticle(file: string, text: string): ReadResult {
  const refuse = (message: string, hint: string, line = 1): ReadResult => ({
    ok: false,
    problems: [{ file, field: "(front matter)", message, hint, line }],
  });
  if (text.length > MAX_ARTICLE_CHARACTERS) {
    return {
      ok: false,
      problems: [
        {
          file,
          field: "(file)",
          message: `the file has ${text.length.toLocaleString("en-US")} characters, over the limit of ${MAX_ARTICLE_CHARACTERS.toLocaleString("en-US")}`,
          hint: "split it into several articles, or move large tables and data to a linked file",
        },
      ],
    };
  }
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  if (!OPENING_FENCE.test(source)) {
    const engine = /^---\s*([A-Za-z]+)/.exec(source)?.[1];
    return engine === undefined
      ? refuse(
          "the file does not start with front matter",
          "start the file with a line of three dashes (---), the YAML fields, then another ---",
        )
      : refuse(
          `front matter must be YAML, but this file asks for "${engine}" (---${engine})`,
          "replace the first line with three dashes (---): articles cannot run code",
        );
  }
  const afterOpening = source.replace(OPENING_FENCE, "");
  const closing = CLOSING_FENCE.exec(afterOpening);
  if (!closing) return refuse("the front matter is never closed", "add a line of three dashes (---) after the last field");

  const yamlText = afterOpening.slice(0, closing.index);
  const bodyStart = closing.index + closing[0].length;
  const body = afterOpening.slice(bodyStart).replace(/^\r?\n/, "");
  const parsed = parseFrontMatter(file, yamlText);
  if (!parsed.ok) return parsed;
  // The body starts on the line after the closing fence: the opening fence, each YAML line, and the closing fence come first.
  const bodyLine = (yamlText.match(/\n/g)?.length ?? 0) + 3;
  return { ok: true, article: { file, data: parsed.data, body, bodyLine, lineOf: parsed.lineOf } };
}

type ParsedFrontMatter =
  | { readonly ok: true; readonly data: unknown; readonly lineOf: ArticleSource["lineOf"] }
  | { readonly ok: false; readonly problems: ContentProblem[] };

/** Any front matter, with a problem for every YAML error or warning, and alias expansion bounded. */
export function parseFrontMatter(file: string, yamlText: string): ParsedFrontMatter {
  const lineCounter = new LineCounter();
  // YAML 1.2 core schema: no custom tags, and dates stay strings so the schema sees exactly what the editor wrote.
  const document = parseDocument(yamlText, { schema: "core", uniqueKeys: true, lineCounter, prettyErrors: false });
  const problems = [...document.errors, ...document.warnings].map((error) => ({
    file,
    field: "(front matter)",
    ...(YAML_MESSAGES[error.code] ?? {
      message: `is not valid YAML: ${error.message.split("\n")[0]}`,
      hint: "check the indentation and put text containing a colon in quotes",
    }),
    line: fileLine(lineCounter, error.pos[0]),
  }));
  if (problems.length > 0) return { ok: false, problems };
  try {
    const data: unknown = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
    return { ok: true, data, lineOf: (path) => lineInDocument(document, lineCounter, path) };
  } catch {
    // The yaml package throws when aliases expand beyond the limit: the file is refused, the build never runs out of memory.
    const message = "uses too many YAML aliases (*name) for front matter";
    return { ok: false, problems: [{ file, field: "(front matter)", message, hint: ALIAS_HINT, line: 1 }] };
  }
}

/** The file line of an offset in the YAML: linePos is 1-based within the YAML, and the opening --- is line 1 of the file. */
const fileLine = (lineCounter: LineCounter, offset: number) => lineCounter.linePos(offset).line + 1;

/** The file line of the deepest node on `path` that the document (parsed with `lineCounter`) has. */
function lineInDocument(document: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let depth = path.length; depth > 0; depth--) {
    const node = document.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return fileLine(lineCounter, node.range[0]);
  }
  return undefined;
}

/** Reads an article from disk (see readArticleText), then splits it. */
export async function readArticleFile(absolutePath: string, file: string): Promise<ReadResult> {
  const read = readArticleText(absolutePath, file);
  return read.ok ? readArticle(file, read.text) : read;
}
