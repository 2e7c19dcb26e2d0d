import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { ARTICLE_JSON_SCHEMA_FILE, articleJsonSchemaText } from "../../src/content/article-json-schema.ts";
import { ARTICLE_IMAGE_SCHEMA, ARTICLE_SCHEMA } from "../../src/content/article-schema.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

describe("content/article.schema.json", () => {
  it("is up to date with src/content/article-schema.ts (run npm run schema and commit it if this fails)", async () => {
    assert.equal(await readFile(path.join(ROOT, ARTICLE_JSON_SCHEMA_FILE), "utf8"), articleJsonSchemaText());
  });

  it("knows every field, the required ones, and refuses unknown fields, as the build does", () => {
    const schema = JSON.parse(articleJsonSchemaText());
    assert.deepEqual(Object.keys(schema.properties), Object.keys(ARTICLE_SCHEMA.shape));
    assert.deepEqual(Object.keys(schema.properties.image.properties), Object.keys(ARTICLE_IMAGE_SCHEMA.shape));
    assert.deepEqual(schema.required, ["title", "description", "date", "author"]);
    assert.equal(schema.additionalProperties, false);
    assert.equal(schema.properties.draft.type, "boolean");
    assert.match("2024-05-01T09:30:00Z", new RegExp(schema.properties.date.pattern));
    assert.doesNotMatch("1 May 2024", new RegExp(schema.properties.date.pattern));
  });
});
