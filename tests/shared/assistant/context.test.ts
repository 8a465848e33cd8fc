// @vitest-environment node
// ConText-style scopes: a cue covers its clause in its direction, up to a termination word, and a
// pseudo-cue ("no more than") negates nothing.
import { describe, expect, test } from 'vitest';
import { findingStatus } from '@shared/assistant/context';
import { CONTEXT_CUES } from '@shared/assistant/context-rules';

const statusOf = (sentence: string, finding: string) => {
  const start = sentence.indexOf(finding);
  return findingStatus(sentence, start, start + finding.length).status;
};

describe('finding status', () => {
  test.each([
    ['No ICANS was observed.', 'ICANS', 'negated'],
    ['ICANS was not observed in any patient.', 'ICANS', 'negated'],
    ['Neither infection nor neurotoxicity were observed.', 'neurotoxicity', 'negated'],
    ['Possible CRS occurred on day 1.', 'CRS', 'uncertain'],
    ['Grade 1 CRS could not be excluded.', 'CRS', 'uncertain'],
    ['Side effects include cytokine release syndrome.', 'cytokine release syndrome', 'hypothetical'],
    ['In oncology, grade 4 CRS is common.', 'CRS', 'other-study'],
    ['There was no ICANS, but grade 1 CRS occurred.', 'CRS', 'affirmed'],
    ['No fever; CRS grade 1 followed.', 'CRS', 'affirmed'],
    ['CRS lasted no more than two days.', 'CRS', 'affirmed'],
    ['Grade 2 CRS occurred on day 3.', 'CRS', 'affirmed'],
  ])('%s → %s is %s', (sentence, finding, expected) => {
    expect(statusOf(sentence, finding)).toBe(expected);
  });

  test('the cue list is data: every phrase is lower case, single-spaced and categorised', () => {
    for (const cue of CONTEXT_CUES) {
      expect(cue.phrase).toBe(cue.phrase.toLowerCase().replace(/\s+/g, ' ').trim());
      expect(['negated', 'uncertain', 'hypothetical', 'other-study', 'pseudo', 'termination']).toContain(cue.category);
    }
  });
});
