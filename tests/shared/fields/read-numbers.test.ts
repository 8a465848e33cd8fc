// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { amountNumbers, cleanText, findNumbers } from '@shared/fields/read-numbers';
import { matchUnitAt, matchUnitBefore, unitKey } from '@shared/fields/units';

const values = (text: string): number[] => amountNumbers(cleanText(text)).map((t) => t.value);

describe('findNumbers', () => {
  it.each<[string, number[]]>([
    ['1,000 mg/m2', [1000]],
    ['52.5', [52.5]],
    ['fewer than 200,000 people', [200000]],
    ['2, 3, 6, 9, and 12 months', [2, 3, 6, 9, 12]],
    ['−34 days', [-34]],
    ['(−7 to +325 days)', [-7, 325]],
    ['–4.2 points', [-4.2]],
    ['interquartile range –4.7 to –2.3', [-4.7, -2.3]],
    ['20–60 years', [20, 60]],
    ['range, 2–14', [2, 14]],
    ['pages 1560-1565', [1560, 1565]],
    ['seven participants', [7]],
    ['two to four children', [2, 4]],
    ['one to 20 years', [1, 20]],
    ['twenty-nine', [29]],
    ['twenty nine', [29]],
    ['one hundred and five', [105]],
    ['two thousand', [2000]],
    ['one two', [1, 2]],
    ['six weekly infusions', [6]],
  ])('%j has %j', (text, expected) => {
    expect(values(text)).toEqual(expected);
  });

  it.each([
    ['CD19', 'a name'],
    ['MDA5+DM', 'a name'],
    ['NCT04146051', 'a registry id'],
    ['IL-6', 'a hyphenated name'],
    ['COVID-19', 'a hyphenated name'],
    ['(SSc, n=4).1 All', 'a footnote after the full stop'],
  ])('%j is not an amount (%s), except the n=4', (text) => {
    const all = findNumbers(cleanText(text));
    expect(all.length).toBeGreaterThan(0);
    expect(values(text)).toEqual(text.includes('n=4') ? [4] : []);
  });

  it.each<[string, number, number, number, string]>([
    ['1 × 106 CAR T cells/kg', 1e6, 1, 6, 'flattened'],
    ['52.5 × 106 CAR+ cells/kg', 52.5e6, 52.5, 6, 'flattened'],
    ['3 x 1012 cells', 3e12, 3, 12, 'flattened'],
    ['1 × 10⁶', 1e6, 1, 6, 'superscript'],
    ['5 × 10⁻³', 0.005, 5, -3, 'superscript'],
    ['2×10^6', 2e6, 2, 6, 'caret'],
    ['2 x 10^(8)', 2e8, 2, 8, 'caret'],
    ['1x10e6', 1e6, 1, 6, 'e-notation'],
    ['1.5E+08', 1.5e8, 1.5, 8, 'e-notation'],
    ['10⁸ cells', 1e8, 1, 8, 'superscript'],
    ['10^9 cells', 1e9, 1, 9, 'caret'],
    ['5 × 10 cells', 50, 5, 1, 'missing'],
  ])('%j is %d (%d × 10^%d, %s)', (text, value, mantissa, exponent, source) => {
    const [token] = amountNumbers(cleanText(text));
    expect(token).toMatchObject({ value, mantissa, exponent, exponentSource: source });
  });

  it('does not read "× 100" as a power of ten', () => {
    expect(values('5 × 100 cells')).toEqual([5, 100]);
  });

  it('cleans non-breaking and thin spaces and soft hyphens', () => {
    expect(cleanText('1\u00a0×\u2009106\u00adcells\n\n per kg ')).toBe('1 × 106cells per kg');
  });
});

describe('units', () => {
  it.each([
    ['mg/m²', 'mg/m2'],
    ['cells/μL', 'cells/ul'],
    ['cells/µL', 'cells/ul'],
    ['CAR-T cells / kg', 'car t cells/kg'],
    ['mg/m^2', 'mg/m2'],
  ])('unitKey(%j) is %j', (unit, key) => expect(unitKey(unit)).toBe(key));

  const dose = ['cells/kg', 'CAR+ cells/kg', 'cells', 'mg/m²'];
  it.each<[string, string | null]>([
    [' CAR T cells/kg)', 'cells/kg'],
    [' CAR-T cells/kg', 'cells/kg'],
    [' cells per kg', 'cells/kg'],
    ['/kg', 'cells/kg'],
    [' CAR+ cells/kg per infusion', 'CAR+ cells/kg'],
    [' CAR+ T cells/kg', 'CAR+ cells/kg'],
    [' mg/m2 over two days', 'mg/m²'],
    [' mg/m^2', 'mg/m²'],
    [' cells', 'cells'],
    [' cells/μL', null],
    [' cellsx', null],
    [' patients', null],
  ])('after a number, %j is %j', (rest, unit) => {
    expect(matchUnitAt(`5${rest}`, 1, dose)?.unit ?? null).toBe(unit);
  });

  it('reads time units before and after a number, singular, plural and abbreviated', () => {
    const units = ['days', 'weeks', 'months', 'years'];
    expect(matchUnitAt('12-month follow-up', 2, units)?.unit).toBe('months');
    expect(matchUnitAt('12-year-old', 2, units)?.unit).toBe('years');
    expect(matchUnitAt('3 wks', 1, units)?.unit).toBe('weeks');
    expect(matchUnitAt('3 hours', 1, units)).toBeNull();
    expect(matchUnitBefore('peak at day 7', 12, units)).toBe('days');
    expect(matchUnitBefore('at Month 12', 9, units)).toBe('months');
    expect(matchUnitBefore('grade 4', 6, units)).toBeNull();
  });
});

describe('words named like Object.prototype members', () => {
  // Words are compared in lower case, so "constructor" is the member name a text can reach.
  it.each(['constructor', 'Constructor'])('reads no number from the word "%s"', (word) => {
    expect(findNumbers(`${word} ${word} twelve`).map((n) => n.value)).toEqual([12]);
    expect(findNumbers(`three ${word}`).map((n) => n.value)).toEqual([3]);
  });
});
