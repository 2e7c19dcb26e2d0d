// Dates are shown on the day the editor wrote, in the zone the editor wrote it in.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isoDateTime, readableDate } from "../../src/render/format-date.ts";

describe("readableDate", () => {
  it("shows the day written in the front matter, whatever its zone", () => {
    assert.equal(readableDate("2024-05-01T01:30:00+03:00", "en-US"), "May 1, 2024");
    assert.equal(readableDate("2024-04-30T23:30:00-05:00", "en-GB"), "30 April 2024");
    assert.equal(readableDate("2024-05-01", "en-US"), "May 1, 2024");
    assert.equal(readableDate("2024-12-31T23:59:59.999Z", "de"), "31. Dezember 2024");
  });

  it("keeps the instant for machines: the datetime attribute and feeds are in UTC", () => {
    assert.equal(isoDateTime("2024-05-01T01:30:00+03:00"), "2024-04-30T22:30:00.000Z");
  });
});
