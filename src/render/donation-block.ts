// Formats the donation block's figures from content/_data/donation.json with Intl.NumberFormat.
import type { Donation } from "../content/site-schema.ts";

export interface DonationBlock {
  readonly appeal: string;
  readonly link: string;
  readonly linkText: string;
  readonly goal: number;
  /** Clamped to the goal, because a <meter> cannot show more than its max; the text still says the real figure. */
  readonly meterValue: number;
  readonly raisedText: string;
  readonly goalText: string;
  /** Scale labels under the meter: 0, half the goal, the goal. */
  readonly scale: readonly string[];
  /** What assistive technology reads for the meter, e.g. "115 $ raised of 5,000 $ goal". */
  readonly valueText: string;
}

/** The locale's narrow symbol for a currency: USD → "$" in en-US. */
function currencySymbol(currency: string, locale: string): string {
  const parts = new Intl.NumberFormat(locale, { style: "currency", currency, currencyDisplay: "narrowSymbol" }).formatToParts(0);
  return parts.find((part) => part.type === "currency")?.value ?? currency;
}

/**
 * Formats a whole amount: where the locale puts the symbol, or (`symbolAfterNumber`) grouped digits then the symbol.
 * @example formatAmount(2500, "USD", "en-US", false) // "$2,500"
 * @example formatAmount(2500, "USD", "en-US", true) // "2,500 $"
 */
export function formatAmount(amount: number, currency: string, locale: string, symbolAfterNumber: boolean): string {
  if (!symbolAfterNumber) {
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      currencyDisplay: "narrowSymbol",
      maximumFractionDigits: 0,
      minimumFractionDigits: 0,
    }).format(amount);
  }
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(amount);
  return `${number} ${currencySymbol(currency, locale)}`;
}

/** Builds the donation block's view from the data file. */
export function describeDonation(donation: Donation): DonationBlock {
  const format = (amount: number) => formatAmount(amount, donation.currency, donation.locale, donation.symbolAfterNumber);
  const raisedText = format(donation.raised);
  const goalText = format(donation.goal);
  return {
    appeal: donation.appeal,
    link: donation.link,
    linkText: donation.linkText,
    goal: donation.goal,
    meterValue: Math.min(donation.raised, donation.goal),
    raisedText,
    goalText,
    scale: [format(0), format(donation.goal / 2), goalText],
    valueText: `${raisedText} raised of ${goalText} goal`,
  };
}
