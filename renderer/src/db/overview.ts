// Live reads across documents for the screens that show all of them at once (the library and the
// evidence table): every table they need read together, so one change gives one consistent update.
import { useLiveQuery } from 'dexie-react-hooks';
import type { ExtractionSchema } from '@shared/fields/types';
import type { Annotation, DocumentId, DocumentMeta, ReviewStatus } from '@shared/model';
import { filledFieldKeysByDocument } from './annotations';
import { useDatabase } from './context';
import { listDocuments } from './documents';
import { getActiveSchema } from './schemas';

export interface LibraryRecords {
  /** In library order. */
  documents: DocumentMeta[];
  statuses: ReviewStatus[];
  schema: ExtractionSchema;
  /** For each document, the field keys that hold a readable value. */
  filledFieldKeys: Map<DocumentId, Set<string>>;
}

/** What the library lists, live; undefined while reading. */
export function useLibraryRecords(): LibraryRecords | undefined {
  const db = useDatabase();
  return useLiveQuery(async () => {
    const [documents, statuses, schema, filledFieldKeys] = await Promise.all([listDocuments(db), db.statuses.toArray(), getActiveSchema(db), filledFieldKeysByDocument(db)]);
    return { documents, statuses, schema, filledFieldKeys };
  }, [db]);
}

export interface EvidenceRecords {
  /** In library order. */
  documents: DocumentMeta[];
  statuses: ReviewStatus[];
  /** Annotations that carry a field tag, tombstones included (the caller drops them). */
  annotations: Annotation[];
  schema: ExtractionSchema;
}

/** What the evidence table is built from, live; undefined while reading. */
export function useEvidenceRecords(): EvidenceRecords | undefined {
  const db = useDatabase();
  return useLiveQuery(async () => {
    const [documents, statuses, annotations, schema] = await Promise.all([
      listDocuments(db),
      db.statuses.toArray(),
      // Only annotations with a field tag are in this index, so highlights are never read.
      db.annotations.orderBy('field.fieldKey').toArray(),
      getActiveSchema(db),
    ]);
    return { documents, statuses, annotations, schema };
  }, [db]);
}
