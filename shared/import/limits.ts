// The words for "this file is too big", so the reviewer sees both sizes in the same unit and can
// tell by how much the file misses the limit, and where that limit is changed (the import dialog's
// "Largest file (MB)"; Margin has no separate settings screen).

const UNITS: { unit: string; bytes: number }[] = [
  { unit: 'GB', bytes: 1024 ** 3 },
  { unit: 'MB', bytes: 1024 ** 2 },
  { unit: 'KB', bytes: 1024 },
];

function unitFor(bytes: number): { unit: string; bytes: number } {
  return UNITS.find((u) => bytes >= u.bytes) ?? { unit: 'bytes', bytes: 1 };
}

/**
 * Whole units unless that would make the file look no bigger than the limit ("50 MB; the limit is
 * 50 MB"); then one decimal, rounded up so a file over the limit never reads as equal to it.
 */
export function tooLargeReason(size: number, limit: number, what: 'file' | 'pasted text' = 'file'): string {
  const { unit, bytes } = unitFor(limit);
  const limitShown = Math.round((limit / bytes) * 10) / 10;
  let sizeShown = Math.round(size / bytes);
  if (sizeShown <= limitShown) sizeShown = Math.ceil((size / bytes) * 10) / 10;
  if (sizeShown <= limitShown) sizeShown = Math.ceil((size / bytes) * 1000) / 1000;
  const subject = what === 'file' ? 'This file' : 'This pasted text';
  return `${subject} is ${sizeShown} ${unit}; the limit is ${limitShown} ${unit} (change it under “Largest file (MB)” in Import…).`;
}
