// Property-based tests: random front matter and Markdown thrown at the pipeline. It never crashes with an unhandled
// error, never emits an executable script or a script URL, and always either reads or refuses cleanly.
// Run counts are modest (CI has two cores); random whole builds are in tests/e2e/random-builds.test.ts.
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { readArticleText } from "../../src/content/article-file.ts";
import { readArticle } from "../../src/content/read-article.ts";
import { MarkdownError, renderMarkdown } from "../../src/content/render-markdown.ts";
import { validateArticle } from "../../src/content/validate-article.ts";
import { isoDateTime, readableDate } from "../../src/render/format-date.ts";
import { assertInert, markdownText } from "../helpers/hostile-markdown.ts";

const YAML_VALUES = [
  ".nan",
  ".inf",
  "-.inf",
  "!!js/function 'function () {}'",
  "!!binary AAAA",
  "&a [1, 2]",
  "*a",
  '"2021-02-30"',
  '"2024-05-01"',
  "2024-05-01",
  "[",
  "{",
  '"',
  "|",
  ">",
  "~",
  "null",
  "true",
  "1e400",
  "<script>alert(1)</script>",
  '"{{ 7*7 }}"',
  "images/../../etc/passwd",
  "/etc/passwd",
  "[a, b]",
  "{ src: x.jpg, alt: y }",
];
const KEYS = [
  "title",
  "description",
  "date",
  "updated",
  "author",
  "slug",
  "section",
  "tags",
  "draft",
  "donation",
  "image",
  "permalink",
  "layout",
  "eleventyComputed",
  "<<",
];
const frontMatterLine = fc
  .tuple(fc.constantFrom(...KEYS), fc.oneof(fc.constantFrom(...YAML_VALUES), fc.string({ maxLength: 40 })))
  .map(([key, value]) => `${key}: ${value}`);
const articleFile = fc.oneof(
  fc
    .tuple(fc.constantFrom("---", "---js", "---yaml", "--- ", "---\r"), fc.array(frontMatterLine, { maxLength: 12 }), markdownText)
    .map(([fence, lines, body]) => `${fence}\n${lines.join("\n")}\n---\n${body}`),
  fc.string({ maxLength: 300 }),
);

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/** Date strings from their parts, most of them in range, some just out of it: month 13, hour 24, zone +30:00. */
const frontMatterDate = fc
  .record({
    year: fc.integer({ min: 1900, max: 2100 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    time: fc.option(
      fc.record({
        hour: fc.integer({ min: 0, max: 25 }),
        minute: fc.integer({ min: 0, max: 60 }),
        second: fc.option(fc.integer({ min: 0, max: 60 })),
        zone: fc.option(
          fc.oneof(
            fc.constant("Z"),
            fc
              .tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 60 }), fc.boolean())
              .map(([sign, hours, minutes, colon]) => `${sign}${pad(hours)}${colon ? ":" : ""}${pad(minutes)}`),
          ),
        ),
      }),
    ),
  })
  .map(({ year, month, day, time }) => {
    const date = `${year}-${pad(month)}-${pad(day)}`;
    if (time === null) return date;
    return `${date}T${pad(time.hour)}:${pad(time.minute)}${time.second === null ? "" : `:${pad(time.second)}`}${time.zone ?? ""}`;
  });

/** Characters no published text may hold, and the bidirectional controls no headline may hold. */
const FORBIDDEN_CODE_POINTS = [0x07, 0x1b, 0x85, 0xfdd0, 0xfdef, 0xfffe, 0xffff, 0x1fffe, 0x10ffff];
const BIDI_CONTROLS = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];

/** Headlines in many scripts, with letters a headline may hold right next to the ones it may not. */
const headline = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom("Minsk", " ", "Łódź", "café", "Мінск", "מינסק", "مينسك", "😀", "‏", "�", "’") },
      { weight: 1, arbitrary: fc.constantFrom(...FORBIDDEN_CODE_POINTS, ...BIDI_CONTROLS).map((code) => String.fromCodePoint(code)) },
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => `Headline ${parts.join("")}`);

