// Publication dates as the sources write them ("2024 Oct", "January 30, 2025", "08.08.2025") turned
// into the ISO form the model stores, as precise as the source and never more.
// A Map: monthNumber is handed words from documents, and "constructor" is not a month.
const MONTHS: ReadonlyMap<string, number> = new Map(Object.entries({
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
}));

/** English month names and their abbreviations, for building date patterns. */
export const MONTH_PATTERN =
  'Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?';

export function monthNumber(name: string): number | null {
  if (/^\d{1,2}$/.test(name)) {
    const n = Number(name);
    return n >= 1 && n <= 12 ? n : null;
  }
  return MONTHS.get(name.toLowerCase().replace(/\.$/, '')) ?? null;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `2024`, `2024-10` or `2024-10-31`; null when a part is out of range (a "date" that is really a number). */
export function isoDate(year: number, month?: number | null, day?: number | null): string | null {
  if (!Number.isInteger(year) || year < 1800 || year > 2200) return null;
  if (month === undefined || month === null) return String(year);
  if (!Number.isInteger(month) || month < 1 || month > 12) return null;
  if (day === undefined || day === null) return `${year}-${pad(month)}`;
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/**
 * PubMed's date forms: `2024 Oct 15`, `2024 Oct`, `2024`, `2024 Spring`, ranges such as
 * `2023 Dec-2024 Jan` or `2024 Oct-Dec` (the start is kept). A season is only as precise as its year.
 */
export function parsePubmedDate(value: string): string | null {
  const match = /^\s*(\d{4})(?:[\s-]+([A-Za-z]{3,9}\.?|\d{1,2})(?:[\s-]+(\d{1,2})\b)?)?/.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = match[2] !== undefined ? monthNumber(match[2]) : null;
  if (month === null) return isoDate(year);
  const day = match[3] !== undefined ? Number(match[3]) : null;
  return isoDate(year, month, day) ?? isoDate(year, month);
}

/** Dates from web page metadata: `2024/10/01`, `2024-10-01T09:00:00Z`, `2024-10`, `2024`, or PubMed's forms. */
export function parseMetaDate(value: string): string | null {
  const numeric = /^\s*(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?=\s*$|T|\s+\d{1,2}:)/.exec(value);
  if (numeric) {
    const year = Number(numeric[1]);
    const month = numeric[2] === undefined ? null : Number(numeric[2]);
    const day = numeric[3] === undefined ? null : Number(numeric[3]);
    return isoDate(year, month, day);
  }
  return parsePubmedDate(value);
}
