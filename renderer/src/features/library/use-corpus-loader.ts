// Loads the bundled corpus from the host once per start and stores what is new. The manifest comes
// first: when its digest is the one stored with the corpus last time, nothing is read or hashed.
import { useEffect } from 'react';
import { bridge } from '../../platform';
import { afterFirstScreen } from '../../components/first-screen';
import { useDatabase } from '../../db/context';
import { bundledCorpusSetting, isBundledCorpusStored, isLibraryEmpty, manifestDigest } from '../../db/bundled-corpus';
import type { MarginDatabase } from '../../db/database';
import { useAppStore } from '../../store/app-store';
import type { CorpusLoad } from '../../store/app-store';
import { describeStorageError } from '../../db/errors';

/** One start's corpus load: skipped when unchanged, else read, stored, and its digest kept with it. */
export async function loadBundledCorpus(db: MarginDatabase): Promise<CorpusLoad> {
  const manifest = await bridge.bundledCorpusManifest();
  const digest = manifest === null ? null : await manifestDigest(manifest);
  if (digest !== null && (await isBundledCorpusStored(db, digest))) return { state: 'ready', added: 0, problems: [] };
  const corpus = await bridge.listBundledDocuments();
  // The write path (funnel, audit chain) loads only when there is something to write.
  const { upsertDocuments } = await import('../../db/documents');
  // A corpus with problems (a file unreadable now) is not marked stored: the next start tries again.
  const settings = digest !== null && corpus.problems.length === 0 ? (ids: readonly string[]) => [bundledCorpusSetting(digest, corpus.corpusVersion, ids)] : undefined;
  const report = await upsertDocuments(db, corpus.documents, { actor: 'system', ...(settings ? { settings } : {}) });
  return { state: 'ready', added: report.added.length, problems: corpus.problems };
}

export function useCorpusLoader(): void {
  const db = useDatabase();
  const setCorpus = useAppStore((s) => s.setCorpus);
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        // With documents in the library, after its rows are on screen: the check's manifest fetch,
        // hash code and reads would otherwise share the network and IndexedDB with them. An empty
        // library (a first start, a cleared one) has nothing to show before the corpus: at once.
        if (!(await isLibraryEmpty(db))) await afterFirstScreen();
        if (cancelled) return;
        const load = await loadBundledCorpus(db);
        if (!cancelled) setCorpus(load);
      } catch (error) {
        if (!cancelled) setCorpus({ state: 'failed', message: describeStorageError(error) });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [db, setCorpus]);
}
