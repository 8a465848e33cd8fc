// The messages between the import dialog's queue and the parse Worker: one file in (its bytes, or
// the File itself, which the worker reads), one ImportResult out. Bytes are transferred, not
// copied, so a 50 MB file costs no second copy; a File is a handle, so the window's thread never
// copies its bytes at all.
import type { ImportResult } from '@shared/import/types';

export interface ParseRequest {
  id: number;
  name: string;
  bytes: Uint8Array | Blob;
  maxBytes: number;
}

/** Bytes rather than a File; isView, not instanceof, since bytes may come from another realm. */
export function isBytes(file: Uint8Array | Blob): file is Uint8Array {
  return ArrayBuffer.isView(file);
}

/**
 * A file's bytes: given as bytes, or read from the File, with a worker's synchronous reader where
 * there is one (about half the CPU Blob.arrayBuffer() costs per file there). A file that cannot be
 * read (a dropped folder) gives the reason in words instead.
 */
export async function readFileBytes(file: Uint8Array | Blob): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; reason: string }> {
  if (isBytes(file)) return { ok: true, bytes: file };
  try {
    const Reader = (globalThis as { FileReaderSync?: new () => { readAsArrayBuffer(blob: Blob): ArrayBuffer } }).FileReaderSync;
    return { ok: true, bytes: new Uint8Array(Reader ? new Reader().readAsArrayBuffer(file) : await file.arrayBuffer()) };
  } catch (error) {
    return { ok: false, reason: unreadableReason(error) };
  }
}

/** Why a file could not be read, in words: a dropped folder is a File whose read fails. */
export function unreadableReason(error: unknown): string {
  // A DOMException from another realm is no instance of this realm's Error, but has its message.
  const message = error !== null && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string' ? (error as { message: string }).message : String(error);
  return `Margin could not read this file (${message.slice(0, 160)}). A folder cannot be imported; choose the files in it.`;
}

export interface ParseResponse {
  id: number;
  result: ImportResult;
}
