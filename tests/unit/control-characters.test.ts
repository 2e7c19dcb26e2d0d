// The control-character check: a fast scan for the common clean text, the same answer as the full loop.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { formatProblem } from "../../src/content/content-error.ts";
import { findBidiControl, findControlCharacter, isForbiddenCodePoint } from "../../src/content/control-characters.ts";

/** The definition, code point by code point: what the fast path must agree with. */
function hasForbidden(text: string): boolean {
  for (const character of text) if (isForbiddenCodePoint(character.codePointAt(0) ?? 0)) return true;
  return false;
}

describe("findControlCharacter", () => {
  it("finds the first forbidden character with its line and name", () => {
    assert.deepEqual(findControlCharacter("a\nb\u0007"), { line: 2, name: "U+0007" });
    assert.deepEqual(findControlCharacter("x\ud800y"), { line: 1, name: "U+D800" });
    assert.deepEqual(findControlCharacter("\n\n\udc00"), { line: 3, name: "U+DC00" });
    assert.deepEqual(findControlCharacter("\u0085"), { line: 1, name: "U+0085" });
    assert.equal(findControlCharacter("tab\tand\r\nbreaks, emoji 😀, ÿ and \u00a0"), undefined);
  });

  it("agrees with the code-point definition on any text, surrogates and controls included", () => {
    const unit = fc.oneof(
      fc.integer({ min: 0, max: 0x2f }),
      fc.integer({ min: 0x7e, max: 0xa0 }),
      fc.integer({ min: 0xd7ff, max: 0xe000 }),
      fc.constantFrom(0xfffe, 0xffff, 0xfffd, 0x61, 0xfdcf, 0xfdd0, 0xfdef, 0xfdf0),
      fc.constantFrom(0x1fffd, 0x1fffe, 0x2ffff, 0x10ffff, 0x1f600),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (units) => {
        const text = String.fromCodePoint(...units);
        assert.equal(findControlCharacter(text) !== undefined, hasForbidden(text), JSON.stringify(text));
      }),
      { numRuns: 5000 },
    );
  });
});

describe("noncharacters, bidirectional controls and the terminal", () => {
  it("finds the noncharacters U+FDD0–U+FDEF and the last two code points of every plane", () => {
    for (const code of [0xfdd0, 0xfdef, 0xfffe, 0x1fffe, 0x1ffff, 0x10fffe, 0x10ffff]) {
      const name = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
      assert.deepEqual(findControlCharacter(`ok\n${String.fromCodePoint(code)}`), { line: 2, name });
    }
    for (const code of [0xfdcf, 0xfdf0, 0xfffd, 0x1fffd, 0x20000])
      assert.equal(findControlCharacter(String.fromCodePoint(code)), undefined);
  });

  it("finds bidirectional embeddings, overrides and isolates, not the marks right-to-left text uses", () => {
    for (const code of [0x202a, 0x202e, 0x2066, 0x2069]) {
      assert.equal(findBidiControl(`a${String.fromCharCode(code)}b`), `U+${code.toString(16).toUpperCase()}`);
    }
    assert.equal(findBidiControl("שלום \u200F abc \u200E"), undefined);
  });

  it("prints a problem with its file name's invisible and reversing characters escaped", () => {
    const line = formatProblem({ file: "content/articles/evil\u202Edm.md", field: "(file)", message: "bad \u0007", hint: "x" });
    assert.equal(line, "  content/articles/evil\\u{202E}dm.md → (file): bad \\u{7}\n    Fix: x");
  });
});
