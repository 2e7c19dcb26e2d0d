import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isRealDate } from "../../src/content/article-schema.ts";
import { readArticle } from "../../src/content/read-article.ts";
import { validateArticle } from "../../src/content/validate-article.ts";

function validate(yaml: string) {
  const read = readArticle("content/articles/a.md", `---\n${yaml}\n---\nBody\n`);
  if (!read.ok) throw new Error("fixture front matter did not parse");
  return validateArticle(read.article);
}

const VALID = 'title: Headline\ndescription: Standfirst.\ndate: "2024-05-01"\nauthor: Jane Doe';

describe("validateArticle", () => {
  it("accepts the minimal article and a list of authors", () => {
    assert.ok(validate(VALID).ok);
    const many = validate(`${VALID.replace("author: Jane Doe", "author: [Jane Doe, John Roe]")}`);
    assert.ok(many.ok);
    assert.deepEqual(many.frontMatter.author, ["Jane Doe", "John Roe"]);
  });

  it("lists every problem at once, each with its field, line and a hint", () => {
    const result = validate('title: ""\ndate: "2024-13-01"\nauthor: 3');
    assert.equal(result.ok, false);
    const byField = new Map(result.ok ? [] : result.problems.map((problem) => [problem.field, problem]));
    assert.deepEqual([...byField.keys()].sort(), ["author", "date", "description", "title"]);
    assert.equal(byField.get("description")?.message, "is required but missing");
    assert.equal(byField.get("date")?.line, 3, "line 1 is the opening ---");
    assert.ok(byField.get("date")?.hint?.includes("2024-05-01"));
  });

  it("refuses fields that would steer the build, such as permalink and layout", () => {
    const result = validate(`${VALID}\npermalink: /evil/\nlayout: other.njk`);
    assert.equal(result.ok, false);
    assert.match(result.ok ? "" : (result.problems[0]?.message ?? ""), /unknown fields "permalink", "layout"/);
  });

  it("points an unknown field at its own line, also inside the image block", () => {
    const result = validate(`${VALID}\nsubtitle: oops\nimage:\n  src: images/a.jpg\n  alt: A\n  captoin: typo`);
    const lines = result.ok ? [] : result.problems.map((problem) => [problem.field, problem.line]);
    assert.deepEqual(lines.sort(), [
      ["(front matter)", 6],
      ["image", 10],
    ]);
  });

  it("requires alt text when there is an image", () => {
    const result = validate(`${VALID}\nimage:\n  src: images/a.jpg`);
    assert.equal(result.ok, false);
    assert.equal(result.ok ? "" : result.problems[0]?.field, "image.alt");
  });

  it("refuses invisible characters in text: C0 and C1 controls, lone surrogates, noncharacters", () => {
    for (const yamlEscape of ["\\a", "\\x85", "\\ud800", "\\uffff", "\\ufdd0", "\\U0001FFFE", "\\U0010FFFF"]) {
      const result = validate(VALID.replace("title: Headline", `title: "Head${yamlEscape}line"`));
      const problems = result.ok ? [] : result.problems;
      assert.deepEqual(
        problems.map((problem) => [problem.field, problem.message.split(" (")[0], problem.line]),
        [["title", "contains invisible control characters", 2]],
        yamlEscape,
      );
      assert.match(problems[0]?.hint ?? "", /retype/, "the fix for a pasted character, not 'add a line such as title:'");
    }
  });

  it("refuses a bidirectional override in the title, naming the value, but keeps right-to-left text", () => {
    const result = validate(VALID.replace("title: Headline", 'title: "Breaking \\u202Eswen"'));
    const [problem] = result.ok ? [] : result.problems;
    assert.equal(problem?.field, "title");
    assert.match(problem?.message ?? "", /reverses the text after it.*Breaking \u202eswen/);
    assert.match(problem?.hint ?? "", /retype/);
    assert.ok(validate(VALID.replace("title: Headline", "title: مينسك تتجه إلى واشنطن")).ok);
    const image = validate(`${VALID}\nimage:\n  src: "images/gpj.\\u202Ephoto.jpg"\n  alt: A`);
    assert.deepEqual(image.ok ? [] : image.problems.map((problem) => [problem.field, problem.line]), [["image.src", 7]]);
    assert.match(image.ok ? "" : (image.problems[0]?.hint ?? ""), /rename the image file/);
  });

  it("gives each mistake its own message with the value and a fix for that mistake", () => {
    const long = "x".repeat(201);
    const cases: [string, string, RegExp, RegExp][] = [
      [`title: ${long}`, "title", /longer than 200 characters.*it has 201/, /shorten it to at most 200/],
      ["slug: 404", "slug", /must be text.*not 404/, /in quotes/],
      ['slug: "404"', "slug", /"404" is an address the site itself uses/, /choose another slug/],
      ["slug: img", "slug", /"img" is an address/, /reserved/],
      ["tags: Belarus", "tags", /must be a list of tags, not "Belarus"/, /tags: \[Belarus\]/],
      ["image: photo.jpg", "image", /must be a group of fields \(src, alt…\) under image:, not "photo\.jpg"/, /src: and alt: indented/],
      ['tags: [Belarus, ""]', "tags.1", /must not be empty \(a tag\)/, /remove the empty entry from the list/],
      ["draft: maybe", "draft", /must be true or false, not "maybe"/, /draft: true or draft: false/],
    ];
    for (const [line, field, message, hint] of cases) {
      const result = validate(line.startsWith("title:") ? VALID.replace("title: Headline", line) : `${VALID}\n${line}`);
      const problem = result.ok ? undefined : result.problems.find((each) => each.field === field);
      assert.match(problem?.message ?? "", message, line);
      assert.match(problem?.hint ?? "", hint, line);
      assert.equal(problem?.line, line.startsWith("title:") ? 2 : 6, line);
    }
  });

  it("points a missing field at the opening ---, or at the group it belongs in", () => {
    const missing = validate('title: Headline\ndate: "2024-05-01"\nauthor: A');
    assert.deepEqual(missing.ok ? [] : missing.problems.map((problem) => [problem.field, problem.line, problem.message]), [
      ["description", 1, "is required but missing"],
    ]);
    const alt = validate(`${VALID}\nimage:\n  src: images/a.jpg`);
    assert.deepEqual(alt.ok ? [] : alt.problems.map((problem) => [problem.field, problem.line]), [["image.alt", 7]]);
  });

  it("explains each wrong date with its value and the fix for that mistake", () => {
    const cases: [string, RegExp, RegExp][] = [
      ["2024-13-01", /has month 13 \("2024-13-01"\): months run from 01 to 12/, /year-month-day/],
      ["2023-02-29", /not a real calendar date.*February 2023 has 28 days/, /check the day/],
      ["2024-05-01T09:30:00", /has a time but no zone/, /"2024-05-01T09:30:00\+03:00".*"2024-05-01T09:30:00Z"/],
      ["2024-05-01T01:30:00+30:00", /has the zone \+30:00 .*does not exist/, /"2024-05-01T01:30:00\+03:00"/],
      ["2024-05-01T01:30:00+24:00", /has the zone \+24:00/, /\+hh:mm/],
      ["2024-05-01T01:30:00+0300", /without a colon/, /\+03:00/],
      ["2024-05-01T25:00:00Z", /has the time 25:00:00/, /23:59:59/],
      ["1 May 2024", /not a date written as YYYY-MM-DD.*"1 May 2024"/, /"2024-05-01"/],
    ];
    for (const [date, message, hint] of cases) {
      const result = validate(VALID.replace('date: "2024-05-01"', `date: "${date}"`));
      const problems = result.ok ? [] : result.problems;
      assert.equal(problems.length, 1, date);
      assert.equal(problems[0]?.field, "date");
      assert.match(problems[0]?.message ?? "", message, date);
      assert.match(problems[0]?.hint ?? "", hint, date);
      assert.doesNotMatch(problems[0]?.hint ?? "", /in quotes/, "the date is already quoted");
    }
  });

  it("refuses an update before publication", () => {
    const result = validate(`${VALID}\nupdated: "2024-04-01"`);
    assert.equal(result.ok ? "" : result.problems[0]?.field, "updated");
  });
});

describe("isRealDate", () => {
  it("accepts real dates and date-times with a zone", () => {
    for (const date of ["2024-02-29", "2024-05-01T09:30:00Z", "2024-05-01T09:30+02:00", "2024-05-01T09:30:00.123Z"]) {
      assert.ok(isRealDate(date), date);
    }
  });
  it("refuses dates that JavaScript would silently roll over, and times without a zone", () => {
    for (const date of ["2023-02-29", "2024-02-30", "2024-04-31", "2024-13-01", "2024-05-01T24:00:00Z", "2024-05-01T09:30:00", "May 1"]) {
      assert.equal(isRealDate(date), false, date);
    }
  });
});
