// The evidence table as data: its columns (document facts, then the active schema's fields grouped
// by section) and one row per document holding each field's evidence entries (shared/evidence: the
// same text, flags and order as the form and the exports), searchable and sortable.
// Pure, so sorting and filtering 5,000 rows is tested without a browser.
import { collectFieldEvidence, completenessFor, describeEntries, entriesByField, fieldLookup, filledKeys, instanceRows, namedOverride, statusWords } from '@shared/evidence';
import type { InstanceRecord } from '@shared/fields/instances';
import type { DocumentCompleteness, EvidenceEntry, Provenance, ReviewerNames } from '@shared/evidence';
import type { ExtractionSchema, FieldDefinition } from '@shared/fields/types';
import { DOCUMENT_TYPE_LABELS, REVIEW_STATUSES, REVIEW_STATUS_LABELS } from '@shared/model';
import type { Annotation, DocumentId, DocumentMeta, ReviewStatus, ReviewStatusValue } from '@shared/model';

export type ColumnKind = 'title' | 'type' | 'status' | 'completeness' | 'field';

export interface TableColumn {
  /** `doc:title`, `doc:type`, `doc:status`, `doc:completeness` or `field:<field key>`. */
  key: string;
  label: string;
  kind: ColumnKind;
  /** The header group: the document columns, or the schema section the field belongs to. */
  group: { key: string; label: string };
  field: FieldDefinition | null;
  /** Pixels; fixed so rows can be laid out without measuring. */
  width: number;
}

export interface EvidenceRow {
  id: DocumentId;
  /** Unique among the rows: the document id, or with one row per instance, the document and the instance. */
  key: string;
  /** With one row per instance: the patient, arm or time point the row is about (null: values of none). */
  instance: InstanceRecord | null;
  meta: DocumentMeta;
  status: ReviewStatusValue;
  /** "Done", or "Done (override: 2 required fields empty)". */
  statusText: string;
  /** For a Done set over empty required fields: who, when, which fields and why, in a sentence. */
  overrideText: string | null;
  completeness: DocumentCompleteness;
  /** Entries by field key, each list in the one order of values. */
  values: Map<string, EvidenceEntry[]>;
  /** Lower-cased text of every column, by column key, for filtering. */
  search: Map<string, string>;
}

export type SortDirection = 'ascending' | 'descending';
export interface SortState {
  columnKey: string;
  direction: SortDirection;
}

export const TITLE_COLUMN_KEY = 'doc:title';
const DOCUMENT_GROUP = { key: 'doc', label: 'Document' };
const DETAILS_GROUP = { key: 'details', label: 'Review' };

export function fieldColumnKey(fieldKey: string): string {
  return `field:${fieldKey}`;
}

/** Every column the table can show, in order. The title column always comes first. */
export function tableColumns(schema: ExtractionSchema): TableColumn[] {
  const columns: TableColumn[] = [
    { key: TITLE_COLUMN_KEY, label: 'Title', kind: 'title', group: DOCUMENT_GROUP, field: null, width: 300 },
    { key: 'doc:type', label: 'Type', kind: 'type', group: DETAILS_GROUP, field: null, width: 112 },
    { key: 'doc:status', label: 'Status', kind: 'status', group: DETAILS_GROUP, field: null, width: 126 },
    { key: 'doc:completeness', label: 'Completeness', kind: 'completeness', group: DETAILS_GROUP, field: null, width: 118 },
  ];
  for (const section of schema.sections) {
    for (const field of section.fields) {
      columns.push({
        key: fieldColumnKey(field.key),
        label: field.label,
        kind: 'field',
        group: { key: `section:${section.key}`, label: section.label },
        field,
        // Free text and multiple choices run long; numbers and grades are short.
        width: field.type === 'text' || field.type === 'multiple-choice' ? 220 : 168,
      });
    }
  }
  return columns;
}

