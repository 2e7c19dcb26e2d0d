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
};

describe("describeDonation", () => {
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
  it("groups digits the locale's way and uses its symbol", () => {
    assert.equal(formatAmount(2500, "EUR", "de-DE"), "2.500 €");
    assert.equal(formatAmount(1234567, "GBP", "en-GB"), "1,234,567 £");
  });
});
