// @vitest-environment node
import { expect, test } from 'vitest';
import { tooLargeReason } from '@shared/import/limits';

const MB = 1024 * 1024;

test.each([
  [62 * MB, 50 * MB, 'This file is 62 MB; the limit is 50 MB (change it under “Largest file (MB)” in Import…).'],
  [50 * MB + 200_000, 50 * MB, 'This file is 50.2 MB; the limit is 50 MB (change it under “Largest file (MB)” in Import…).'],
  [50 * MB + 1, 50 * MB, 'This file is 50.1 MB; the limit is 50 MB (change it under “Largest file (MB)” in Import…).'],
  [3000, 1024, 'This file is 3 KB; the limit is 1 KB (change it under “Largest file (MB)” in Import…).'],
  [12, 10, 'This file is 12 bytes; the limit is 10 bytes (change it under “Largest file (MB)” in Import…).'],
])('%d bytes over a %d-byte limit', (size, limit, reason) => {
  expect(tooLargeReason(size, limit)).toBe(reason);
});

test('pasted text is named as pasted text, not as a file', () => {
  expect(tooLargeReason(3 * MB, MB, 'pasted text')).toBe('This pasted text is 3 MB; the limit is 1 MB (change it under “Largest file (MB)” in Import…).');
});
