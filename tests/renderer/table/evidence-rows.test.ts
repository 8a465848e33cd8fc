// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { checkProvenance } from '@shared/evidence';
import { formatFieldValue } from '@shared/fields/format';
import { DOCUMENT_TYPE_LABELS, REVIEW_STATUSES } from '@shared/model';
import type { Annotation, DocumentId, DocumentMeta, ReviewStatusValue } from '@shared/model';
import {
  buildEvidenceRows,
  cellText,
  fieldColumnKey,
  filterRows,
  nextSort,
  sortRows,
  tableColumns,
  TITLE_COLUMN_KEY,
  visibleColumns,
} from '../../../renderer/src/features/table/evidence-rows';
import type { EvidenceRow, TableColumn } from '../../../renderer/src/features/table/evidence-rows';
import { buildReview } from '../../shared/export/fixtures';

const review = buildReview();
const texts = new Map(review.input.texts.map((t) => [t.id, t.text]));
const provenanceOf = (a: Annotation) => checkProvenance(texts.get(a.documentId) ?? null, a);
const rows = buildEvidenceRows({ ...review.input, provenanceOf });
const columns = tableColumns(DEFAULT_SCHEMA);
const column = (key: string): TableColumn => columns.find((c) => c.key === key)!;
const rowOf = (prefix: string): EvidenceRow => rows.find((r) => r.id === review.doc(prefix).meta.id)!;
const fields = DEFAULT_SCHEMA.sections.flatMap((s) => s.fields.map((f) => ({ section: s, field: f })));

describe('tableColumns', () => {
  it('puts the title first, then type, status and completeness, then every field in schema order under its section', () => {
    expect(columns.slice(0, 4).map((c) => c.kind)).toEqual(['title', 'type', 'status', 'completeness']);
    expect(columns[0]!.key).toBe(TITLE_COLUMN_KEY);
    const fieldColumns = columns.slice(4);
    expect(fieldColumns.map((c) => c.key)).toEqual(fields.map(({ field }) => fieldColumnKey(field.key)));
    expect(fieldColumns.map((c) => c.group.label)).toEqual(fields.map(({ section }) => section.label));
  });

  it('never hides the title column', () => {
    const hidden = new Set([TITLE_COLUMN_KEY, 'doc:type', fieldColumnKey('dose')]);
    const shown = visibleColumns(columns, hidden);
    expect(shown[0]!.key).toBe(TITLE_COLUMN_KEY);
    expect(shown.map((c) => c.key)).not.toContain('doc:type');
    expect(shown.map((c) => c.key)).not.toContain(fieldColumnKey('dose'));
    expect(shown).toHaveLength(columns.length - 2);
  });
});

