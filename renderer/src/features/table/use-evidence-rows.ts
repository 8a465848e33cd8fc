// The evidence table's data, live: documents in library order, their statuses and field values, and
// the active schema, read together (db/overview.ts) and turned into rows whenever any of them changes.
import { useMemo } from 'react';
import type { ExtractionSchema } from '@shared/fields/types';
import { useEvidenceRecords } from '../../db/overview';
import { buildEvidenceRows } from './evidence-rows';
import type { EvidenceRow } from './evidence-rows';

export interface EvidenceData {
  schema: ExtractionSchema;
  rows: EvidenceRow[];
}

export function useEvidenceRows(): EvidenceData | undefined {
  const records = useEvidenceRecords();
  return useMemo(() => (records ? { schema: records.schema, rows: buildEvidenceRows(records) } : undefined), [records]);
}
