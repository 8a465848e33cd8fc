// A document's values split into one row per instance (patient, arm, time point), for the evidence
// table's "one row per instance" view and its CSV: the one place that decides which value sits in
// which row, so the screen and the export cannot disagree.
import type { InstanceRecord } from '../fields/instances';
import type { FieldEvidence } from './document';
import type { EvidenceEntry } from './entry';

export interface InstanceRow {
  /** The instance the row is about; null for the row of values that belong to no instance. */
  instance: InstanceRecord | null;
  /** Entries by field key (the field's current key), in the one order. */
  values: Map<string, EvidenceEntry[]>;
}

/**
 * One row per instance, in the document's instance order. A value of a repeating section goes to its
 * instance's row only; a document-level value (design, product, the cohort's median age) stands in
 * every row, as a tidy table repeats a study's facts on each of its patients. One more row, with no
 * instance, holds what belongs to none: a document with no instances at all, or values of a
 * repeating section stored without one (before the section repeated), which are never dropped.
 */
export function instanceRows(evidence: Pick<FieldEvidence, 'sections' | 'instances'>): InstanceRow[] {
  const rows = new Map<string | null, InstanceRow>();
  for (const instance of evidence.instances) rows.set(instance.id, { instance, values: new Map() });
  const shared: [string, EvidenceEntry[]][] = [];
  const unassigned = new Map<string, EvidenceEntry[]>();
  for (const { section, fields } of evidence.sections) {
    for (const { field, values } of fields) {
      if (section.repeat === undefined) {
        if (values.length > 0) shared.push([field.key, values]);
        continue;
      }
      for (const entry of values) {
        const row = entry.instance ? rows.get(entry.instance.id) : undefined;
        const target = row ? row.values : unassigned;
        const list = target.get(field.key);
        if (list) list.push(entry);
        else target.set(field.key, [entry]);
      }
    }
  }
  const out = [...rows.values()];
  if (out.length === 0 || unassigned.size > 0) out.push({ instance: null, values: unassigned });
  for (const row of out) for (const [key, values] of shared) row.values.set(key, values);
  return out;
}
