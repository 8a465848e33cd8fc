// The evidence table's data, live: documents in library order, their statuses and field values, and
// the active schema, read together and turned into rows whenever any of them changes.
import { useLiveQuery } from 'dexie-react-hooks';
import type { ExtractionSchema } from '@shared/fields/types';
import { useDatabase } from '../../db/context';
import { listDocuments } from '../../db/documents';
import { getActiveSchema } from '../../db/schemas';
import { buildEvidenceRows } from './evidence-rows';
import type { EvidenceRow } from './evidence-rows';

export interface EvidenceData {
  schema: ExtractionSchema;
  rows: EvidenceRow[];
}

export function useEvidenceRows(): EvidenceData | undefined {
  const db = useDatabase();
  return useLiveQuery(async () => {
    const [documents, statuses, annotations, schema] = await Promise.all([
      listDocuments(db),
      db.statuses.toArray(),
      // Only annotations with a field tag are in this index, so highlights are never read.
      db.annotations.orderBy('field.fieldKey').toArray(),
      getActiveSchema(db),
    ]);
    return { schema, rows: buildEvidenceRows({ documents, statuses, annotations, schema }) };
  }, [db]);
}
