// Reads the real bundled corpus from resources/documents for tests, the way the hosts do.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseManifest, toIncomingDocument } from '@shared/corpus';
import type { ManifestEntry } from '@shared/corpus';
import type { IncomingDocument } from '@shared/model';

export const DOCUMENTS_DIR = resolve(import.meta.dirname, '../../resources/documents');

export function readManifestJson(): unknown {
  return JSON.parse(readFileSync(resolve(DOCUMENTS_DIR, 'manifest.json'), 'utf8'));
}

export function readCorpusFile(file: string): string {
  return readFileSync(resolve(DOCUMENTS_DIR, file), 'utf8');
}

export function bundledEntries(): ManifestEntry[] {
  const parsed = parseManifest(readManifestJson());
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.manifest.entries;
}

export function bundledDocuments(): IncomingDocument[] {
  return bundledEntries().map((entry) => toIncomingDocument(entry, readCorpusFile(entry.file), 1));
}
