// Property-based builds: a random article (headline, author, Markdown body) through a whole build. Each either
// publishes an inert page whose headline is the one written, or is refused with problems. The pure steps get many
// more random runs in tests/unit/hostile-properties.test.ts.
import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseHTML } from "linkedom";
import { ContentError } from "../../src/content/content-error.ts";
import { buildFixtureSite, makeContentDir } from "../helpers/fixture-site.ts";
import { assertInert, markdownText } from "../helpers/hostile-markdown.ts";

describe("random articles, built (fast-check)", () => {
  it("a full build of a random article either publishes an inert page or refuses cleanly (6 builds)", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 80 }),
        fc.string({ maxLength: 80 }),
        markdownText,
        async (title, author, body) => {
          const frontMatter = `title: ${JSON.stringify(title)}\ndescription: "Random."\ndate: "2024-05-01"\nauthor: ${JSON.stringify(author)}`;
          const contentDir = await makeContentDir([{ file: "articles/random-story.md", text: `---\n${frontMatter}\n---\n${body}` }]);
          const outputDir = path.join(os.tmpdir(), `newsroom-random-${process.pid}-${run++}`);
          try {
            await buildFixtureSite(contentDir, outputDir);
            const html = await readFile(path.join(outputDir, "random-story", "index.html"), "utf8");
            const { document } = parseHTML(html);
            assert.equal(document.querySelector("h1")?.textContent, title.trim());
            assert.deepEqual(
              [...document.querySelectorAll("script")].map((script) => script.getAttribute("type")),
              ["application/ld+json"],
            );
            assert.equal(JSON.parse(document.querySelector("script")?.textContent ?? "").headline, title.trim());
            assertInert(document.querySelector(".article-body")?.innerHTML ?? "");
          } catch (error) {
            assert.ok(error instanceof ContentError, String(error));
            assert.ok(error.problems.length > 0);
          } finally {
            await rm(outputDir, { recursive: true, force: true });
            await rm(contentDir, { recursive: true, force: true });
            await rm(`${contentDir}-cache`, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 6 },
    );
  });
});
