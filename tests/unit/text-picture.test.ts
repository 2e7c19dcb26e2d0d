import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planTextPicture } from "../../src/images/image-plan.ts";
import { svgExternalReference } from "../../src/images/image-source.ts";
import { figureHtml, pictureFamily } from "../../src/images/text-picture.ts";

const source = (width: number, height: number) => ({ stem: "chart", hash: "a".repeat(64), width, height });

describe("planning a picture in the text", () => {
  it("offers the column's widths the picture can fill, never a width above its own", () => {
    const widths = (width: number) => [
      ...new Set(planTextPicture(source(width, 300), "graphic", "v").flatMap((d) => (d.role === "responsive" ? [d.width] : []))),
    ];
    assert.deepEqual(widths(500), [320, 500]);
    assert.deepEqual(widths(1000), [320, 640, 960, 1000]);
    assert.deepEqual(widths(4000), [320, 640, 960, 1280]);
  });

  it("keeps a graphic's family as PNG (lossless WebP) and a photo's as JPEG, full size included", () => {
    const formats = (family: "photo" | "graphic") => {
      const plan = planTextPicture(source(1000, 500), family, "v");
      return [
        [...new Set(plan.filter((d) => d.role === "responsive").map((d) => `${d.encoder.format}${d.encoder.lossless ? " lossless" : ""}`))],
        plan.find((d) => d.role === "full")?.encoder.format,
      ];
    };
    assert.deepEqual(formats("graphic"), [["avif", "webp lossless", "png"], "png"]);
    assert.deepEqual(formats("photo"), [["avif", "webp", "jpeg"], "jpeg"]);
  });

  it("calls PNG, GIF, SVG and anything transparent a graphic, other pictures photos", () => {
    assert.equal(pictureFamily({ format: "png", hasAlpha: false }), "graphic");
    assert.equal(pictureFamily({ format: "svg", hasAlpha: true }), "graphic");
    assert.equal(pictureFamily({ format: "webp", hasAlpha: true }), "graphic");
    assert.equal(pictureFamily({ format: "jpeg", hasAlpha: false }), "photo");
  });
});

describe("the figure around a picture in the text", () => {
  const picture = '<picture><img src="/img/a.png" alt=""></picture>';

  it("links the picture to its full size, the link named by the picture's description, then caption and credit", () => {
    assert.equal(
      figureHtml(
        { alt: "A chart", caption: "Sales <up>", credit: "Chart: Us" },
        picture.replace('alt=""', 'alt="A chart"'),
        "/img/a-full.png",
      ),
      '<figure class="text-figure"><a class="text-image" href="/img/a-full.png"><picture><img src="/img/a.png" alt="A chart"></picture></a>' +
        '<figcaption>Sales &lt;up&gt; <span class="credit">Chart: Us</span></figcaption></figure>',
    );
  });

  it("names the link of a picture with no description, which would otherwise be a link with no name (axe link-name)", () => {
    assert.equal(
      figureHtml({ alt: " " }, picture, "/img/a-full.png"),
      '<figure class="text-figure"><a class="text-image" href="/img/a-full.png" aria-label="The picture at full size">' +
        '<picture><img src="/img/a.png" alt=""></picture></a></figure>',
    );
  });
});

describe("an SVG that refers outside itself", () => {
  it("is found whatever it points at: a file, an address, an entity, a stylesheet", () => {
    for (const svg of [
      '<svg><image href="/etc/passwd"/></svg>',
      "<svg><image xlink:href='file:///etc/passwd'/></svg>",
      '<svg><use href="other.svg#shape"/></svg>',
      '<svg><rect style="fill: url(https://tracker.example/x)"/></svg>',
      '<svg><style>@import "https://fonts.example/a.css";</style></svg>',
      '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>',
    ]) {
      assert.notEqual(svgExternalReference(svg), undefined, svg);
    }
  });

  it("is not an SVG whose references stay inside it", () => {
    const svg =
      '<svg><defs><linearGradient id="g"/></defs><rect fill="url(#g)"/><use xlink:href="#g"/><image href="data:image/png;base64,AA"/></svg>';
    assert.equal(svgExternalReference(svg), undefined);
  });
});
