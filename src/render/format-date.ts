// Formats article dates for people (the byline) and machines (datetime attributes, feeds, structured data).

// One formatter per locale: creating an Intl.DateTimeFormat costs about 0.4 ms, paid on every page otherwise.
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();
/** "<locale> <YYYY-MM-DD>" → the label readableDate gave it. */
const LABELS = new Map<string, string>();

/**
 * A date as the byline shows it: the day the editor wrote, in the zone the editor wrote it in (the YYYY-MM-DD the
 * front matter starts with), so 2024-05-01T01:30:00+03:00 shows as 1 May 2024 on every build and for every reader.
 * @example readableDate("2024-05-01T01:30:00+03:00", "en-GB") // "1 May 2024"
 */
export function readableDate(isoDate: string, locale: string): string {
  // Each date is shown on its article and on every list that carries it: formatted once (0.015 ms a call).
  const day = `${locale} ${isoDate.slice(0, 10)}`;
  const known = LABELS.get(day);
  if (known !== undefined) return known;
  let formatter = FORMATTERS.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    FORMATTERS.set(locale, formatter);
  }
  const [year, month, date] = isoDate.slice(0, 10).split("-").map(Number);
  const label = formatter.format(new Date(Date.UTC(year ?? Number.NaN, (month ?? Number.NaN) - 1, date ?? Number.NaN)));
  LABELS.set(day, label);
  return label;
}

/**
 * A front matter date as a full ISO 8601 instant with zone; a bare date means midnight UTC.
 * @example isoDateTime("2020-02-03") // "2020-02-03T00:00:00.000Z"
 */
export function isoDateTime(isoDate: string): string {
  return new Date(isoDate).toISOString();
}
