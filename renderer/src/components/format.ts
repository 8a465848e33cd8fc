// Small display helpers for document metadata.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2025-01-30" → "30 Jan 2025", "2024-10" → "Oct 2024", "2024" → "2024". */
export function formatPublishedDate(date: string | null): string {
  if (!date) return 'No date';
  const [year, month, day] = date.split('-');
  const monthName = month ? MONTHS[Number(month) - 1] : undefined;
  if (day && monthName) return `${Number(day)} ${monthName} ${year}`;
  if (monthName) return `${monthName} ${year}`;
  return year ?? date;
}

/** A moment as a reviewer reads it, "22 Nov 2026, 10:04" in their locale; the raw text if it is not a date. */
export function formatMoment(iso: string): string {
  const time = Date.parse(iso);
  return Number.isFinite(time) ? new Date(time).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : iso;
}
