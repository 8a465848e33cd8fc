// Suggested names for saved exports: dated, recognisable, and safe on every file system, so they
// pass the save contract (shared/ipc.ts) however odd a document's title is.

export const EXPORT_KINDS = {
  'evidence-csv': { stem: 'evidence', extension: 'csv', mimeType: 'text/csv' },
  'values-csv': { stem: 'values', extension: 'csv', mimeType: 'text/csv' },
  'instance-csv': { stem: 'evidence-per-patient', extension: 'csv', mimeType: 'text/csv' },
  markdown: { stem: 'summary', extension: 'md', mimeType: 'text/markdown' },
  html: { stem: 'report', extension: 'html', mimeType: 'text/html' },
  pdf: { stem: 'report', extension: 'pdf', mimeType: 'application/pdf' },
  'annotated-pdf': { stem: 'annotated', extension: 'pdf', mimeType: 'application/pdf' },
  'web-annotation': { stem: 'annotations', extension: 'jsonld', mimeType: 'application/ld+json' },
  // Format 2 backups: a JSON header line, then gzip chunks (shared/export/backup-stream.ts); not JSON.
  backup: { stem: 'backup', extension: 'mbackup', mimeType: 'application/octet-stream' },
} as const;
export type ExportKind = keyof typeof EXPORT_KINDS;

/** Long enough to recognise a title, short enough that the whole name stays far below 200 characters. */
const MAX_SLUG_LENGTH = 60;

/**
 * A title as a file-name slug: accents dropped ("Sjögren" → "sjogren"), everything but ASCII letters
 * and digits folded into single hyphens, cut at a hyphen near MAX_SLUG_LENGTH. Empty when nothing of
 * the title survives (a title in another script), so the caller falls back to the plain name.
 */
export function slugify(title: string): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (ascii.length <= MAX_SLUG_LENGTH) return ascii;
  const cut = ascii.slice(0, MAX_SLUG_LENGTH + 1);
  const lastHyphen = cut.lastIndexOf('-');
  return (lastHyphen > MAX_SLUG_LENGTH / 2 ? cut.slice(0, lastHyphen) : cut.slice(0, MAX_SLUG_LENGTH)).replace(/-+$/, '');
}

/**
 * `margin-evidence-2026-11-22.csv`, or for one document `margin-summary-<title slug>-2026-11-22.md`.
 * `date` is the reviewer's local calendar date (YYYY-MM-DD): the caller knows the time zone, the
 * export does not. An unusable date is left out rather than put into the name.
 */
export function suggestFileName(kind: ExportKind, date: string, documentTitle?: string): string {
  const { stem, extension } = EXPORT_KINDS[kind];
  const slug = documentTitle === undefined ? '' : slugify(documentTitle);
  const validDate = /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : '';
  return [`margin-${stem}`, slug, validDate].filter((part) => part.length > 0).join('-') + `.${extension}`;
}

export function mimeTypeOf(kind: ExportKind): string {
  return EXPORT_KINDS[kind].mimeType;
}
