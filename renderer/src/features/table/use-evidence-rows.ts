// The evidence table's data, live: documents in library order, their statuses, field values with
// their provenance, and the active schema, read together and turned into rows whenever any changes.
import { useLiveQuery } from 'dexie-react-hooks';
import type { Provenance } from '@shared/evidence';
import type { ExtractionSchema } from '@shared/fields/types';
import type { Annotation } from '@shared/model';
import { useDatabase } from '../../db/context';
import { readEvidenceTable } from '../../db/evidence';
import { buildEvidenceRows } from './evidence-rows';
import type { EvidenceRow } from './evidence-rows';

export interface EvidenceData {
  schema: ExtractionSchema;
  rows: EvidenceRow[];
}

/** Only reached if a value came without provenance, which the read never does: say so rather than call it sound. */
const UNCHECKED: Provenance = { state: 'stale', reason: 'Its quote has not been checked against the text' };

export function useEvidenceRows(): EvidenceData | undefined {
  const db = useDatabase();
  return useLiveQuery(async () => {
    const { documents, statuses, values, schema, provenance } = await readEvidenceTable(db);
    const provenanceOf = (annotation: Annotation) => provenance.get(annotation.id) ?? UNCHECKED;
    return { schema, rows: buildEvidenceRows({ documents, statuses, annotations: values, schema, provenanceOf }) };
  }, [db]);
}
