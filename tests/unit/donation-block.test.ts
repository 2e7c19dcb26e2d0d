import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeDonation, formatAmount } from "../../src/render/donation-block.ts";

const DONATION = {
  goal: 5000,
  raised: 115,
  currency: "USD",
  locale: "en-US",
  appeal: "Do you like this content? Consider helping us!",
  link: "https://example.org/donate/",
  linkText: "Donate",
  symbolAfterNumber: true,
};

describe("describeDonation", () => {
  it("places the symbol where the locale does unless the data file asks for it after the number", () => {
    const block = describeDonation({ ...DONATION, symbolAfterNumber: false });
    assert.deepEqual(block.scale, ["$0", "$2,500", "$5,000"]);
    assert.equal(block.raisedText, "$115");
  });

  it("shows the sample's figures exactly: 0 $, 2,500 $, 5,000 $ and 115 $", () => {
    const block = describeDonation(DONATION);
    assert.deepEqual(block.scale, ["0 $", "2,500 $", "5,000 $"]);
    assert.equal(block.raisedText, "115 $");
    assert.equal(block.valueText, "115 $ raised of 5,000 $ goal");
    assert.equal(block.meterValue, 115);
  });

  it("clamps the meter at the goal but still tells the real total", () => {
    const block = describeDonation({ ...DONATION, raised: 7200 });
    assert.equal(block.meterValue, 5000);
    assert.equal(block.raisedText, "7,200 $");
  });
});

describe("formatAmount", () => {
  it("groups digits the locale's way and puts its symbol after the number when asked", () => {
    assert.equal(formatAmount(2500, "EUR", "de-DE", true), "2.500 €");
    assert.equal(formatAmount(1234567, "GBP", "en-GB", true), "1,234,567 £");
  });

  it("follows the locale's placement by default", () => {
    assert.equal(formatAmount(2500, "EUR", "de-DE", false), "2.500\u00a0€");
    assert.equal(formatAmount(1234567, "GBP", "en-GB", false), "£1,234,567");
    assert.equal(formatAmount(115, "USD", "en-US", false), "$115");
  });
});
