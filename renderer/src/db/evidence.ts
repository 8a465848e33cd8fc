// What the evidence table reads, in one place: documents, statuses, the active schema, every live
// field value and its provenance. Provenance needs the document's text; texts are read only for
// documents whose values have no provenance known yet, since one found stays right (below).
import { checkProvenance } from '@shared/evidence';
import type { Provenance } from '@shared/evidence';
import type { ExtractionSchema } from '@shared/fields/types';
import type { Annotation, AnnotationId, DocumentId, DocumentMeta, ReviewStatus } from '@shared/model';
import type { MarginDatabase } from './database';
import { listDocuments } from './documents';
import { getActiveSchema } from './schemas';

export interface EvidenceTableRecords {
  /** In library order. */
  documents: DocumentMeta[];
  statuses: ReviewStatus[];
  /** Live annotations that carry a field value. */
  values: Annotation[];
  schema: ExtractionSchema;
  /** The provenance of every value in `values`, by annotation id. */
  provenance: ReadonlyMap<AnnotationId, Provenance>;
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

/** Provenance of each value: known ones reused, the rest checked against texts read in one go. */
async function provenanceOf(db: MarginDatabase, values: readonly Annotation[]): Promise<Map<AnnotationId, Provenance>> {
  const before = known.get(db) ?? new Map<AnnotationId, KnownProvenance>();
  // Rebuilt every time, so values that were deleted are forgotten.
  const after = new Map<AnnotationId, KnownProvenance>();
  const unknown: Annotation[] = [];
  for (const value of values) {
    const entry = before.get(value.id);
    if (stillKnown(entry, value)) after.set(value.id, entry);
    else if (value.target === null) after.set(value.id, remember(value, { state: 'no-source' }));
    else unknown.push(value);
  }
  if (unknown.length > 0) {
    const ids = [...new Set(unknown.map((value) => value.documentId))];
    const texts = new Map<DocumentId, string>();
    (await db.texts.bulkGet(ids)).forEach((record, i) => record && texts.set(ids[i]!, record.text));
    for (const value of unknown) after.set(value.id, remember(value, checkProvenance(texts.get(value.documentId) ?? null, value)));
  }
  known.set(db, after);
  return new Map([...after].map(([id, entry]) => [id, entry.provenance]));
}

export async function readEvidenceTable(db: MarginDatabase): Promise<EvidenceTableRecords> {
  const [documents, statuses, annotations, schema] = await Promise.all([
    listDocuments(db),
    db.statuses.toArray(),
    // Only annotations with a field tag are in this index, so highlights are never read.
    db.annotations.orderBy('field.fieldKey').toArray(),
    getActiveSchema(db),
  ]);
  const values = annotations.filter((a) => a.deletedAt === null && a.field !== null);
  return { documents, statuses, values, schema, provenance: await provenanceOf(db, values) };
}