describe('buildEvidenceRows', () => {
  it('makes one row per document, in the order given', () => {
    expect(rows.map((r) => r.id)).toEqual(review.input.documents.map((d) => d.id));
  });

  it('says when Done was an override, and names who confirmed a value', () => {
    const mg = rowOf('004');
    expect(cellText(mg, column('doc:status'))).toBe('Done (override: 1 required field empty)');
    expect(mg.overrideText).toBe('Marked Done by Ana Ruiz, 2026-11-21 11:00 UTC, with CRS grade empty: Safety reported only in the full text.');
    expect(cellText(rowOf('001'), column('doc:status'))).toBe('In progress');
    expect(rowOf('001').overrideText).toBeNull();
    const [crs] = rowOf('001').values.get('crs_grade')!;
    expect(crs!.reviewText).toBe('Confirmed by Ana Ruiz, 2026-11-21 09:45 UTC');
    expect(cellText(rowOf('001'), column(fieldColumnKey('crs_grade')))).toBe('Grade 1 (ASTCT CRS) [confirmed]');
  });

  it('holds each live field value, formatted with the field, flagged, in document order', () => {
    const jdm = rowOf('001');
    const live = review.input.annotations.filter((a) => a.documentId === jdm.id && a.deletedAt === null && a.field !== null);
    for (const { field } of fields) {
      const expected = live
        .filter((a) => a.field!.fieldKey === field.key)
        .sort((a, b) => (a.target?.position.start ?? Infinity) - (b.target?.position.start ?? Infinity));
      const cells = jdm.values.get(field.key) ?? [];
      expect(cells.map((c) => c.annotationId)).toEqual(expected.map((a) => a.id));
      cells.forEach((cell, i) => {
        const tag = expected[i]!.field!;
        expect(cell.text).toBe(formatFieldValue(field, tag.value!));
        expect(cell.flags.includes('needs-confirmation')).toBe(tag.status === 'needs-confirmation');
        expect(cell.flags.includes('no-source')).toBe(expected[i]!.target === null);
        expect(cell.quote).toBe(expected[i]!.target?.quote.exact ?? null);
      });
    }
    expect(jdm.values.get('cytopenias')!.length).toBe(2);
    expect(jdm.values.get('patients_n')![0]!.flags).toEqual(['no-source']);
    expect(jdm.values.get('dose')![0]!.flags).toEqual(['needs-confirmation']);
    // The quote of this value no longer stands in the text: the table says so, as the CSV does.
    expect(jdm.values.get('follow_up')![0]!.flags).toEqual(['stale-quote']);
  });

  it('leaves out highlights, tombstones and values of other documents', () => {
    const ids = new Set(rows.flatMap((r) => [...r.values.values()].flat().map((v) => v.annotationId)));
    for (const annotation of review.input.annotations) {
      const counted = ids.has(annotation.id);
      expect(counted).toBe(annotation.deletedAt === null && annotation.field !== null);
    }
  });

  it('reads the status, defaulting to not started, and computes completeness from readable values', () => {
    for (const row of rows) {
      const stored = review.input.statuses.find((s) => s.documentId === row.id);
      expect(row.status).toBe(stored?.status ?? 'not-started');
      const withValue = new Set(
        review.input.annotations
          .filter((a) => a.documentId === row.id && a.deletedAt === null && a.field?.value)
          .map((a) => a.field!.fieldKey)
          .filter((key) => fields.some(({ field }) => field.key === key)),
      );
      // No document here has per-patient values, so the per-patient section does not count yet.
      const counted = fields.filter(({ section }) => section.repeat === undefined).length;
      expect(row.completeness.percent).toBe(Math.floor((withValue.size / counted) * 100));
    }
  });

  it('gives a cell text with flags in words, which filters match', () => {
    const jdm = rowOf('001');
    const dose = cellText(jdm, column(fieldColumnKey('dose')));
    expect(dose).toBe('1 × 10⁶ cells/kg [needs confirmation]');
    expect(cellText(jdm, column(fieldColumnKey('patients_n')))).toBe('1 [no source]');
    expect(cellText(jdm, column(fieldColumnKey('follow_up')))).toBe('10 months [stale quote]');
    expect(cellText(jdm, column(fieldColumnKey('cytopenias')))).toBe('Grade 2 (CTCAE) (anemia) | Grade 4 (CTCAE) (neutropenia)');
    expect(jdm.search.get(fieldColumnKey('dose'))).toBe(dose.toLowerCase());
    expect(cellText(jdm, column('doc:completeness'))).toMatch(/^\d+ of \d+ fields \(\d+%\); \d+ of 8 required$/);
    expect(cellText(jdm, column('doc:type'))).toBe(DOCUMENT_TYPE_LABELS[jdm.meta.type]);
  });
});

function metaFor(n: number, title: string): DocumentMeta {
  return {
    id: String(n).padStart(64, '0') as DocumentId,
    title,
    authors: [],
    journal: null,
    publishedDate: null,
    doi: null,
    pmid: null,
    trialRegistration: null,
    type: 'other',
    origin: 'imported',
    fileName: `${n}.txt`,
    corpusVersion: null,
    addedAt: '2026-01-01T00:00:00.000Z',
    textLength: 1,
    pageMap: null,
  };
}

function rowsWithCounts(counts: (number | null)[], statuses: ReviewStatusValue[] = []): EvidenceRow[] {
  const documents = counts.map((_, i) => metaFor(i, `Document ${i}`));
  return buildEvidenceRows({
    documents,
    statuses: statuses.map((status, i) => ({ documentId: documents[i]!.id, status, updatedAt: '2026-01-01T00:00:00.000Z' })),
    annotations: counts.flatMap((count, i) =>
      count === null
        ? []
        : [
            {
              id: `a${i}` as never,
              documentId: documents[i]!.id,
              target: null,
              color: 'yellow' as const,
              note: '',
              tags: [],
              field: { fieldKey: 'patients_n', schemaId: 'x', value: { type: 'count' as const, count }, status: 'manual' as const, reason: null, qualifier: null },
              creator: 't',
              createdAt: '2026-01-01T00:00:00.000Z',
              modifiedAt: '2026-01-01T00:00:00.000Z',
              deletedAt: null,
            },
          ],
    ),
    schema: DEFAULT_SCHEMA,
    provenanceOf: () => ({ state: 'no-source' }),
  });
}

