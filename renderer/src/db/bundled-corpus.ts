// Whether the bundled corpus needs loading at this start: the digest of the manifest last stored in
// full is kept in settings, so an unchanged corpus is neither read again nor hashed again.
import type { Setting } from '@shared/model';
import type { MarginDatabase } from './database';

export const BUNDLED_CORPUS_KEY = 'bundledCorpus';

/** The digest that names one manifest's text (and so its corpusVersion and every entry). */
export async function manifestDigest(manifest: string): Promise<string> {
  // Fetched here, not with the first screen: the library lists before the corpus check ends.
  const { sha256HexAsync } = await import('@shared/hash');
  return sha256HexAsync(manifest);
}

/**
 * True when the corpus of this manifest digest was stored in full at an earlier start and its
 * documents are all still there (a restored or cleared library loads it again). The check reads
 * primary keys only, never a document.
 */
export async function isBundledCorpusStored(db: MarginDatabase, digest: string): Promise<boolean> {
  const stored = (await db.settings.get(BUNDLED_CORPUS_KEY))?.value as { digest?: unknown; ids?: unknown } | undefined;
  if (typeof stored !== 'object' || stored === null || stored.digest !== digest || !Array.isArray(stored.ids)) return false;
  const ids = stored.ids.filter((id): id is string => typeof id === 'string');
  if (ids.length !== stored.ids.length) return false;
  const present = await db.documents.where(':id').anyOf(ids).primaryKeys();
  return new Set(present).size === new Set(ids).size;
}

/** The setting to write with the corpus's documents, in their transaction. */
export function bundledCorpusSetting(digest: string, corpusVersion: number, ids: readonly string[]): Setting {
  return { key: BUNDLED_CORPUS_KEY, value: { digest, corpusVersion, ids: [...ids] } };
}

/** True when the library holds no document at all (a first start, a cleared library): one key read. */
export async function isLibraryEmpty(db: MarginDatabase): Promise<boolean> {
  return (await db.documents.limit(1).primaryKeys()).length === 0;
}
