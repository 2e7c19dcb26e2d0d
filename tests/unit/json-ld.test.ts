import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseHTML } from "linkedom";
import { serializeJsonLd } from "../../src/render/json-ld.ts";

/** What an HTML parser sees inside `<script type="application/ld+json">…</script>`. */
function scriptText(json: string): string | undefined {
  const { document } = parseHTML(
    `<!doctype html><html><head><script type="application/ld+json">${json}</script></head><body></body></html>`,
  );
  const scripts = document.querySelectorAll("script");
  return scripts.length === 1 ? (scripts[0]?.textContent ?? undefined) : undefined;
}

describe("serializeJsonLd", () => {
  it("cannot be closed by a hostile headline, and still parses to the same value", () => {
    const headline = "</script><script>alert(1)</script><!-- <script> \u2028\u2029 & ]]>";
    const json = serializeJsonLd({ headline });
    assert.ok(!/<|>|&|\u2028|\u2029/.test(json));
    assert.equal(scriptText(json), json);
    assert.deepEqual(JSON.parse(json), { headline });
  });

  it("round-trips any string and never contains a character that could end the script element", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const json = serializeJsonLd({ headline: text, nested: [text] });
        assert.ok(!/[<>&\u2028\u2029]/.test(json));
        assert.deepEqual(JSON.parse(json), { headline: text, nested: [text] });
      }),
    );
  });
});
