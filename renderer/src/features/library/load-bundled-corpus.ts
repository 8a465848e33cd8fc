// One start's load of the bundled corpus from the host (use-corpus-loader.ts runs it): fetched when it
// runs, after the first screen for a library with documents, so the host bridge, the manifest digest
// and the write path are not in the start's JavaScript.
import { bridge } from '../../platform';
import { bundledCorpusSetting, isBundledCorpusStored, manifestDigest } from '../../db/bundled-corpus';
import type { MarginDatabase } from '../../db/database';
import type { CorpusLoad } from '../../store/app-store';

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
