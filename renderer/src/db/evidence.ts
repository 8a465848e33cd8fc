// What the evidence table reads, in one place: documents, statuses, the active schema, every live
// field value and its provenance. Provenance needs the document's text; texts are read only for
// documents whose values have no provenance known yet, since one found stays right (below).
import { checkProvenance } from '@shared/evidence';
import type { Provenance, ReviewerNames } from '@shared/evidence';
import type { ExtractionSchema } from '@shared/fields/types';
import type { Annotation, AnnotationId, DocumentId, DocumentMeta, ReviewStatus } from '@shared/model';
import { useLiveQuery } from 'dexie-react-hooks';
import { useDatabase } from './context';
import type { MarginDatabase } from './database';
import { listDocuments } from './documents';
import { readReviewerNames } from './reviewers';
import { getActiveSchema } from './schemas';
import { visibleToViewer } from './reviews';

export interface EvidenceTableRecords {
  /** In library order. */
  documents: DocumentMeta[];
  statuses: ReviewStatus[];
  /** Live annotations that carry a field value. */
  values: Annotation[];
  schema: ExtractionSchema;
  /** The provenance of every value in `values`, by annotation id. */
  provenance: ReadonlyMap<AnnotationId, Provenance>;
  /** Reviewers' names, for the decisions on the values. */
  reviewers: ReviewerNames;
}

interface KnownProvenance {
  documentId: DocumentId;
  modifiedAt: string;
  start: number;
  end: number;
  exact: string;
  provenance: Provenance;
}

/**
 * Provenance found per database, by annotation id. A document's text never changes (its id is the
 * hash of its text), so provenance is a pure function of the annotation's target: it stays right
 * until the annotation is modified. The target itself is compared too, so a record put back with
 * the same time (an undo, a restore) can never be served another record's answer.
 */
const known = new WeakMap<MarginDatabase, Map<AnnotationId, KnownProvenance>>();

function stillKnown(entry: KnownProvenance | undefined, annotation: Annotation): entry is KnownProvenance {
  if (entry === undefined || entry.modifiedAt !== annotation.modifiedAt || entry.documentId !== annotation.documentId) return false;
  const target = annotation.target;
  if (target === null) return entry.provenance.state === 'no-source';
  return entry.start === target.position.start && entry.end === target.position.end && entry.exact === target.quote.exact;
}

function remember(annotation: Annotation, provenance: Provenance): KnownProvenance {
  const target = annotation.target;
  return {
    documentId: annotation.documentId,
    modifiedAt: annotation.modifiedAt,
    start: target?.position.start ?? -1,
    end: target?.position.end ?? -1,
    exact: target?.quote.exact ?? '',
    provenance,
  };
}

/**
 * The texts of the `wanted` documents. Reading them one by one costs a request each (thousands for a
 * large review); a document's id is its text's key, so ids that follow one another in key order are
 * read as one key range instead. A range never spans an id that is not wanted, so no other text is
 * read, and there are never more requests than wanted texts.
 */
async function readTexts(db: MarginDatabase, documentIds: readonly DocumentId[], wanted: ReadonlySet<DocumentId>): Promise<Map<DocumentId, string>> {
  // IndexedDB orders string keys by UTF-16 code units, as the default sort does.
  const ordered = [...new Set([...documentIds, ...wanted])].sort();
  const runs: [DocumentId, DocumentId][] = [];
  let first: DocumentId | null = null;
  let last: DocumentId | null = null;
  for (const id of ordered) {
    if (wanted.has(id)) {
      first ??= id;
      last = id;
    } else if (first !== null) {
      runs.push([first, last!]);
      first = null;
    }
  }
  if (first !== null) runs.push([first, last!]);
  const chunks = await Promise.all(
    runs.map(async ([from, to]) => (from === to ? [await db.texts.get(from)] : db.texts.where(':id').between(from, to, true, true).toArray())),
  );
  const texts = new Map<DocumentId, string>();
  for (const chunk of chunks) for (const record of chunk) if (record) texts.set(record.id, record.text);
  return texts;
}

/** Provenance of each value: known ones reused, the rest checked against texts read in one go. */
async function provenanceOf(db: MarginDatabase, documentIds: readonly DocumentId[], values: readonly Annotation[]): Promise<Map<AnnotationId, Provenance>> {
  const before = known.get(db) ?? new Map<AnnotationId, KnownProvenance>();
  // Rebuilt every time, so values that were deleted are forgotten.
  const after = new Map<AnnotationId, KnownProvenance>();
  const provenance = new Map<AnnotationId, Provenance>();
  const unknown: Annotation[] = [];
  for (const value of values) {
    const entry = before.get(value.id);
    if (stillKnown(entry, value)) after.set(value.id, entry);
    else if (value.target === null) after.set(value.id, remember(value, { state: 'no-source' }));
    else {
      unknown.push(value);
      continue;
    }
    provenance.set(value.id, after.get(value.id)!.provenance);
  }
  if (unknown.length > 0) {
    const texts = await readTexts(db, documentIds, new Set(unknown.map((value) => value.documentId)));
    for (const value of unknown) {
      const found = checkProvenance(texts.get(value.documentId) ?? null, value);
      after.set(value.id, remember(value, found));
      provenance.set(value.id, found);
    }
  }
  known.set(db, after);
  return provenance;
}

export async function readEvidenceTable(db: MarginDatabase): Promise<EvidenceTableRecords> {
  const [documents, statuses, annotations, schema] = await Promise.all([
    listDocuments(db),
    db.statuses.toArray(),
    // Only annotations with a field tag are in this index, so highlights are never read.
    db.annotations.orderBy('field.fieldKey').toArray(),
    getActiveSchema(db),
  ]);
  // Blinded: the table shows only what this reviewer may see of a colleague's values.
  const values = await visibleToViewer(db, annotations.filter((a) => a.deletedAt === null && a.field !== null));
  const provenance = await provenanceOf(db, documents.map((d) => d.id), values);
  const reviewers = await readReviewerNames(db, values);
  return { documents, statuses, values, schema, provenance, reviewers };
}

/** What the evidence table is built from, live; undefined while reading. */
export function useEvidenceTable(): EvidenceTableRecords | undefined {
  const db = useDatabase();
  return useLiveQuery(() => readEvidenceTable(db), [db]);
}
