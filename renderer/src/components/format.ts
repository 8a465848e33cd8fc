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

/** "1 Dec 2026, 14:40": when a reviewer took a decision, in the reviewer's own time zone. */
export function formatDecisionTime(iso: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return time.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
