// The library's live read across documents: every table it needs read together, so one change gives
// one consistent update. (The evidence table's read is in evidence.ts.)
import { useLiveQuery } from 'dexie-react-hooks';
import type { ExtractionSchema } from '@shared/fields/types';
import type { DocumentId, DocumentMeta, ReviewStatus } from '@shared/model';
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
