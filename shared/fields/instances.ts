// The instances of a document's repeating sections (issue 10): each patient of a case series, arm
// or time point, with a stable id stored on every value ("patient-2") and a label a reviewer may
// change ("Patient 2 (index case)"). Pure: the list itself is stored by db/instances.ts.
import { REPEAT_KINDS } from './types';
import type { RepeatKind } from './types';

/** One instance: `id` never changes once values point at it; `label` is the reviewer's to rename. */
export interface InstanceRecord {
  id: string;
  kind: RepeatKind;
  label: string;
}

/** How each kind is called, one and many, in the reviewer's words. */
export const REPEAT_WORDS: Record<RepeatKind, { one: string; many: string }> = {
  patient: { one: 'Patient', many: 'Patients' },
  arm: { one: 'Arm', many: 'Arms' },
  'time-point': { one: 'Time point', many: 'Time points' },
};

/** Longest label a reviewer may give; a label is a name, not a note. */
export const MAX_INSTANCE_LABEL = 80;

const INSTANCE_ID = /^(patient|arm|time-point)-([1-9]\d{0,5})$/;

/** The kind and number of a well-formed id ("patient-2" → patient, 2); null for anything else. */
export function parseInstanceId(id: string): { kind: RepeatKind; number: number } | null {
  const match = INSTANCE_ID.exec(id);
  if (!match) return null;
  const kind = REPEAT_KINDS.find((k) => k === match[1]);
  return kind === undefined ? null : { kind, number: Number(match[2]) };
}

/** "Patient 2" for "patient-2"; an id Margin did not make (an import from elsewhere) stands as written. */
export function defaultInstanceLabel(id: string): string {
  const parsed = parseInstanceId(id);
  return parsed ? `${REPEAT_WORDS[parsed.kind].one} ${parsed.number}` : id;
}

/** The id of the next instance of `kind`: one above the highest number used, so a removed id is never reused. */
export function nextInstanceId(kind: RepeatKind, existing: Iterable<string>): string {
  let highest = 0;
  for (const id of existing) {
    const parsed = parseInstanceId(id);
    if (parsed?.kind === kind && parsed.number > highest) highest = parsed.number;
  }
  return `${kind}-${highest + 1}`;
}

/** A label as typed: spaces tidied, at most MAX_INSTANCE_LABEL characters; blank means the default. */
export function tidyInstanceLabel(id: string, typed: string): string {
  const label = typed.trim().replace(/\s+/g, ' ').slice(0, MAX_INSTANCE_LABEL);
  return label === '' ? defaultInstanceLabel(id) : label;
}

/**
 * A stored list checked record by record: anything malformed is left out, a repeated id keeps its
 * first record. The stored value may come from an old backup or another build, so nothing is trusted.
 */
export function readInstanceList(stored: unknown): InstanceRecord[] {
  if (!Array.isArray(stored)) return [];
  const seen = new Set<string>();
  const list: InstanceRecord[] = [];
  for (const item of stored as unknown[]) {
    if (item === null || typeof item !== 'object') continue;
    const id = Object.hasOwn(item, 'id') ? (item as { id: unknown }).id : undefined;
    const label = Object.hasOwn(item, 'label') ? (item as { label: unknown }).label : undefined;
    const storedKind = Object.hasOwn(item, 'kind') ? (item as { kind: unknown }).kind : undefined;
    if (typeof id !== 'string' || id.trim() === '' || id.length > 100 || seen.has(id)) continue;
    // Margin's own ids say their kind; an imported one ("P2") keeps the kind it was stored with.
    const kind = parseInstanceId(id)?.kind ?? REPEAT_KINDS.find((k) => k === storedKind);
    if (kind === undefined) continue;
    seen.add(id);
    list.push({ id, kind, label: typeof label === 'string' ? tidyInstanceLabel(id, label) : defaultInstanceLabel(id) });
  }
  return list;
}

/**
 * The instances to show: the stored list in its order, then every id values point at that the list
 * lacks (values imported, or kept after their instance was removed from the list), so no value
 * belongs to an instance nobody can see. Ids Margin did not make stand with their id as label.
 */
export function mergeInstances(stored: readonly InstanceRecord[], referenced: Iterable<string>, kindOfUnknown: RepeatKind = 'patient'): InstanceRecord[] {
  const merged = [...stored];
  const known = new Set(stored.map((i) => i.id));
  const extra: InstanceRecord[] = [];
  for (const id of referenced) {
    if (known.has(id)) continue;
    known.add(id);
    extra.push({ id, kind: parseInstanceId(id)?.kind ?? kindOfUnknown, label: defaultInstanceLabel(id) });
  }
  extra.sort((a, b) => (parseInstanceId(a.id)?.number ?? Infinity) - (parseInstanceId(b.id)?.number ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return [...merged, ...extra];
}
