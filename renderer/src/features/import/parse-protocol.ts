// The messages between the import dialog's queue and the parse Worker: one file's bytes in, one
// ImportResult out. The bytes are transferred, not copied, so a 50 MB file costs no second copy.
import type { ImportResult } from '@shared/import/types';

export interface ParseRequest {
  id: number;
  name: string;
  bytes: Uint8Array;
  maxBytes: number;
}

export interface ParseResponse {
  id: number;
  result: ImportResult;
}
