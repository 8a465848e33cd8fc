// The agreement statistics of a team review as a spreadsheet (issue 11): one row for the whole
// review, one per field and one per document, each with percent agreement and Cohen's kappa.
import type { DocumentMeta } from '../model';
import type { AgreementSummary, ReviewAgreement } from '../review/agreement';
import { toCsv } from './csv';
import type { CsvCell } from './csv';

export const AGREEMENT_COLUMNS = [
  'scope',
  'name',
  'compared',
  'agree',
  'disagree',
  'only_a',
  'only_b',
  'percent_agreement',
  'kappa',
  'kappa_se',
  'kappa_ci95_low',
  'kappa_ci95_high',
  'kappa_n',
  'extractor_a',
  'extractor_b',
] as const;

/** Rounded for a reader, as numbers a spreadsheet can still compute with. */
function round(x: number | null | undefined, places: number): number | null {
  return x === null || x === undefined ? null : Number(x.toFixed(places));
}

function row(scope: string, name: string, s: AgreementSummary, a: string, b: string): CsvCell[] {
  const k = s.kappa;
  return [scope, name, s.compared, s.agreed, s.disagreed, s.onlyA, s.onlyB, round(s.percent, 1), round(k?.kappa, 4), round(k?.standardError, 4), round(k?.low, 4), round(k?.high, 4), k?.n ?? null, a, b];
}

/**
 * The statistics as CSV. Kappa's standard error is Cohen's (1960) large-sample approximation (see
 * shared/review/agreement.ts); kappa is empty for fields that are not categorical or graded.
 */
export function agreementCsv(agreement: ReviewAgreement, documents: readonly Pick<DocumentMeta, 'id' | 'title'>[], extractorA: string, extractorB: string): string {
  const titles = new Map(documents.map((d) => [d.id as string, d.title]));
  const rows: CsvCell[][] = [[...AGREEMENT_COLUMNS], row('review', 'All fields, all documents', agreement.overall, extractorA, extractorB)];
  for (const f of agreement.byField) rows.push(row('field', f.field.label, f.summary, extractorA, extractorB));
  for (const d of agreement.byDocument) rows.push(row('document', titles.get(d.documentId) ?? d.documentId, d.summary, extractorA, extractorB));
  return toCsv(rows);
}
