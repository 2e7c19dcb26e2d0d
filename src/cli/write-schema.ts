// `npm run schema`: regenerates content/article.schema.json from the front matter schema.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { ARTICLE_JSON_SCHEMA_FILE, articleJsonSchemaText } from "../content/article-json-schema.ts";

const root = path.resolve(import.meta.dirname, "..", "..");
await writeFile(path.join(root, ARTICLE_JSON_SCHEMA_FILE), articleJsonSchemaText());
console.log(`Wrote ${ARTICLE_JSON_SCHEMA_FILE}`);
