// Turns storage failures into sentences a reviewer can act on.

/**
 * True when the disk or the storage quota is full. IndexedDB reports it as a QuotaExceededError;
 * when the commit of a transaction fails, Dexie rejects with an AbortError whose `inner` is that
 * error, and other wrappers keep it as `cause`: the chain is followed a few links deep.
 */
export function isQuotaError(error: unknown): boolean {
  let at: unknown = error;
  for (let depth = 0; depth < 4 && at !== null && typeof at === 'object'; depth++) {
    if ((at as { name?: unknown }).name === 'QuotaExceededError') return true;
    const next = at as { inner?: unknown; cause?: unknown };
    at = next.inner ?? next.cause;
  }
  return false;
}

/** A message for a failed read or write; a full disk or quota gets its own advice. */
export function describeStorageError(error: unknown): string {
  if (isQuotaError(error)) {
    return 'The disk or the browser’s storage quota is full, so nothing was saved. Free some space (or export a backup and remove documents) and try again; what was stored before is unchanged.';
  }
  const message = error instanceof Error ? error.message : String(error);
  return `Margin could not use its local database: ${message}. Nothing was changed.`;
}

/** The restore dialog's message for a failed restore; a restore is all or nothing, so nothing changed. */
export function describeRestoreError(error: unknown): string {
  if (isQuotaError(error)) {
    return 'The backup was not restored: there is not enough room to store it (the disk or the browser’s storage quota filled up while it was written). Nothing was changed — Margin still holds exactly what it held before. Free some space on this device and try again.';
  }
  return `The backup was not restored and nothing was changed. ${describeStorageError(error)}`;
}