/** The columns to show: all but the hidden ones; the title column cannot be hidden. */
export function visibleColumns(columns: TableColumn[], hidden: ReadonlySet<string>): TableColumn[] {
  return columns.filter((c) => c.kind === 'title' || !hidden.has(c.key));
}

export interface RowsInput {
  /** In the order rows appear before any sort (library order). */
  documents: DocumentMeta[];
  statuses: ReviewStatus[];
  /** Any annotations: highlights, tombstones and values of other documents are left out. */
  annotations: Annotation[];
  schema: ExtractionSchema;
  /** Each field value's provenance (the db read keeps it per annotation; tests check it). */
  provenanceOf: (annotation: Annotation) => Provenance;
  /** Reviewers' names, for the decisions on the values. */
  reviewers?: ReviewerNames;
  /** One row per document (the default), or one per patient, arm or time point (shared/evidence instanceRows). */
  rowsPer?: 'document' | 'instance';
  /** Each document's stored instances, for their order and labels. */
  instances?: ReadonlyMap<DocumentId, readonly InstanceRecord[]>;
}

/** One row per document, each field's live values as evidence entries. */
export function buildEvidenceRows({ documents, statuses, annotations, schema, provenanceOf, reviewers, rowsPer = 'document', instances }: RowsInput): EvidenceRow[] {
  const lookup = fieldLookup(schema);
  const measure = completenessFor(schema);
  const statusById = new Map(statuses.map((s) => [s.documentId, s]));
  const byDocument = new Map<DocumentId, Annotation[]>();
  for (const annotation of annotations) {
    if (annotation.deletedAt !== null || annotation.field === null) continue;
    const list = byDocument.get(annotation.documentId);
    if (list) list.push(annotation);
    else byDocument.set(annotation.documentId, [annotation]);
  }
  const columns = tableColumns(schema);

  return documents.flatMap((meta) => {
    const own = byDocument.get(meta.id);
    const record = statusById.get(meta.id);
    const status = record?.status ?? 'not-started';
    const override = status === 'done' && record?.override ? namedOverride(record.override, reviewers) : null;
    // Per instance: the one split of shared/evidence, so the table and the CSV put each value in the same row.
    const split: { instance: InstanceRecord | null; values: Map<string, EvidenceEntry[]> }[] =
      rowsPer === 'instance'
        ? instanceRows(collectFieldEvidence(schema, own ?? [], provenanceOf, reviewers, null, instances?.get(meta.id) ?? []))
        : [{ instance: null, values: own ? entriesByField(own, lookup, provenanceOf, reviewers) : new Map<string, EvidenceEntry[]>() }];
    const all = rowsPer === 'instance' && own ? entriesByField(own, lookup, provenanceOf, reviewers) : split[0]!.values;
    const completeness = measure(filledKeys([...all.values()].flat()));
    return split.map(({ instance, values }) => {
    const row: EvidenceRow = {
      id: meta.id,
      key: rowsPer === 'instance' ? `${meta.id} ${instance?.id ?? ''}` : meta.id,
      instance,
      meta,
      status,
      statusText: statusWords(REVIEW_STATUS_LABELS[status], override),
      overrideText: override?.sentence ?? null,
      completeness,
      values,
      search: new Map(),
    };
    for (const column of columns) row.search.set(column.key, cellText(row, column).toLowerCase());
    return row;
    });
  });
}

