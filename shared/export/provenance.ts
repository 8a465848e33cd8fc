// The provenance check every export runs: a value is only exported as sound when its quote still
// stands, exactly, in the stored text. Anything less is reported as stale, with the reason.
import { anchor, isOrphan } from '../anchoring';
import type { Annotation } from '../model';

export type Provenance =
  /** The quote stands at `start`–`end`; `relocated` when that is not where the annotation said. */
  | { state: 'sound'; start: number; end: number; relocated: boolean }
  | { state: 'stale'; reason: string }
  /** A value entered without a quote: nothing to check. */
  | { state: 'no-source' };

/**
 * Re-checks an annotation's quote against the text it points into. The anchoring module finds the
 * quote at its recorded position or, failing that, elsewhere; only an exact match counts as sound,
 * because a fuzzy match means the words the value was read from are no longer there as quoted.
 * `text` is null when the document's text is missing.
 */
export function checkProvenance(text: string | null, annotation: Pick<Annotation, 'target'>): Provenance {
  const target = annotation.target;
  if (target === null) return { state: 'no-source' };
  if (text === null) return { state: 'stale', reason: 'The document’s text is missing' };
  const exact = target.quote.exact;
  if (exact.length === 0) return { state: 'stale', reason: 'The annotation has an empty quote' };
  const found = anchor(text, target);
  if (isOrphan(found)) return { state: 'stale', reason: found.reason.replace(/\.$/, '') };
  if (text.slice(found.start, found.end) !== exact) {
    return { state: 'stale', reason: 'The quote now matches the text only approximately' };
  }
  const relocated = found.start !== target.position.start || found.end !== target.position.end;
  return { state: 'sound', start: found.start, end: found.end, relocated };
}

/** One line for a reader: "sound", "stale: <reason>", or "no source". */
export function describeProvenance(provenance: Provenance): string {
  switch (provenance.state) {
    case 'sound':
      return provenance.relocated ? 'sound (quote found at a new position)' : 'sound';
    case 'stale':
      return `stale: ${provenance.reason}`;
    case 'no-source':
      return 'no source';
  }
}
