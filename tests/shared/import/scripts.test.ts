// @vitest-environment node
import { describe, expect, test } from 'vitest';
import { scriptText } from '@shared/import/scripts';

describe('scriptText', () => {
  test.each([
    ['6', 'super', '⁶'],
    ['2', 'super', '²'],
    ['−1', 'super', '⁻¹'],
    ['-1', 'super', '⁻¹'],
    ['2+', 'super', '²⁺'],
    ['(n)', 'super', '⁽ⁿ⁾'],
    ['i=0', 'super', 'ⁱ⁼⁰'],
    ['1234567890', 'super', '¹²³⁴⁵⁶⁷⁸⁹⁰'],
    ['a,b', 'super', '^a,b'],
    ['®', 'super', '^®'],
    ['2', 'sub', '₂'],
    ['50', 'sub', '₅₀'],
    ['max', 'sub', '_max'],
    [' 6 ', 'super', '⁶'],
    ['', 'super', ''],
    ['  ', 'sub', ''],
  ] as const)('%j as %s → %j', (text, position, expected) => {
    expect(scriptText(text, position)).toBe(expected);
  });
});