/** A cell as plain text: what a filter matches and what a tooltip or a screen reader gets. */
export function cellText(row: EvidenceRow, column: TableColumn): string {
  switch (column.kind) {
    case 'title':
      return row.instance ? `${row.meta.title} — ${row.instance.label}` : row.meta.title;
    case 'type':
      return DOCUMENT_TYPE_LABELS[row.meta.type];
    case 'status':
      return row.statusText;
    case 'completeness':
      return row.completeness.label;
    case 'field':
      return describeEntries(row.values.get(column.field!.key) ?? []);
  }
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** What a row sorts by in a column; null for an empty cell, which sorts last either way. */
function sortValue(row: EvidenceRow, column: TableColumn): number | string | null {
  switch (column.kind) {
    case 'title':
      return row.meta.title;
    case 'type':
      return DOCUMENT_TYPE_LABELS[row.meta.type];
    case 'status':
      // By progress, not alphabetically.
      return REVIEW_STATUSES.indexOf(row.status);
    case 'completeness':
      return row.completeness.percent;
    case 'field':
      // The first readable value, in the one order, stands for the cell.
      return (row.values.get(column.field!.key) ?? []).find((v) => v.sortKey !== null)?.sortKey ?? null;
  }
}

function compareKeys(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  // Numbers before text in a column that holds both.
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return collator.compare(a, b);
}

/** Rows sorted by one column; stable, so equal rows keep their library order. Empty cells go last. */
export function sortRows(rows: readonly EvidenceRow[], column: TableColumn, direction: SortDirection): EvidenceRow[] {
  const keyed = rows.map((row) => ({ row, key: sortValue(row, column) }));
  const sign = direction === 'ascending' ? 1 : -1;
  keyed.sort((a, b) => {
    if (a.key === null || b.key === null) return a.key === b.key ? 0 : a.key === null ? 1 : -1;
    return sign * compareKeys(a.key, b.key);
  });
  return keyed.map((k) => k.row);
}

/** The next state of a column's sort when its header is activated: ascending, descending, off. */
export function nextSort(current: SortState | null, columnKey: string): SortState | null {
  if (current?.columnKey !== columnKey) return { columnKey, direction: 'ascending' };
  return current.direction === 'ascending' ? { columnKey, direction: 'descending' } : null;
}

function words(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

export interface RowFilters {
  /** Matches when every word appears somewhere in the visible columns. */
  global: string;
  /** By column key: matches when every word appears in that column. */
  columns: Record<string, string>;
}

export function hasFilters(filters: RowFilters): boolean {
  return filters.global.trim() !== '' || Object.values(filters.columns).some((q) => q.trim() !== '');
}

/** The rows every filter lets through. Filters of hidden columns do not apply. */
export function filterRows(rows: readonly EvidenceRow[], filters: RowFilters, columns: readonly TableColumn[]): EvidenceRow[] {
  const global = words(filters.global);
  const perColumn = columns.map((c) => ({ key: c.key, words: words(filters.columns[c.key] ?? '') })).filter((c) => c.words.length > 0);
  if (global.length === 0 && perColumn.length === 0) return [...rows];
  const all = global.length > 0 ? allTexts(rows, columns) : null;
  const kept: EvidenceRow[] = [];
  // A plain indexed loop over the joined strings: a closure and two WeakMap lookups per row made
  // the filter 2.5 times slower than matching precomputed strings (tests/bench/table.bench.ts).
  rows: for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    for (const { key, words: needed } of perColumn) {
      const text = row.search.get(key) ?? '';
      for (const word of needed) if (!text.includes(word)) continue rows;
    }
    if (all !== null) {
      const text = all[i]!;
      for (const word of global) if (!text.includes(word)) continue rows;
    }
    kept.push(row);
  }
  return kept;
}

/** Each row's searchable text over a set of columns, joined once and kept while the rows and columns live. */
const joinedTexts = new WeakMap<readonly EvidenceRow[], WeakMap<readonly TableColumn[], string[]>>();

/** Every row's text in every column, for the filter across all columns: joined on the first keystroke, not on each. */
function allTexts(rows: readonly EvidenceRow[], columns: readonly TableColumn[]): string[] {
  let byColumns = joinedTexts.get(rows);
  if (byColumns === undefined) {
    byColumns = new WeakMap();
    joinedTexts.set(rows, byColumns);
  }
  let all = byColumns.get(columns);
  if (all === undefined) {
    all = rows.map((row) => columns.map((c) => row.search.get(c.key) ?? '').join('\n'));
    byColumns.set(columns, all);
  }
  return all;
}
