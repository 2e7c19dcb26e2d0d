// The control-character check: a fast scan for the common clean text, the same answer as the full loop.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { findControlCharacter, isForbiddenCodePoint } from "../../src/content/control-characters.ts";

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
      fc.constantFrom(0xfffe, 0xffff, 0xfffd, 0x61),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (units) => {
        const text = String.fromCharCode(...units);
        assert.equal(findControlCharacter(text) !== undefined, hasForbidden(text), JSON.stringify(text));
      }),
      { numRuns: 5000 },
    );
  });
});
