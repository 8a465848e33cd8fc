// The sync layout inside Automerge: `{ meta, records }` where meta and every record are immutable
// strings (one value each, no per-character text history) in one flat map. Imports the slim build
// only, so each host loads the wasm its own way (the browser fetches it, Node reads it from disk).
import * as A from '@automerge/automerge/slim';
import { parseMeta, recordPatch, serializeMeta } from './layout';
import type { SyncDocContent, SyncDocMeta } from './layout';

export interface SyncDocShape {
  meta?: A.ImmutableString;
  records?: Record<string, A.ImmutableString>;
}

// The same first change on every device: one actor, time zero, the header and an empty map. Two
// devices that make a document offline therefore share its root and merge it like one history.
const SEED_ACTOR = '00000000000000000000000000000000';

export function seedDoc(meta: SyncDocMeta): A.Doc<SyncDocShape> {
  return A.change(A.init<SyncDocShape>({ actor: SEED_ACTOR }), { time: 0, message: 'margin sync document' }, (d) => {
    d.meta = new A.ImmutableString(serializeMeta(meta));
    d.records = {};
  });
}

export function seedBinary(meta: SyncDocMeta): Uint8Array {
  return A.save(seedDoc(meta));
}

function text(value: unknown): string | null {
  if (value instanceof A.ImmutableString) return value.val;
  if (typeof value === 'string') return value;
  return null;
}

/** A document's header and records as plain data; null when it is not a Margin sync document. */
export function readSyncDoc(doc: A.Doc<SyncDocShape>): SyncDocContent | null {
  const meta = parseMeta(text(doc.meta));
  if (meta === null) return null;
  const records = new Map<string, string>();
  const map = doc.records;
  if (map !== undefined) {
    for (const key of Object.keys(map)) {
      const value = text(map[key]);
      if (value !== null) records.set(key, value);
    }
  }
  return { meta, records };
}

/** Writes the records of `desired` that differ, in the change a handle or `A.change` is running. */
export function writeRecords(d: SyncDocShape, desired: ReadonlyMap<string, string>): number {
  if (d.records === undefined) d.records = {};
  const records = d.records;
  const current = new Map<string, string>();
  for (const key of desired.keys()) {
    const value = Object.hasOwn(records, key) ? text(records[key]) : null;
    if (value !== null) current.set(key, value);
  }
  const { put } = recordPatch(current, desired);
  for (const [key, value] of put) records[key] = new A.ImmutableString(value);
  return put.length;
}

/** Whether a document would change if `desired` were written into it. */
export function wouldChange(doc: A.Doc<SyncDocShape>, desired: ReadonlyMap<string, string>): boolean {
  const records = doc.records ?? {};
  for (const [key, value] of desired) if (!Object.hasOwn(records, key) || text(records[key]) !== value) return true;
  return false;
}
