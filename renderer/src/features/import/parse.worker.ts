// The parse Worker: every import format (text, Markdown, MEDLINE, web pages, PubMed XML, PDF) is
// read here, off the window's thread, so a hostile or huge file can stall only this worker, which
// the queue ends at its time limit or when the reviewer cancels.
import { installTrustedTypes } from '../../platform/trusted-types';
import type { TrustedTypePolicyFactory } from '../../platform/trusted-types';
import { sha256HexAsync } from '@shared/hash';
import type { ImportResult } from '@shared/import/types';
import { parseFile } from './parsers';
import { readFileBytes } from './parse-protocol';
import type { ParseRequest, ParseResponse } from './parse-protocol';

/** The part of a dedicated worker's global scope used here (the renderer compiles with the DOM library, not WebWorker). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<ParseRequest>) => void) | null;
  postMessage(message: ParseResponse): void;
  location: { href: string };
  trustedTypes?: TrustedTypePolicyFactory;
}

const scope = self as unknown as WorkerScope;
// The page's Trusted Types policy reaches workers too: pdf.js starts its own worker from a URL,
// which only the default policy (own files, never blob: or data:) lets through.
installTrustedTypes(scope.trustedTypes, () => scope.location.href);

/** The result with each document's id: hashing 50 KB texts here keeps it off the window's thread. */
async function withIds(result: ImportResult): Promise<ImportResult> {
  if (!result.ok) return result;
  return { ...result, ids: await Promise.all(result.documents.map((doc) => sha256HexAsync(doc.text))) };
}

/** A File sent as itself is read here, so its bytes are copied once, on this thread, not the window's. */
async function readAndParse(name: string, file: Uint8Array | Blob, maxBytes: number): Promise<ImportResult> {
  const read = await readFileBytes(file);
  return read.ok ? parseFile(name, read.bytes, { maxBytes }) : read;
}

// One file at a time, in the order they came: the queue counts each file's time limit from when the one before it answered.
let queue: Promise<unknown> = Promise.resolve();
scope.onmessage = (event) => {
  const { id, name, bytes, maxBytes } = event.data;
  queue = queue.then(async () => scope.postMessage({ id, result: await withIds(await readAndParse(name, bytes, maxBytes)) }));
};
