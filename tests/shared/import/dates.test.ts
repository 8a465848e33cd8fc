// @vitest-environment node
import { expect, test } from 'vitest';
import { isoDate, monthNumber, parseMetaDate, parsePubmedDate } from '@shared/import/dates';

test.each([
  ['2024 Oct', '2024-10'],
  ['2024 Oct 15', '2024-10-15'],
  ['2024 Sept', '2024-09'],
  ['2024 Feb 30', '2024-02'],
  ['2023 Dec-2024 Jan', '2023-12'],
  ['2024 Oct-Dec', '2024-10'],
  ['2024 Winter', '2024'],
  ['2024 10 05', '2024-10-05'],
  ['Spring 2024', null],
])('parsePubmedDate(%j) → %j', (value, iso) => {
  expect(parsePubmedDate(value)).toBe(iso);
});

test.each([
  ['2024/07/08', '2024-07-08'],
  ['2025-01-30T09:00:00Z', '2025-01-30'],
  ['2025-11', '2025-11'],
  ['2024-10-01 10:30', '2024-10-01'],
  ['2025', '2025'],
  ['2024 Jul 8', '2024-07-08'],
  ['2024-13-01', null],
  ['yesterday', null],
])('parseMetaDate(%j) → %j', (value, iso) => {
  expect(parseMetaDate(value)).toBe(iso);
});

test('isoDate checks the calendar', () => {
  expect(isoDate(2024, 2, 29)).toBe('2024-02-29');
  expect(isoDate(2023, 2, 29)).toBeNull();
  expect(isoDate(1900, 2, 29)).toBeNull();
  expect(isoDate(2000, 2, 29)).toBe('2000-02-29');
  expect(isoDate(99999)).toBeNull();
});

test('a word named like an Object.prototype member is no month', () => {
  for (const word of ['constructor', 'toString', 'valueOf', '__proto__', 'hasOwnProperty']) expect(monthNumber(word), word).toBeNull();
  expect(monthNumber('Oct.')).toBe(10);
  expect(parsePubmedDate('2024 constructor')).toBe('2024');
  expect(parsePubmedDate('2024 valueOf 12')).toBe('2024');
  expect(parseMetaDate('2024 toString 3')).toBe('2024');
});
