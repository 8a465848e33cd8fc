// Turns storage failures into sentences a reviewer can act on.

/** A message for a failed read or write; a full disk or quota gets its own advice. */
export function describeStorageError(error: unknown): string {
  const name = (error as { name?: string } | null)?.name ?? '';
  const inner = (error as { inner?: { name?: string } } | null)?.inner?.name ?? '';
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') {
    return 'The disk or the browser’s storage quota is full, so nothing was saved. Free some space (or export a backup and remove documents) and try again; what was stored before is unchanged.';
  }
  const message = error instanceof Error ? error.message : String(error);
  return `Margin could not use its local database: ${message}. Nothing was changed.`;
}
