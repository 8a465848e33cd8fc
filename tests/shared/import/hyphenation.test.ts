// @vitest-environment node
import { describe, expect, test } from 'vitest';
import { collectEvidence, lineEndHyphen } from '@shared/import/hyphenation';

describe('lineEndHyphen without help from the document', () => {
  test.each([
    // Typesetting breaks: the hyphen goes.
    ['treat', 'ment', 'drop'],
    ['immunosup', 'pression', 'drop'],
    ['fort', 'night', 'drop'],
    ['auto', 'reactive', 'drop'],
    ['with', 'out', 'drop'],
    ['anti', 'bodies', 'drop'],
    ['base', 'line', 'drop'],
    ['un', 'related', 'drop'],
    ['cor', 'related', 'drop'],
    ['pheno', 'type', 'drop'],
    ['ex', 'pressing', 'drop'],
    // Shapes hyphenation never makes: the hyphen stays.
    ['CD19', 'targeting', 'keep'],
    ['IL-6', 'receptor', 'keep'],
    ['anti', 'CD19', 'keep'],
    ['COVID', '19', 'keep'],
    ['B', 'cell', 'keep'],
    ['McDonald', 'criteria', 'keep'],
    // Compounds by their parts.
    ['disease', 'related', 'keep'],
    ['follow', 'up', 'keep'],
    ['long', 'term', 'keep'],
    ['treatment', 'naive', 'keep'],
    ['self', 'reported', 'keep'],
    ['non', 'inferiority', 'keep'],
    ['year', 'old', 'keep'],
    ['drug', 'free', 'keep'],
    ['Disease', 'related', 'keep'],
  ] as const)('%s- + %s → %s', (before, after, decision) => {
    expect(lineEndHyphen(before, after)).toBe(decision);
  });
});

describe('lineEndHyphen with the document as evidence', () => {
  test.each([
    ['the document writes it hyphenated', 'pre', 'treatment', ['a pre-treatment biopsy'], 'keep'],
    ['the document writes it closed', 'cross', 'over', ['a crossover design'], 'drop'],
    ['the document writes a compound closed', 'disease', 'related', ['diseaserelated is how this journal spells it'], 'drop'],
    ['a hyphen at a line end is not evidence', 'post', 'operative', ['the post-'], 'drop'],
    ['a longer compound speaks for each joint', 'cell', 'based', ['lymphoma-cell-based assays'], 'keep'],
    ['capitals still win over the document', 'IL', '6', ['IL6 levels'], 'keep'],
  ] as const)('%s', (_, before, after, lines, decision) => {
    expect(lineEndHyphen(before, after, collectEvidence(lines))).toBe(decision);
  });
});
