// Reads a date as precise as the text gives it ("2024", "2024 Oct", "July 8, 2024", "08.08.2025")
// into ISO 8601 (`2024`, `2024-10`, `2024-07-08`), checking that the day exists.
import type { NormalizeResult } from './types';

// A Map: the names looked up come from the tagged text.
const MONTHS: ReadonlyMap<string, number> = new Map(Object.entries({
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
}));
const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;

interface DateMatch {
  start: number;
  end: number;
  year: number;
  month: number | null;
  day: number | null;
  note: string | null;
}

function monthNumber(name: string | undefined): number | null {
  if (name === undefined) return null;
  const lower = name.toLowerCase().replace('.', '');
  return MONTHS.get(lower) ?? MONTHS.get(lower.slice(0, 3)) ?? null;
}

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

type Pattern = { regex: RegExp; read: (m: RegExpMatchArray) => Omit<DateMatch, 'start' | 'end'> | null };

const num = (text: string | undefined): number => Number(text ?? NaN);

const PATTERNS: Pattern[] = [
  {
    regex: /\b(\d{4})-(\d{2})(?:-(\d{2}))?\b/g,
    read: (m) => ({ year: num(m[1]), month: num(m[2]), day: m[3] === undefined ? null : num(m[3]), note: null }),
  },
  {
    // PubMed style: "2024 Oct", "2024 Jul 31".
    regex: new RegExp(String.raw`\b(\d{4})\s+${MONTH}(?:\s+(\d{1,2}))?(?![\d\p{L}])`, 'giu'),
    read: (m) => ({ year: num(m[1]), month: monthNumber(m[2]), day: m[3] === undefined ? null : num(m[3]), note: null }),
  },
  {
    regex: new RegExp(String.raw`\b${MONTH}\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`, 'giu'),
    read: (m) => ({ year: num(m[3]), month: monthNumber(m[1]), day: num(m[2]), note: null }),
  },
  {
    regex: new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\s+${MONTH},?\s+(\d{4})\b`, 'giu'),
    read: (m) => ({ year: num(m[3]), month: monthNumber(m[2]), day: num(m[1]), note: null }),
  },
  {
    regex: new RegExp(String.raw`\b${MONTH},?\s+(\d{4})\b`, 'giu'),
    read: (m) => ({ year: num(m[2]), month: monthNumber(m[1]), day: null, note: null }),
  },
  {
    // Dots are day-first everywhere they are used ("08.08.2025").
    regex: /\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b/g,
    read: (m) => ({ year: num(m[3]), month: num(m[2]), day: num(m[1]), note: null }),
  },
  {
    regex: /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/g,
    read: (m) => {
      const first = num(m[1]);
      const second = num(m[2]);
      if (first > 12) return { year: num(m[3]), month: second, day: first, note: null };
      if (second > 12) return { year: num(m[3]), month: first, day: second, note: null };
      if (first === second) return { year: num(m[3]), month: first, day: first, note: null };
      return { year: num(m[3]), month: second, day: first, note: `"${m[0]}" could be month/day or day/month; read as day/month` };
    },
  },
  {
    regex: /(?<![\d.,/-])\b(1[89]\d{2}|20\d{2}|2100)\b(?![\d.,/-]\d)/g,
    read: (m) => ({ year: num(m[1]), month: null, day: null, note: null }),
  },
];

function findDates(text: string): DateMatch[] {
  const found: DateMatch[] = [];
  for (const { regex, read } of PATTERNS) {
    for (const match of text.matchAll(regex)) {
      const parts = read(match);
      if (parts) found.push({ ...parts, start: match.index, end: match.index + match[0].length });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: DateMatch[] = [];
  for (const date of found) {
    if (!kept.some((k) => date.start < k.end && k.start < date.end)) kept.push(date);
  }
  return kept;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Reads the first date in `text` (already cleaned). */
export function readDate(text: string): NormalizeResult {
  const dates = findDates(text);
  const date = dates[0];
  if (!date) return { ok: false, reason: 'no date in the text (e.g. "2024 Oct", "July 8, 2024", "08.08.2025")' };
  const { year, month, day } = date;
  if (month !== null && (month < 1 || month > 12)) return { ok: false, reason: `there is no month ${month} in "${text.slice(date.start, date.end)}"` };
  if (month !== null && day !== null && (day < 1 || day > daysIn(year, month))) {
    return { ok: false, reason: `${year}-${pad(month)} has no day ${day}` };
  }
  const iso = month === null ? String(year) : day === null ? `${year}-${pad(month)}` : `${year}-${pad(month)}-${pad(day)}`;
  const notes = [date.note, dates.length > 1 ? `several dates in the text; the first (${iso}) was taken` : null].filter((n): n is string => n !== null);
  return { ok: true, value: { type: 'date', date: iso }, needsConfirmation: notes.length > 0, reason: notes.length > 0 ? notes.join('; ') : null };
}