describe("random input (fast-check)", () => {
  it("readArticle and validateArticle never throw: every file is read or refused with problems (2,000 runs)", () => {
    fc.assert(
      fc.property(articleFile, (text) => {
        const read = readArticle("content/articles/random.md", text);
        if (!read.ok) {
          assert.ok(read.problems.length > 0 && read.problems.every((problem) => problem.message.length > 0));
          return;
        }
        const validated = validateArticle(read.article);
        if (!validated.ok) assert.ok(validated.problems.every((problem) => problem.field.length > 0 && problem.message.length > 0));
      }),
      { numRuns: 2000 },
    );
  });

  it("a date with or without a zone is accepted only when real, and then shown on the day written (1,000 runs)", () => {
    fc.assert(
      fc.property(frontMatterDate, (date) => {
        const read = readArticle("content/articles/a.md", `---\ntitle: T\ndescription: D\nauthor: A\ndate: "${date}"\n---\nBody\n`);
        assert.ok(read.ok);
        const validated = validateArticle(read.article);
        // The oracle: JavaScript's own calendar, after checking the parts it would silently roll over.
        const [, year, month, day, hour, minute, second, zone] =
          /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d))?(Z|[+-]\d\d:?\d\d)?)?$/.exec(date) ?? [];
        const utc = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
        const calendar = utc.getUTCMonth() === Number(month) - 1 && utc.getUTCDate() === Number(day);
        const clock = hour === undefined || (Number(hour) < 24 && Number(minute) < 60 && Number(second ?? 0) < 60);
        const zoned =
          hour === undefined || (zone !== undefined && (zone === "Z" || /^(?:-(?:0\d|1[0-2])|\+(?:0\d|1[0-4])):[0-5]\d$/.test(zone)));
        assert.equal(validated.ok, calendar && clock && zoned, date);
        if (validated.ok) {
          // Every date the schema accepts is one the templates can print: no RangeError in the Atom feed.
          assert.doesNotThrow(() => isoDateTime(date), date);
          assert.equal(
            readableDate(date, "en-US"),
            `${utc.toLocaleString("en-US", { month: "long", timeZone: "UTC" })} ${Number(day)}, ${year}`,
          );
        } else {
          assert.equal(validated.problems.length, 1, date);
          const [problem] = validated.problems;
          assert.equal(problem?.field, "date");
          assert.equal(problem?.line, 5);
          assert.ok(problem?.message.includes(JSON.stringify(date)), `${date}: ${problem?.message}`);
          assert.ok((problem?.hint ?? "").length > 0);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("a headline with a noncharacter, a control or a bidirectional control is refused with that fix, any other is kept (1,000 runs)", () => {
    fc.assert(
      fc.property(headline, (title) => {
        const read = readArticle(
          "content/articles/a.md",
          `---\ntitle: ${JSON.stringify(title)}\ndescription: D\nauthor: A\ndate: "2024-05-01"\n---\n`,
        );
        assert.ok(read.ok);
        const validated = validateArticle(read.article);
        const codes = [...title].map((character) => character.codePointAt(0) ?? 0);
        const forbidden = codes.some((code) => FORBIDDEN_CODE_POINTS.includes(code));
        const bidi = codes.some((code) => BIDI_CONTROLS.includes(code));
        assert.equal(validated.ok, !forbidden && !bidi, JSON.stringify(title));
        if (validated.ok) {
          assert.equal(validated.frontMatter.title, title.trim());
          return;
        }
        for (const problem of validated.problems) {
          assert.equal(problem.field, "title");
          assert.match(problem.message, forbidden ? /invisible control characters|reverses the text/ : /reverses the text/);
          assert.match(problem.hint ?? "", /retype/);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("a body with a noncharacter or control anywhere is refused with its line (500 runs)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("word ", "\n", "😀", "é"), { maxLength: 30 }),
        fc.constantFrom(...FORBIDDEN_CODE_POINTS),
        fc.nat(),
        (pieces, code, at) => {
          const position = pieces.length === 0 ? 0 : at % (pieces.length + 1);
          const body = [...pieces.slice(0, position), String.fromCodePoint(code), ...pieces.slice(position)].join("");
          assert.throws(
            () => renderMarkdown(body),
            (error: unknown) =>
              error instanceof MarkdownError &&
              error.problems.some((problem) => problem.line === body.slice(0, body.indexOf(String.fromCodePoint(code))).split("\n").length),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it("a file is read only when it is UTF-8, else refused at the first line that is not (200 runs)", async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), "newsroom-utf8-"));
    const file = path.join(folder, "a.md");
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.oneof(fc.constantFrom("---\n", "title: ", "Café", "😀", "\n", "word "), fc.uint8Array({ minLength: 1, maxLength: 3 })),
            {
              maxLength: 20,
            },
          ),
          async (pieces) => {
            const bytes = Buffer.concat(
              pieces.map((piece) => (typeof piece === "string" ? Buffer.from(piece, "utf8") : Buffer.from(piece))),
            );
            await writeFile(file, bytes);
            const result = readArticleText(file, "content/articles/a.md");
            // UTF-8 is exactly what survives a round trip through the lenient decoder unchanged.
            const isUtf8 = (part: Buffer) => Buffer.from(part.toString("utf8"), "utf8").equals(part);
            const withoutBom = bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? bytes.subarray(3) : bytes;
            assert.equal(result.ok, isUtf8(bytes), bytes.toString("hex"));
            if (result.ok) {
              assert.equal(result.text, withoutBom.toString("utf8"));
              return;
            }
            const [problem] = result.problems;
            assert.equal(problem?.field, "(file)");
            assert.match(problem?.hint ?? "", /save the file as UTF-8/);
            const lines = [];
            let start = 0;
            for (let index = 0; index <= bytes.length; index++) {
              if (index === bytes.length || bytes[index] === 0x0a) {
                lines.push(bytes.subarray(start, index + 1));
                start = index + 1;
              }
            }
            const line = problem?.line ?? 0;
            assert.ok(isUtf8(Buffer.concat(lines.slice(0, line - 1))), `the lines before ${line} are UTF-8: ${bytes.toString("hex")}`);
            assert.ok(!isUtf8(Buffer.concat(lines.slice(0, line))), `line ${line} is not: ${bytes.toString("hex")}`);
          },
        ),
        { numRuns: 200 },
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("renderMarkdown returns inert HTML or refuses with a MarkdownError, nothing else (3,000 runs)", () => {
    fc.assert(
      fc.property(markdownText, (body) => {
        let html: string;
        try {
          html = renderMarkdown(body);
        } catch (error) {
          assert.ok(error instanceof MarkdownError, String(error));
          assert.ok(error.problems.length > 0);
          return;
        }
        assertInert(html);
      }),
      { numRuns: 3000 },
    );
  });
});
