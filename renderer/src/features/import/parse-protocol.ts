// The messages between the import dialog's queue and the parse Worker: one file's bytes in, one
// ImportResult out. The bytes are transferred, not copied, so a 50 MB file costs no second copy; a
// dropped file goes as itself (a Blob is passed by reference) and is read in the worker.
import type { ImportResult } from '@shared/import/types';

export interface ParseRequest {
  id: number;
  name: string;
  /** The file's bytes, or the file itself, which the worker reads (off the window's thread). */
  bytes: Uint8Array | Blob;
  maxBytes: number;
}

/** Why a file could not be read, in words (a folder dropped as a file is the usual cause). */
export function readFailureReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `Margin could not read this file (${message.slice(0, 160)}). A folder cannot be imported; choose the files in it.`;
}

export interface ParseResponse {
  id: number;
  result: ImportResult;
}
