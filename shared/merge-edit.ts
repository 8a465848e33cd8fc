// A reviewer's edit merged with what was stored meanwhile (another window or tab, a sync): what
// they changed is written, what others changed stays, and a field both changed differently is a
// conflict shown to the reviewer, never overwritten. Three-way, field by field, against the record
// as it was when the edit began.
import { canonicalJson } from './canonical-json';

/** Equal as stored data: same JSON, whatever the key order. */
export function sameValue(a: unknown, b: unknown): boolean {
  return a === b || canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

export interface EditMerge<T> {
  /** The fields to write: those the reviewer changed and nobody else did. */
  changes: Partial<T>;
  /** Fields changed both by the reviewer and elsewhere, to different values. */
  conflicts: (keyof T & string)[];
}

/**
 * `base` holds the fields as they were when the edit began, `current` the record stored now,
 * `proposed` the fields as the reviewer left them. A field the reviewer left as in `base` is not
 * theirs to write; a proposed field `base` does not hold is written as it is (no check asked for).
 */
export function mergeEdit<T extends object>(base: Partial<T>, current: T, proposed: Partial<T>): EditMerge<T> {
  const changes: Partial<T> = {};
  const conflicts: (keyof T & string)[] = [];
  for (const key of Object.keys(proposed) as (keyof T & string)[]) {
    if (!Object.hasOwn(proposed, key)) continue;
    const mine = proposed[key];
    if (!Object.hasOwn(base, key)) {
      changes[key] = mine;
      continue;
    }
    if (sameValue(mine, base[key])) continue;
    if (sameValue(current[key], base[key])) changes[key] = mine;
    else if (!sameValue(current[key], mine)) conflicts.push(key);
  }
  return { changes, conflicts };
}
