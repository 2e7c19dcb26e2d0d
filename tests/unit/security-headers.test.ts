import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { contentSecurityPolicy, headersFile, inlineStyles, servedPaths, withCspMeta } from "../../src/output/security-headers.ts";
import { cspHash } from "../../src/render/stylesheet.ts";

describe("security headers", () => {
  it("reads each <style> element's raw text, the bytes a browser hashes", () => {
    assert.deepEqual(inlineStyles('<style>a{b:c}</style><p>x</p><style media="print">p>q{}</style >'), ["a{b:c}", "p>q{}"]);
  });

  it("allows no script, only the page's own styles by hash, images from the site and data: URLs", () => {
    const policy = contentSecurityPolicy(["b{}", "a{}", "a{}"], { forMeta: false });
    const hashes = [cspHash("a{}"), cspHash("b{}")].sort().join(" ");
    assert.equal(
      policy,
      `default-src 'none'; img-src 'self' data:; connect-src 'self'; style-src ${hashes}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
    assert.ok(!policy.includes("script-src") && !policy.includes("unsafe"));
    assert.equal(
      contentSecurityPolicy([], { forMeta: true }),
      "default-src 'none'; img-src 'self' data:; connect-src 'self'; style-src 'none'; base-uri 'none'; form-action 'none'",
    );
  });

  it("puts the meta policy right after <meta charset>, before the styles, and replaces an old one", () => {
    const html = '<!doctype html><html><head><meta charset="utf-8"><style>a{}</style></head></html>';
    const once = withCspMeta(html, "default-src 'none'");
    assert.equal(
      once,
      `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'"><style>a{}</style></head></html>`,
    );
    assert.equal(withCspMeta(once, "default-src 'self'"), once.replace("'none'", "'self'"));
  });

  it("names every address a host serves a page at", () => {
    assert.deepEqual(servedPaths("index.html"), ["/", "/index.html"]);
    assert.deepEqual(servedPaths("my-story/index.html"), ["/my-story/", "/my-story/index.html"]);
    assert.deepEqual(servedPaths("404.html"), ["/404", "/404.html"]);
  });

  it("writes one CSP per page address and the common headers for every address, in a stable order", () => {
    const file = headersFile(
      new Map([
        ["b/index.html", "B"],
        ["a/index.html", "A"],
      ]),
    );
    const patterns = file.split("\n").filter((line) => line.startsWith("/"));
    assert.deepEqual(patterns, ["/*", "/img/*", "/a/", "/a/index.html", "/b/", "/b/index.html"]);
    assert.match(file, /\n\/a\/\n {2}Content-Security-Policy: A\n/);
  });
});
