// Front matter is read by a quick parser (js-yaml) when it can, and by the full one (yaml) otherwise
// (src/read-article.ts). An article must mean the same whichever parser reads it: wherever the quick parser
// answers, the full parser accepts the same text and reads the same values, and points at the same lines.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseFrontMatterFully, parseFrontMatterQuickly } from "../../src/content/read-article.ts";

/** Scalars where YAML parsers tend to disagree: numbers in every base, nulls, booleans, dates, quoting, escapes. */
const SCALARS = [
  "0b101",
  "0o17",
  "0x1F",
  "1_000",
  "+12",
  "-0",
  ".5",
  "1e3",
  ".inf",
  "-.Inf",
  ".NaN",
  "~",
  "null",
  "Null",
  "yes",
  "on",
  "True",
  "tRue",
  "2020-01-01",
  "2020-01-01T10:00:00Z",
  "12:30",
  "007",
  "''",
  "'a''b'",
  '"\\u00e9\\x41\\n"',
  '"unclosed',
  "a: b",
  "a #not a comment",
  "a # comment",
  "Q&A",
  "Wow!",
  "5 * 3",
  "&a x",
  "*a",
  "!!str 12",
  "!custom x",
  "[a, b]",
  "[a, [b, c]]",
  "{a: 1, b: [x]}",
  "{a: 1, a: 2}",
  "[",
  "|\n  one\n  two",
  ">-\n  folded\n  text",
  "\n  - one\n  - two",
  "\n  alt: x\n  src: y.jpg",
  "\n  alt: x\n   src: y.jpg",
];
const KEYS = ["title", "description", "date", "author", "tags", "image", "title", "<<", "? k", "- item"];

const frontMatter = fc
  .array(
    fc.tuple(
      fc.constantFrom(...KEYS),
      fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...SCALARS) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) }),
    ),
    { maxLength: 8 },
  )
  .map((lines) => lines.map(([key, value]) => `${key}: ${value}`).join("\n"));

describe("the quick and the full front matter parser", () => {
  it("agree on values and field lines wherever the quick one answers (3,000 runs)", () => {
    let answered = 0;
    fc.assert(
      fc.property(frontMatter, (yamlText) => {
        const quick = parseFrontMatterQuickly(yamlText);
        if (quick === undefined) return;
        answered++;
        const full = parseFrontMatterFully("a.md", yamlText);
        assert.ok(full.ok, `the full parser refuses what the quick one read:\n${yamlText}`);
        assert.ok(quick.ok);
        // Compared as JSON: js-yaml reads -0 as -0 and yaml as 0, a difference no page can show.
        assert.deepEqual(JSON.parse(JSON.stringify(quick.data)), JSON.parse(JSON.stringify(full.data)), yamlText);
        const data = full.data as Record<string, unknown>;
        for (const key of Object.keys(data)) {
          assert.equal(quick.lineOf([key]), full.lineOf([key]), `${key} in\n${yamlText}`);
          const value = data[key];
          if (Array.isArray(value) && value.length > 0) assert.equal(quick.lineOf([key, 0]), full.lineOf([key, 0]));
        }
      }),
      { numRuns: 3000 },
    );
    // The generator must reach the quick path often, or the property above checks little.
    assert.ok(answered > 600, `the quick parser answered only ${answered} of 3,000`);
  });

  it("reads a typical article's front matter quickly, and leaves anchors, tags and 0b numbers to the full parser", () => {
    const typical = 'title: "A headline: with a colon"\ndescription: Q&A, wow! 5 * 3\ntags:\n  - one\n  - two';
    const quick = parseFrontMatterQuickly(typical);
    assert.ok(quick?.ok);
    assert.deepEqual(quick.data, { title: "A headline: with a colon", description: "Q&A, wow! 5 * 3", tags: ["one", "two"] });
    // Lines of the file: the opening --- is line 1.
    assert.equal(quick.lineOf(["title"]), 2);
    assert.equal(quick.lineOf(["tags", 1]), 6);
    for (const text of ["a: &x 1\nb: *x", "a: !!str 1", "%YAML 1.2\n---\na: 1", "a: 0b101", "a: 1\na: 2", "a: ["]) {
      assert.equal(parseFrontMatterQuickly(text), undefined, text);
    }
  });
});
