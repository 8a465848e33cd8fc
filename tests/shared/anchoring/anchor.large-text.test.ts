// @vitest-environment node
// anchor() on a 1 MB text finds the right place on every path: exact position, moved quote,
// approximate match near or far from the old place, long quotes, and orphans. How fast it does so
// is measured by `npm run bench`, not asserted here.
import { describe, expect, it } from 'vitest';
import { anchor, describe as describeRange, isOrphan } from '@shared/anchoring';
import { seededRandom } from '../../helpers/random';

/** About 1 MB of prose-like text: words of the corpus's vocabulary in a deterministic shuffle. */
function bigText(): string {
  const vocabulary =
    'patient cells therapy disease muscle skin depletion infusion fever grade response remission lupus myositis ' +
    'antigen receptor lymphocytes antibody treatment baseline follow-up months weeks improvement severe chronic ' +
    'refractory juvenile cohort trial dose safety efficacy toxicity marrow blood serum titer score assessment';
  const words = vocabulary.split(' ');
  const random = seededRandom(42);
  const parts: string[] = [];
  let length = 0;
  while (length < 1_000_000) {
    const word = words[Math.floor(random() * words.length)] as string;
    const separator = random() < 0.08 ? '. ' : random() < 0.05 ? ', ' : ' ';
    parts.push(word, separator);
    length += word.length + separator.length;
  }
  return parts.join('');
}

describe('anchor on 1 MB', () => {
  const text = bigText();
  const quoteStart = 612_345;
  const quote = text.slice(quoteStart, quoteStart + 80);
  const selectors = describeRange(text, quoteStart, quoteStart + 80);
  // A misspelling inside the quote, and a header that moves everything.
  const header = 'A header added on re-import. '.repeat(20);
  const typo = quote.slice(0, 30) + 'X' + quote.slice(31);
  const edited = header + text.slice(0, quoteStart) + typo + text.slice(quoteStart + 80);

  it('finds the quote at the old position and when it moved', () => {
    expect(anchor(text, selectors)).toMatchObject({ start: quoteStart, end: quoteStart + 80, method: 'position', score: 1 });
    expect(anchor(header + text, selectors)).toMatchObject({ start: header.length + quoteStart, method: 'quote' });
  });

  it('finds an edited quote whether the old position is near or useless', () => {
    expect(anchor(edited, selectors)).toMatchObject({ start: header.length + quoteStart, method: 'fuzzy' });
    const lost = { ...selectors, position: { ...selectors.position, start: 5, end: 85 } };
    expect(anchor(edited, lost)).toMatchObject({ start: header.length + quoteStart, method: 'fuzzy' });
  });

  it('gives up on a quote that is nowhere', () => {
    const gone = { ...selectors, quote: { ...selectors.quote, exact: 'pembrolizumab was discontinued after the second cycle' } };
    expect(isOrphan(anchor(text, gone))).toBe(true);
  });

  it('finds a 3,000-character quote edited in many places, searched from a wrong position', () => {
    const longStart = 300_000;
    const long = describeRange(text, longStart, longStart + 3000);
    const revised = text.slice(longStart, longStart + 3000).replaceAll('therapy', 'THERAPY');
    const revisedText = text.slice(0, longStart) + revised + text.slice(longStart + 3000);
    const lost = { ...long, position: { ...long.position, start: 900_000, end: 903_000 } };
    expect(anchor(revisedText, lost)).toMatchObject({ start: longStart, end: longStart + 3000, method: 'fuzzy' });
  });
});
