// The evidence table's data, live: documents in library order, their statuses and field values, and
// the active schema, read together and turned into rows whenever any of them changes.
import { useLiveQuery } from 'dexie-react-hooks';
import type { ExtractionSchema } from '@shared/fields/types';
import type { DocumentMeta } from '@shared/model';
import { useDatabase } from '../../db/context';
import { getActiveSchema } from '../../db/schemas';
import { buildEvidenceRows } from './evidence-rows';
import type { EvidenceRow } from './evidence-rows';

export interface EvidenceData {
  schema: ExtractionSchema;
  rows: EvidenceRow[];
}

/**
 * The library's order (as `listDocuments` gives it): bundled documents by file name, then imports
 * in the order they came. Sorts a copy, because live-query results are frozen (immutable cache).
 */
export function inLibraryOrder(documents: readonly DocumentMeta[]): DocumentMeta[] {
  return [...documents].sort((a, b) =>
    a.origin !== b.origin ? (a.origin === 'bundled' ? -1 : 1) : a.origin === 'bundled' ? a.fileName.localeCompare(b.fileName) : a.addedAt.localeCompare(b.addedAt),
  );
}

export function useEvidenceRows(): EvidenceData | undefined {
  const db = useDatabase();
  return useLiveQuery(async () => {
    const [documents, statuses, annotations, schema] = await Promise.all([
      db.documents.toArray(),
      db.statuses.toArray(),
      // Only annotations with a field tag are in this index, so highlights are never read.
      db.annotations.orderBy('field.fieldKey').toArray(),
      getActiveSchema(db),
    ]);
    return { schema, rows: buildEvidenceRows({ documents: inLibraryOrder(documents), statuses, annotations, schema }) };
  }, [db]);
}
