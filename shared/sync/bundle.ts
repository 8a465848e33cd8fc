// The air-gapped bundle: a reviewer's sync documents on a review as one file (each document's
// Automerge binary, base64, beside a manifest of what it is and its SHA-256), signed with the
// device key. Importing it merges the same changes network sync would have delivered.
import { sha256Bytes } from '../hash';
import type { ReviewerId } from '../model';
import type { ReviewId } from '../review/model';
import { fromBase64, toBase64 } from '../signing';
import type { FileSignature } from '../signing';
import { parseMeta, serializeMeta, syncDocumentId } from './layout';
import type { SyncDocMeta } from './layout';

export const BUNDLE_FORMAT = 'margin-sync-bundle';
export const BUNDLE_VERSION = 1;
export const BUNDLE_EXTENSION = '.margin-sync.json';

export interface BundleEntry {
  /** The automerge-repo document id (derived from `meta`, checked on import). */
  documentId: string;
  meta: SyncDocMeta;
  sha256: string;
  bytes: number;
}

/** What the signature covers: the manifest names every document by its hash. */
export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  reviewId: ReviewId;
  reviewerId: ReviewerId;
  reviewerName: string;
  createdAt: string;
  docs: BundleEntry[];
}

export interface BundleFile {
  manifest: BundleManifest;
  /** Base64 of each document's saved Automerge binary, in manifest order. */
  data: string[];
  signature?: FileSignature;
}

export interface BundleDoc {
  meta: SyncDocMeta;
  binary: Uint8Array;
}

export function bundleManifest(input: { reviewId: ReviewId; reviewerId: ReviewerId; reviewerName: string; createdAt: string; docs: readonly BundleDoc[] }): { manifest: BundleManifest; data: string[] } {
  const docs = input.docs.map((d) => ({ documentId: syncDocumentId(d.meta), meta: d.meta, sha256: sha256Bytes(d.binary), bytes: d.binary.length }));
  return {
    manifest: { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, reviewId: input.reviewId, reviewerId: input.reviewerId, reviewerName: input.reviewerName, createdAt: input.createdAt, docs },
    data: input.docs.map((d) => toBase64(d.binary)),
  };
}

export function serializeBundle(file: BundleFile): string {
  return JSON.stringify(file);
}

export type ParsedBundle = { ok: true; file: BundleFile; docs: Array<BundleDoc & { documentId: string }> } | { ok: false; reason: string };

/**
 * Reads a bundle and checks that its contents are what its manifest says: every document's bytes
 * match their hash and every id matches its header. The signature is checked by the caller (it
 * needs the device's trusted keys); a bundle failing either check must change nothing.
 */
export function parseBundle(text: string): ParsedBundle {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'The file is not a Margin sync bundle (it is not JSON).' };
  }
  const file = value as BundleFile;
  const m = (file as { manifest?: BundleManifest } | null)?.manifest;
  if (typeof m !== 'object' || m === null || m.format !== BUNDLE_FORMAT) return { ok: false, reason: 'The file is not a Margin sync bundle.' };
  if (m.version !== BUNDLE_VERSION) return { ok: false, reason: `The bundle is version ${String(m.version)}; this Margin reads version ${BUNDLE_VERSION}.` };
  if (!Array.isArray(m.docs) || !Array.isArray(file.data) || file.data.length !== m.docs.length) return { ok: false, reason: 'The bundle is damaged: its manifest and its documents do not match.' };
  const docs: Array<BundleDoc & { documentId: string }> = [];
  for (let i = 0; i < m.docs.length; i++) {
    const entry = m.docs[i]!;
    const meta = parseMeta(serializeMeta(entry.meta));
    const binary = typeof file.data[i] === 'string' ? fromBase64(file.data[i]!) : null;
    if (meta === null || syncDocumentId(meta) !== entry.documentId) return { ok: false, reason: `The bundle is damaged: document ${i + 1} does not say what it holds.` };
    if (binary === null || binary.length !== entry.bytes || sha256Bytes(binary) !== entry.sha256) {
      return { ok: false, reason: `The bundle was changed after it was exported: document ${i + 1} does not match its checksum.` };
    }
    if (meta.reviewId !== m.reviewId) return { ok: false, reason: `The bundle is damaged: document ${i + 1} belongs to another review.` };
    docs.push({ meta, binary, documentId: entry.documentId });
  }
  return { ok: true, file, docs };
}
