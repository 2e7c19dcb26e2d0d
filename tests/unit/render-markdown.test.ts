import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseHTML } from "linkedom";
import {
  LAYOUT_IDS,
  linkScheme,
  MAX_FOOTNOTES,
  MarkdownError,
  pictureMarker,
  renderArticleBody,
  renderMarkdown,
  splitCaption,
  videoPage,
} from "../../src/content/render-markdown.ts";

function refusal(body: string): MarkdownError {
  try {
    renderMarkdown(body);
  } catch (error) {
    if (error instanceof MarkdownError) return error;
    throw error;
  }
  throw new Error(`expected the body to be refused: ${body}`);
}

describe("renderMarkdown", () => {
  it("renders paragraphs and emphasis", () => {
    assert.equal(renderMarkdown("Hello *world*.\n\nSecond."), "<p>Hello <em>world</em>.</p>\n<p>Second.</p>\n");
  });

  it("publishes the editor's characters unchanged (no typographic replacements)", () => {
    assert.equal(renderMarkdown('He said "hi" -- (c) 1/2'), "<p>He said &quot;hi&quot; -- (c) 1/2</p>\n");
  });

  it("turns body level-one headings into h2, because the headline is the page's h1", () => {
    assert.match(renderMarkdown("# Section"), /^<h2 id="section">/);
  });

  it("refuses nesting so deep that markdown-it would drop the rest of the text", () => {
    assert.ok(renderMarkdown(`${">".repeat(15)} still here`).includes("still here"));
    assert.match(refusal(`${">".repeat(40)} lost`).message, /nests more than 18 levels deep/);
  });

  it("shows template syntax as text: the body is never run through Nunjucks", () => {
    const { document } = parseHTML(`<div>${renderMarkdown("{{ 7 * 7 }} and {% include 'base.njk' %}")}</div>`);
    assert.equal(document.querySelector("p")?.textContent, "{{ 7 * 7 }} and {% include 'base.njk' %}");
  });

  it("keeps links to https, http, mailto, tel, this site and the page itself", () => {
    const html = renderMarkdown("[a](https://a.example) [b](http://b.example) [c](mailto:x@y.org) [d](tel:+123) [e](/about/) [f](#notes)");
    const { document } = parseHTML(`<div>${html}</div>`);
    assert.deepEqual(
      [...document.querySelectorAll("a")].map((a) => a.getAttribute("href")),
      ["https://a.example", "http://b.example", "mailto:x@y.org", "tel:+123", "/about/", "#notes"],
    );
  });

  it("writes a # after a link's fragment as %23, which the Nu checker requires (regression: ?channels=##rust)", () => {
    const html = renderMarkdown("[chat](https://webchat.example.net/?channels=##rust) and [note](#a#b)");
    const { document } = parseHTML(`<div>${html}</div>`);
    assert.deepEqual(
      [...document.querySelectorAll("a")].map((a) => a.getAttribute("href")),
      ["https://webchat.example.net/?channels=#%23rust", "#a%23b"],
    );
  });

  it("refuses links with a dangerous scheme, however they are spelled, and names the line", () => {
    const cases = [
      "[x](javascript:alert(1))",
      "[x](JAVASCRIPT:alert(1))",
      "[x](&#106;avascript:alert(1))",
      "<javascript:alert(1)>",
      "[x](vbscript:msgbox)",
      "[x](data:text/html;base64,PHNjcmlwdD4=)",
      "[x](file:///etc/passwd)",
      "[x][ref]\n\n[ref]: javascript:alert(1)",
    ];
    for (const body of cases) {
      const [problem] = refusal(`Intro.\n\n${body}`).problems;
      assert.match(problem?.message ?? "", /^the link ".*" uses (javascript|vbscript|data|file):, which is not allowed$/, body);
      assert.equal(problem?.line, 3, body);
    }
  });

  it("names the row's line for a dangerous link, a picture or a tag in a table cell", () => {
    const table =
      "Intro.\n\n| a | b |\n| --- | --- |\n| [x](javascript:alert(1)) | ok |\n| fine | ![p](images/p.jpg) |\n| <b>bold</b> | c |\n";
    assert.deepEqual(
      refusal(table).problems.map((problem) => [problem.line, problem.message.slice(0, 22)]),
      [
        [7, "the text contains HTML"],
        [5, 'the link "javascript:a'],
        [6, "the picture (images/p."],
      ],
    );
  });

  it("refuses a picture on another site, telling the editor to save it into content/", () => {
    for (const src of ["https://tracker.example/pixel.gif", "//tracker.example/pixel.gif", "data:image/png;base64,iVBORw0KGgo="]) {
      const [problem] = refusal(`Intro.\n\n![alt](${src})`).problems;
      assert.match(String(problem?.message), /is on another site: the build never fetches from the network/);
      assert.match(String(problem?.hint), /save the picture into content\//);
      assert.equal(problem?.line, 3);
    }
  });

  it("refuses a local picture that shares its paragraph with text, with its line", () => {
    const [problem] = refusal("Intro.\n\nSee ![a chart](images/chart.png) here.").problems;
    assert.equal(problem?.message, "the picture (images/chart.png) shares its paragraph with text");
    assert.equal(problem?.line, 3);
  });

  it("records a picture alone on a line, with alt, caption, credit and line, and leaves only its marker", () => {
    const { html, pictures } = renderArticleBody('Intro.\n\n![A chart](images/chart.png "Growth since 2020 | Chart: Jane Doe")\n');
    assert.equal(html, `<p>Intro.</p>\n${pictureMarker(0)}\n`);
    assert.deepEqual(pictures, [
      {
        src: "images/chart.png",
        alt: "A chart",
        caption: "Growth since 2020",
        credit: "Chart: Jane Doe",
        line: 3,
        role: "figure",
        firstScreen: true,
      },
    ]);
  });

  it("makes a thumbnail linked to its full size a figure too", () => {
    const { html, pictures } = renderArticleBody("[![A chart][thumb]][full]\n\n[thumb]: chart-thumb.png\n[full]: chart.png\n");
    assert.equal(html, `${pictureMarker(0)}\n`);
    assert.equal(pictures[0]?.src, "chart-thumb.png");
  });

  it("marks only pictures in the body's first two blocks as in the first screen", () => {
    const { pictures } = renderArticleBody("One.\n\nTwo.\n\n![Late](images/late.png)\n");
    assert.equal(pictures[0]?.firstScreen, false);
  });

  it("reads a caption alone, a credit alone, and neither", () => {
    assert.deepEqual(splitCaption("Just a caption"), { caption: "Just a caption" });
    assert.deepEqual(splitCaption("| Photo: Agency"), { credit: "Photo: Agency" });
    assert.deepEqual(splitCaption("A | B | Photo: C"), { caption: "A | B", credit: "Photo: C" });
    assert.deepEqual(splitCaption(""), {});
  });

  it("cannot be tricked into a picture marker by the editor's text or comments", () => {
    const { html, pictures } = renderArticleBody(`${pictureMarker(0)}\n\n\`${pictureMarker(0)}\`\n`);
    assert.equal(pictures.length, 0);
    assert.ok(!html.includes(pictureMarker(0)));
  });

  it("turns a YouTube or Vimeo link alone on a line into a plain-link card with its title, no frame or script", () => {
    const html = renderMarkdown("[The launch talk](https://youtu.be/dQw4w9WgXcQ)\n\nhttps://vimeo.com/76979871\n");
    const { document } = parseHTML(`<div>${html}</div>`);
    const cards = [...document.querySelectorAll(".video-card a")];
    assert.deepEqual(
      cards.map((card) => [card.getAttribute("href"), card.querySelector(".video-title")?.textContent]),
      [
        ["https://www.youtube.com/watch?v=dQw4w9WgXcQ", "The launch talk"],
        ["https://vimeo.com/76979871", "Video on Vimeo"],
      ],
    );
    assert.equal(document.querySelectorAll("iframe, script, img").length, 0);
  });

  it("takes a video card's poster from a local picture inside its link", () => {
    const { html, pictures } = renderArticleBody(
      "[![The stage](images/stage.jpg) The launch talk](https://www.youtube.com/watch?v=dQw4w9WgXcQ)\n",
    );
    assert.ok(html.includes(`<span class="video-poster">${pictureMarker(0)}</span>`));
    assert.equal(pictures[0]?.role, "poster");
  });

  it("leaves other links, and a video link inside a sentence, as plain links", () => {
    assert.equal(
      renderMarkdown("Watch [this](https://www.youtube.com/watch?v=dQw4w9WgXcQ) now.\n"),
      '<p>Watch <a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">this</a> now.</p>\n',
    );
    assert.equal(videoPage("https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ"), undefined);
    assert.equal(videoPage("javascript:alert(1)//youtu.be/x"), undefined);
  });

  it("reads link schemes as a browser does", () => {
    assert.equal(linkScheme("java\tscript:x"), "javascript:");
    assert.equal(linkScheme(" JavaScript:x"), "javascript:");
    assert.equal(linkScheme("java%09script:x"), "", "a percent-escaped scheme is a relative path to a browser");
    assert.equal(linkScheme("/a/b"), "");
  });

  it("refuses invisible control characters, which would break the page and the XML feeds, naming the line", () => {
    for (const [character, name] of [
      ["\u0007", "U+0007"],
      ["\u0000", "U+0000"],
      ["\u0085", "U+0085"],
      ["\uffff", "U+FFFF"],
      ["\ud800", "U+D800"],
    ]) {
      const [problem] = refusal(`First.\n\nSecond${character} line.`).problems;
      assert.equal(
        problem?.message,
        `the text contains an invisible control character (${name}), which would break the page and the feeds`,
      );
      assert.equal(problem?.line, 3);
    }
    assert.ok(renderMarkdown("Tabs\tand emoji 🗞️ are fine.\r\n").includes("🗞️"));
  });
});

/** The body rendered inside a document, for querying. */
function rendered(body: string): Document {
  return parseHTML(`<!doctype html><html><body>${renderMarkdown(body)}</body></html>`).document;
}

describe("renderMarkdown: raw HTML", () => {
  it("refuses each HTML tag with its line and the Markdown to write instead", () => {
    const cases: [string, RegExp][] = [
      ['<iframe src="https://www.youtube.com/embed/x"></iframe>', /video's address .* alone on a line/],
      ["<pre><code>x = 1\n</code></pre>", /between two lines of three backticks/],
      ['<img src="photo.jpg" alt="">', /!\[What it shows\]\(images\/file\.png/],
      ['A <span style="color:red">red</span> word.', /remove the tag and keep its text/],
      ["E = mc<sup>2</sup>", /footnote \(\[\^1\]/],
      ["Press <kbd>Ctrl</kbd>.", /`Ctrl`/],
      ["One<br>two", /end the line with a backslash/],
      ['<a href="https://example.org/">x</a>', /\[text\]\(https:/],
      ["<script>alert(1)</script>", /scripts, styles and forms are never published/],
      ["<blink>x</blink>", /put it between backticks/],
    ];
    for (const [html, fix] of cases) {
      const { problems } = refusal(`Intro.\n\n${html}`);
      assert.equal(problems.length, 1, html);
      assert.equal(problems[0]?.line, 3, html);
      assert.match(problems[0]?.message ?? "", /^the text contains HTML \(<[a-z]+.*\), which is not published$/, html);
      assert.match(problems[0]?.hint ?? "", fix, html);
    }
  });

  it("names the line of a tag inside a paragraph, and each tag once a line", () => {
    const { problems } = refusal("First line,\nsecond <b>bold</b> and <b>more</b>,\nthird <i>it</i>.");
    assert.deepEqual(
      problems.map((problem) => [problem.line, problem.message]),
      [
        [2, "the text contains HTML (<b>), which is not published"],
        [3, "the text contains HTML (<i>), which is not published"],
      ],
    );
  });

  it("leaves HTML comments out of the page, and refuses one with text after it on its line", () => {
    assert.equal(renderMarkdown("<!-- a note for editors -->\n\nText <!-- inline note -->here."), "<p>Text here.</p>\n");
    assert.match(refusal("<!-- note --> Text").problems[0]?.hint ?? "", /put the comment on lines of its own/);
    const started = performance.now();
    assert.match(refusal(`${"<!-- c --> ".repeat(20_000)}<!-- never closed`).message, /the text contains HTML \(<!-- c -->/);
    assert.ok(performance.now() - started < 2000, "a line of comments is read in linear time");
  });

  it("shows tags inside code as text", () => {
    const html = renderMarkdown("Write `<br>` for a break.\n\n```html\n<script>alert(1)</script>\n```\n\nOr \\<b> escaped.");
    assert.ok(html.includes("<code>&lt;br&gt;</code>"));
    assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert.ok(html.includes("Or &lt;b&gt; escaped."));
  });

  it("refuses HTML inside footnotes too", () => {
    assert.match(refusal("Text.^[A <b>bold</b> note.]").message, /the text contains HTML \(<b>\)/);
  });
});

describe("renderMarkdown: headings", () => {
  const levels = (body: string) => [...rendered(body).querySelectorAll("h2, h3, h4, h5, h6")].map((heading) => Number(heading.tagName[1]));

  it("starts body headings at h2, one level below the heading they follow, whatever their number of #", () => {
    assert.deepEqual(levels("### A\n\n#### B\n\n### C\n\n## D\n\n###### E\n\n# F"), [2, 3, 2, 2, 3, 2]);
    assert.deepEqual(levels("# A\n\n## B\n\n### C\n\n#### D\n\n##### E\n\n###### F"), [2, 3, 4, 5, 6, 6]);
  });

  it("never skips a level in the outline below the page's h1, for any sequence of headings", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 12 }), (written) => {
        const outline = levels(written.map((level, index) => `${"#".repeat(level)} H${index}`).join("\n\n"));
        assert.equal(outline.length, written.length);
        let previous = 1;
        for (const level of outline) {
          assert.ok(level >= 2 && level <= previous + 1, `${written} → ${outline}`);
          previous = level;
        }
      }),
      { numRuns: 300 },
    );
  });

  it("gives each heading a unique ASCII id that links to itself, never one the layout or a footnote uses", () => {
    const document = rendered("## Łódź’s café\n\n## Łódź’s café\n\n## Main\n\n## fn1\n\n## 北京\n\n## 北京\n\n## Donation meter");
    const headings = [...document.querySelectorAll("h2")];
    assert.deepEqual(
      headings.map((heading) => heading.id),
      ["lodzs-cafe", "lodzs-cafe-2", "main-2", "fn1-2", "section", "section-2", "donation-meter-2"],
    );
    for (const heading of headings) assert.equal(heading.querySelector("a")?.getAttribute("href"), `#${heading.id}`);
  });

  it("separates the words of a heading written over two lines in its id (regression: `Hello\\nWorld` gave helloworld)", () => {
    const document = rendered("Hello\nWorld\n===\n\n**FOSDEM**\\\nFebruary 2nd\n---");
    assert.deepEqual(
      [...document.querySelectorAll("h2, h3")].map((heading) => heading.id),
      ["hello-world", "fosdem-february-2nd"],
    );
  });

  it("keeps a link in a heading as it is, since links cannot nest", () => {
    const heading = rendered("## See [the report](https://example.org/)").querySelector("h2");
    assert.deepEqual(
      [...(heading?.querySelectorAll("a") ?? [])].map((link) => link.getAttribute("href")),
      ["https://example.org/"],
    );
  });

  it("shortens the id of a long heading to its first words", () => {
    const id = rendered(`## ${"word ".repeat(40)}`).querySelector("h2")?.id ?? "";
    assert.ok(id.length <= 60 && id.startsWith("word-word") && !id.endsWith("-"), id);
  });

  it("reserves exactly the ids the page layout uses", () => {
    const layouts = path.join(import.meta.dirname, "..", "..", "src", "render", "layouts");
    const ids = readdirSync(layouts).flatMap((name) =>
      [...readFileSync(path.join(layouts, name), "utf8").matchAll(/\sid="([^"{]+)"/g)].map((match) => match[1]),
    );
    assert.deepEqual(new Set(ids), new Set(LAYOUT_IDS));
  });
});

describe("renderMarkdown: code blocks, tables and footnotes on a phone", () => {
  it("puts each code block in its own focusable, uniquely labelled scroll box", () => {
    const blocks = [...rendered("```js\nlet a;\n```\n\n    indented\n").querySelectorAll("pre")];
    assert.deepEqual(
      blocks.map((pre) => [pre.getAttribute("tabindex"), pre.getAttribute("role"), pre.getAttribute("aria-label")]),
      [
        ["0", "region", "Code 1"],
        ["0", "region", "Code 2"],
      ],
    );
  });

  it("puts each table in a focusable, labelled scroll box, with alignment as a class the CSP allows", () => {
    const document = rendered("| a | b | c |\n| :- | -: | :-: |\n| 1 | 2 | 3 |");
    const box = document.querySelector("div.table-scroll");
    assert.deepEqual(
      [box?.getAttribute("tabindex"), box?.getAttribute("role"), box?.getAttribute("aria-label")],
      ["0", "region", "Table 1"],
    );
    assert.equal(box?.firstElementChild?.tagName, "TABLE");
    assert.equal(document.querySelector("[style]"), null);
    assert.deepEqual(
      [...document.querySelectorAll("td")].map((cell) => cell.className),
      ["", "align-right", "align-center"],
    );
  });

  it("writes an empty header cell (a corner above row names) as a plain cell, since an empty header names nothing (axe)", () => {
    const document = rendered("|  | `panic`-unwind | abort |\n| --- | --- | --- |\n| Proposal 1 | abort | unwind |");
    assert.deepEqual(
      [...(document.querySelector("thead tr")?.children ?? [])].map((cell) => `${cell.tagName}:${cell.textContent}`),
      ["TD:", "TH:panic-unwind", "TH:abort"],
    );
    const spaced = rendered("&nbsp; | No plan\n--- | ---\nInitiative | 4");
    assert.deepEqual(
      [...(spaced.querySelector("thead tr")?.children ?? [])].map((cell) => cell.tagName),
      ["TD", "TH"],
      "a cell holding only a non-breaking space is empty too",
    );
  });

  it("links each footnote mark to its note and each note back to its mark, under a Notes heading", () => {
    const document = rendered("First.[^a] Second.[^b] Again.[^a]\n\n[^a]: Note A.\n[^b]: Note B.");
    const marks = [...document.querySelectorAll("sup a")];
    for (const mark of marks) {
      const note = document.getElementById((mark.getAttribute("href") ?? "").slice(1));
      assert.ok(note, mark.outerHTML);
      assert.ok(
        [...note.querySelectorAll("a.footnote-backref")].some((back) => back.getAttribute("href") === `#${mark.id}`),
        `no way back to ${mark.id}`,
      );
    }
    assert.equal(marks.length, 3);
    assert.equal(document.querySelector(".footnotes h2")?.textContent, "Notes");
    assert.deepEqual(
      [...document.querySelectorAll("a.footnote-backref")].map((back) => back.getAttribute("aria-label")),
      ["Back to note 1 in the text", "Back to note 1 in the text, mention 2", "Back to note 2 in the text"],
    );
  });

  it("checks the links in footnotes like any other", () => {
    assert.match(refusal("Text.[^1]\n\n[^1]: [x](javascript:alert(1))").message, /uses javascript:, which is not allowed/);
  });

  it(`refuses more than ${MAX_FOOTNOTES} footnotes`, () => {
    assert.equal(renderMarkdown("a^[n] ".repeat(MAX_FOOTNOTES)).split("footnote-backref").length - 1, MAX_FOOTNOTES);
    assert.match(refusal("a^[n] ".repeat(MAX_FOOTNOTES + 1)).message, /1,001 footnotes, over the limit of 1,000/);
  });

  it("renders many identical headings and many footnotes in time linear in the text", () => {
    const started = performance.now();
    renderMarkdown("## Same\n\n".repeat(20_000));
    renderMarkdown(`${"a^[n]\n\n".repeat(MAX_FOOTNOTES)}${"Filler.\n\n".repeat(20_000)}`);
    // Quadratic versions (markdown-it-anchor's unique ids, markdown-it-footnote's own tail) took over 30 s here.
    assert.ok(performance.now() - started < 5000, `${Math.round(performance.now() - started)} ms`);
  });
});
