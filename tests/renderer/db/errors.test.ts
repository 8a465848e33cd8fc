// The messages for storage failures: a full disk or quota is named as such however IndexedDB and
// Dexie wrap it (a failed commit is an AbortError around it), never "could not use its local database".
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { describeRestoreError, describeStorageError, isQuotaError } from '../../../renderer/src/db/errors';

const quota = () => new DOMException('', 'QuotaExceededError');

describe('storage error messages', () => {
  it('knows a quota error bare, as the inner error of the AbortError Dexie rejects a failed commit with, and as a cause', () => {
    expect(isQuotaError(quota())).toBe(true);
    // What Chromium's off-the-record IndexedDB gave the one-transaction restore of 1M annotations.
    const aborted = new Dexie.AbortError(quota());
    expect(aborted.name).toBe('AbortError');
    expect(isQuotaError(aborted)).toBe(true);
    expect(isQuotaError(new Error('Restore failed', { cause: aborted }))).toBe(true);
    expect(isQuotaError(new Dexie.AbortError('Transaction aborted'))).toBe(false);
    expect(isQuotaError(new RangeError('Invalid string length'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
  });

  it('tells the reviewer a restore that ran out of room changed nothing, in its own words', () => {
    const message = describeRestoreError(new Dexie.AbortError(quota()));
    expect(message).toMatch(/^The backup was not restored: there is not enough room to store it/);
    expect(message).toContain('Nothing was changed');
    expect(message).not.toContain('could not use its local database');
    expect(describeStorageError(new Dexie.AbortError(quota()))).toMatch(/^The disk or the browser’s storage quota is full/);
  });

  it('keeps the general message for other failures, saying nothing changed', () => {
    expect(describeRestoreError(new Error('boom'))).toBe('The backup was not restored and nothing was changed. Margin could not use its local database: boom. Nothing was changed.');
  });
});
