// The evidence table's data, live: documents in library order, their statuses, field values with
// their provenance, and the active schema, read together (db/evidence.ts) and turned into rows
// whenever any of them changes.
import { useMemo } from 'react';
import type { Provenance } from '@shared/evidence';
import type { ExtractionSchema } from '@shared/fields/types';
import type { Annotation } from '@shared/model';
import { useEvidenceTable } from '../../db/evidence';
import { useTableStore } from './table-store';
import { buildEvidenceRows } from './evidence-rows';
import type { EvidenceRow } from './evidence-rows';

export interface EvidenceData {
  schema: ExtractionSchema;
  rows: EvidenceRow[];
}

/** Only reached if a value came without provenance, which the read never does: say so rather than call it sound. */
const UNCHECKED: Provenance = { state: 'stale', reason: 'Its quote has not been checked against the text' };

export function useEvidenceRows(): EvidenceData | undefined {
  const records = useEvidenceTable();
  const rowsPer = useTableStore((s) => s.rowsPer);
  return useMemo(() => {
    if (!records) return undefined;
    const { documents, statuses, values, schema, provenance, reviewers, instances } = records;
    const provenanceOf = (annotation: Annotation) => provenance.get(annotation.id) ?? UNCHECKED;
    return { schema, rows: buildEvidenceRows({ documents, statuses, annotations: values, schema, provenanceOf, reviewers, rowsPer, instances }) };
  }, [records, rowsPer]);
}
