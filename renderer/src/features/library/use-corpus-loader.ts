// Loads the bundled corpus from the host once per start and stores what is new (load-bundled-corpus.ts).
// The manifest comes first: when its digest is the one stored with the corpus last time, nothing is
// read or hashed.
import { useEffect } from 'react';
import { afterFirstScreen } from '../../components/first-screen';
import { useDatabase } from '../../db/context';
import { isLibraryEmpty } from '../../db/bundled-corpus';
import { useAppStore } from '../../store/app-store';
import { describeStorageError } from '../../db/errors';

export function useCorpusLoader(): void {
  const db = useDatabase();
  const setCorpus = useAppStore((s) => s.setCorpus);
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        // With documents in the library, after its rows are on screen: the check's code and manifest
        // fetch, hash code and reads would otherwise share the network and IndexedDB with them. An
        // empty library (a first start, a cleared one) has nothing to show before the corpus: at once.
        if (!(await isLibraryEmpty(db))) await afterFirstScreen();
        if (cancelled) return;
        const { loadBundledCorpus } = await import('./load-bundled-corpus');
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
