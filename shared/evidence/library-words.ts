// The wording the library's first screen needs (a review status, a form's completeness): part of
// words.ts, where every state's wording is, but apart so the start takes these lines without the rest.
import type { Completeness } from '../fields/completeness';

/** "Done (override: 2 required fields empty)": a review status, saying when Done was set over empty required fields. */
export function statusWords(label: string, override: { missingRequired: readonly unknown[] } | null | undefined): string {
  if (!override) return label;
  const n = override.missingRequired.length;
  return `${label} (override: ${n} required ${n === 1 ? 'field' : 'fields'} empty)`;
}

/** "9 of 29 fields (31%); 3 of 8 required": a document's completeness in words. */
export function completenessLabel(c: Pick<Completeness, 'filled' | 'total' | 'percent' | 'requiredFilled' | 'required'>): string {
  return `${c.filled} of ${c.total} fields (${c.percent}%); ${c.requiredFilled} of ${c.required} required`;
}
