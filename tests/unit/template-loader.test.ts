// The loader the dev server hands a fresh copy of the minified layouts on every rebuild: a changed layout must show
// in the next render, an unchanged one must render as before.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createTemplateEnvironment, MinifiedTemplateLoader } from "../../src/render/template-environment.ts";

const templates = (page: string, part: string) => ({ layouts: { "page.njk": page, "part.njk": part }, pages: {} });

describe("MinifiedTemplateLoader", () => {
  it("renders what a rebuild hands it: the same text as before, or a changed layout or include", () => {
    const loader = new MinifiedTemplateLoader(templates("<p>{{ word }}</p>{% include 'part.njk' %}", "<i>one</i>"));
    const environment = createTemplateEnvironment(loader);
    assert.equal(environment.render("page.njk", { word: "a" }), "<p>a</p><i>one</i>");
    loader.use(templates("<p>{{ word }}</p>{% include 'part.njk' %}", "<i>one</i>"));
    assert.equal(environment.render("page.njk", { word: "b" }), "<p>b</p><i>one</i>", "an equal copy");
    loader.use(templates("<p>{{ word }}</p>{% include 'part.njk' %}", "<i>two</i>"));
    assert.equal(environment.render("page.njk", { word: "c" }), "<p>c</p><i>two</i>", "a changed include");
    loader.use(templates("<h2>{{ word }}</h2>{% include 'part.njk' %}", "<i>two</i>"));
    assert.equal(environment.render("page.njk", { word: "d" }), "<h2>d</h2><i>two</i>", "a changed layout");
    loader.use({ layouts: { "page.njk": "<h2>{{ word }}</h2>" }, pages: {} });
    assert.equal(environment.render("page.njk", { word: "e" }), "<h2>e</h2>", "a layout removed from the set");
    assert.throws(() => environment.render("part.njk", {}), /template not found: part\.njk/);
  });
});
