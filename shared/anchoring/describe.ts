// Turns a range of a document's text into the selectors stored with an annotation: where it was
// (TextPositionSelector) and what it said, with a little of what surrounded it (TextQuoteSelector).
import type { TextSelectors } from '../model';
import type { TextSource } from '../text/text-source';

/**
 * How much text before and after the quote is kept as prefix and suffix. 32 code units is what
 * Hypothesis stores: enough to tell repeated quotes apart by their surroundings, short enough that
 * comparing contexts stays cheap when a quote occurs hundreds of times.
 */
export const CONTEXT_LENGTH = 32;

/**
 * Selectors for `text.slice(start, end)`. Offsets are UTF-16 code units of `text`, kept exactly as
 * given, even when they split a surrogate pair: the stored text is the reference and the reader
 * hands over code-unit offsets.
 *
 * A range that is empty, reversed, fractional or outside the text is a programming error in the
 * caller (a selection always covers at least one character), so it throws a RangeError rather than
 * returning a result the caller would have to check.
 */
export function describe(text: TextSource, start: number, end: number): TextSelectors {
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    throw new RangeError(`describe: offsets must be integers, got ${start} and ${end}`);
  }
  if (start < 0 || end > text.length || start >= end) {
    throw new RangeError(`describe: need 0 ≤ start < end ≤ ${text.length}, got start ${start}, end ${end}`);
  }
  return {
    position: { type: 'TextPositionSelector', start, end },
    quote: {
      type: 'TextQuoteSelector',
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - CONTEXT_LENGTH), start),
      suffix: text.slice(end, end + CONTEXT_LENGTH),
    },
  };
}