describe('sortRows', () => {
  const patients = column(fieldColumnKey('patients_n'));

  it('sorts numbers as numbers, empty cells last in both directions, stable for ties', () => {
    const sample = rowsWithCounts([10, null, 2, 33, null, 2]);
    const titles = (list: EvidenceRow[]) => list.map((r) => r.meta.title);
    expect(titles(sortRows(sample, patients, 'ascending'))).toEqual(['Document 2', 'Document 5', 'Document 0', 'Document 3', 'Document 1', 'Document 4']);
    expect(titles(sortRows(sample, patients, 'descending'))).toEqual(['Document 3', 'Document 0', 'Document 2', 'Document 5', 'Document 1', 'Document 4']);
  });

  it('sorts statuses by progress, not alphabetically', () => {
    const sample = rowsWithCounts([null, null, null, null], ['done', 'not-started', 'unavailable', 'in-progress']);
    expect(sortRows(sample, column('doc:status'), 'ascending').map((r) => r.status)).toEqual([...REVIEW_STATUSES]);
  });

  it('returns a permutation whose filled cells are in order and empty cells last (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: -1000, max: 1000 }), { nil: null }), { maxLength: 40 }), fc.boolean(), (counts, ascending) => {
        const sample = rowsWithCounts(counts);
        const sorted = sortRows(sample, patients, ascending ? 'ascending' : 'descending');
        expect(new Set(sorted.map((r) => r.id))).toEqual(new Set(sample.map((r) => r.id)));
        expect(sorted).toHaveLength(sample.length);
        const keys = sorted.map((r) => r.values.get('patients_n')?.[0]?.sortKey as number | undefined);
        const firstEmpty = keys.indexOf(undefined);
        if (firstEmpty >= 0) expect(keys.slice(firstEmpty).every((k) => k === undefined)).toBe(true);
        const filled = keys.filter((k): k is number => k !== undefined);
        for (let i = 1; i < filled.length; i++) {
          if (ascending) expect(filled[i]!).toBeGreaterThanOrEqual(filled[i - 1]!);
          else expect(filled[i]!).toBeLessThanOrEqual(filled[i - 1]!);
        }
      }),
    );
  });

  it('cycles a header through ascending, descending and off', () => {
    const first = nextSort(null, 'doc:title');
    expect(first).toEqual({ columnKey: 'doc:title', direction: 'ascending' });
    expect(nextSort(first, 'doc:title')).toEqual({ columnKey: 'doc:title', direction: 'descending' });
    expect(nextSort(nextSort(first, 'doc:title'), 'doc:title')).toBeNull();
    expect(nextSort(first, 'doc:type')).toEqual({ columnKey: 'doc:type', direction: 'ascending' });
  });
});

describe('filterRows', () => {
  it('keeps rows where every word appears in the visible columns, or in one column', () => {
    const jdm = rowOf('001');
    const onlyJdm = filterRows(rows, { global: 'dermatomyositis cells/kg', columns: {} }, columns);
    expect(onlyJdm.map((r) => r.id)).toEqual([jdm.id]);
    const confirm = filterRows(rows, { global: '', columns: { [fieldColumnKey('dose')]: 'needs confirmation' } }, columns);
    expect(confirm.map((r) => r.id).sort()).toEqual(rows.filter((r) => r.values.get('dose')?.some((v) => v.flags.includes('needs-confirmation'))).map((r) => r.id).sort());
    expect(confirm.length).toBeGreaterThan(1);
    expect(filterRows(rows, { global: 'no such words anywhere', columns: {} }, columns)).toEqual([]);
  });

  it('ignores the filter of a hidden column and words only found in hidden columns', () => {
    const withoutDose = visibleColumns(columns, new Set([fieldColumnKey('dose')]));
    expect(filterRows(rows, { global: '', columns: { [fieldColumnKey('dose')]: 'zzz' } }, withoutDose)).toHaveLength(rows.length);
    expect(filterRows(rows, { global: 'cells/kg', columns: {} }, withoutDose)).toEqual([]);
  });
});

describe('one row per patient, arm or time point', () => {
  it('splits a document into its instances’ rows, each with its own values and the document’s values on all, every other document one row', () => {
    const dose = review.input.annotations.find((a) => a.field?.fieldKey === 'dose')!;
    const perPatient = (id: string, instance: string, text: string): Annotation => ({
      ...dose,
      id: id as Annotation['id'],
      target: null,
      field: { ...dose.field!, fieldKey: 'patient_response', value: { type: 'text', text }, status: 'parsed', reason: null, instance },
    });
    const annotations = [...review.input.annotations, perPatient('p1', 'patient-1', 'remission'), perPatient('p2', 'patient-2', 'relapse')];
    const instances = new Map([[dose.documentId, [{ id: 'patient-2', kind: 'patient' as const, label: 'Girl, 12' }]]]);
    const split = buildEvidenceRows({ ...review.input, annotations, provenanceOf, rowsPer: 'instance', instances });
    const own = split.filter((r) => r.id === dose.documentId);
    expect(own.map((r) => [r.key, r.instance?.label, cellText(r, column(fieldColumnKey('patient_response')))])).toEqual([
      [`${dose.documentId} patient-2`, 'Girl, 12', 'Girl, 12: relapse [no source]'],
      [`${dose.documentId} patient-1`, 'Patient 1', 'Patient 1: remission [no source]'],
    ]);
    // The document's dose stands in both rows; the title says whose row it is, for filtering too.
    expect(own.map((r) => cellText(r, column(fieldColumnKey('dose'))))).toEqual([cellText(rows.find((r) => r.id === dose.documentId)!, column(fieldColumnKey('dose'))), cellText(rows.find((r) => r.id === dose.documentId)!, column(fieldColumnKey('dose')))]);
    expect(cellText(own[0]!, column(TITLE_COLUMN_KEY))).toBe(`${own[0]!.meta.title} — Girl, 12`);
    expect(split).toHaveLength(rows.length + 1);
    expect(new Set(split.map((r) => r.key)).size).toBe(split.length);
  });
});
