// Loads the bundled corpus from the host once per start and stores what is new.
import { useEffect } from 'react';
import { bridge } from '../../platform';
import { useDatabase } from '../../db/context';
import { upsertDocuments } from '../../db/documents';
import { useAppStore } from '../../store/app-store';
import { describeStorageError } from '../../db/errors';

export function useCorpusLoader(): void {
  const db = useDatabase();
  const setCorpus = useAppStore((s) => s.setCorpus);
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const corpus = await bridge.listBundledDocuments();
        const report = await upsertDocuments(db, corpus.documents, { actor: 'system' });
        if (!cancelled) setCorpus({ state: 'ready', added: report.added.length, problems: corpus.problems });
      } catch (error) {
        if (!cancelled) setCorpus({ state: 'failed', message: describeStorageError(error) });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [db, setCorpus]);
}
