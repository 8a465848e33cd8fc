// The provenance check every screen and export runs: a value is only shown as sound when its quote
// still stands, exactly, in the stored text. Anything less is a stale quote, with the reason.
import { anchor } from '../anchoring';
import type { AnchoredRange, OrphanedAnchor } from '../anchoring';
import type { Annotation } from '../model';
import { FLAG_WORDS } from './words';
import type { TextSource } from '../text/text-source';

export type Provenance =
  /** The quote stands at `start`–`end`; `relocated` when that is not where the annotation said. */
  | { state: 'sound'; start: number; end: number; relocated: boolean }
  | { state: 'stale'; reason: string }
  /** A value entered without a quote: nothing to check. */
  | { state: 'no-source' };

/**
 * The provenance of a target already anchored in `text` (the reader anchors every annotation it
 * shows; re-anchoring to check provenance would do that work twice). Only an exact match counts as
 * sound, because a fuzzy match means the words the value was read from are no longer there as quoted.
 */
export function provenanceFromAnchor(
  text: TextSource,
  target: NonNullable<Annotation['target']>,
  // Only where the quote was found matters here, not how well: the reader's set keeps no score.
  found: Pick<AnchoredRange, 'start' | 'end'> | OrphanedAnchor,
): Provenance {
  if ('orphan' in found) return { state: 'stale', reason: found.reason.replace(/\.$/, '') };
  if (text.slice(found.start, found.end) !== target.quote.exact) {
    return { state: 'stale', reason: 'The quote now matches the text only approximately' };
  }
  const relocated = found.start !== target.position.start || found.end !== target.position.end;
  return { state: 'sound', start: found.start, end: found.end, relocated };
}

/**
 * Re-checks an annotation's quote against the text it points into. The anchoring module finds the
 * quote at its recorded position or, failing that, elsewhere (see `provenanceFromAnchor`).
 * `text` is null when the document's text is missing. A pure function of (text, target): since a
 * document's text never changes, a caller may keep the result for as long as the annotation is
 * not modified.
 */
export function checkProvenance(text: TextSource | null, annotation: Pick<Annotation, 'target'>): Provenance {
  const target = annotation.target;
  if (target === null) return { state: 'no-source' };
  if (text === null) return { state: 'stale', reason: 'The document’s text is missing' };
  return provenanceFromAnchor(text, target, anchor(text, target));
}

/** One line for a reader: "sound", "stale quote: <reason>", or "no source". */
export function describeProvenance(provenance: Provenance): string {
  switch (provenance.state) {
    case 'sound':
      return provenance.relocated ? 'sound (quote found at a new position)' : 'sound';
    case 'stale':
      return `${FLAG_WORDS['stale-quote']}: ${provenance.reason}`;
    case 'no-source':
      return FLAG_WORDS['no-source'];
  }
}
