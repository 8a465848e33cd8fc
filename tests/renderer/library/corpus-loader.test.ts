// The bundled corpus is read and hashed only when its manifest changed since it was last stored in
// full: a second start with the same manifest asks the host for the manifest alone and hashes no text.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BundledCorpus } from '@shared/ipc';
import { assembleCorpus } from '@shared/corpus';
import { DOCUMENTS_DIR, readCorpusFile } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

const host = vi.hoisted(() => ({
  manifest: '' as string | null,
  listBundledDocuments: null as unknown as ReturnType<typeof vi.fn<() => Promise<BundledCorpus>>>,
}));

vi.mock('../../../renderer/src/platform', () => ({
  bridge: {
    host: 'web',
    bundledCorpusManifest: () => Promise.resolve(host.manifest),
    listBundledDocuments: () => host.listBundledDocuments(),
  },
}));

const { loadBundledCorpus } = await import('../../../renderer/src/features/library/load-bundled-corpus');

const MANIFEST = readFileSync(resolve(DOCUMENTS_DIR, 'manifest.json'), 'utf8');

function serve(manifest: string, read: (file: string) => Promise<string> = (file) => Promise.resolve(readCorpusFile(file))) {
  host.manifest = manifest;
  host.listBundledDocuments = vi.fn(() => assembleCorpus(manifest, read));
}

/** The byte lengths of everything handed to Web Crypto while `run` ran. */
async function hashedLengths(run: () => Promise<unknown>): Promise<number[]> {
  const digest = vi.spyOn(globalThis.crypto.subtle, 'digest');
  try {
    await run();
    return digest.mock.calls.map(([, data]) => (data as Uint8Array).byteLength);
  } finally {
    digest.mockRestore();
  }
}

const textLengths = () =>
  (JSON.parse(MANIFEST) as { documents: { file: string }[] }).documents.map((d) => new TextEncoder().encode(readCorpusFile(d.file)).byteLength);

describe('loading the bundled corpus at start', () => {
  beforeEach(() => serve(MANIFEST));
  afterEach(() => vi.restoreAllMocks());

  it('reads and stores it at the first start, then neither reads nor hashes it again while the manifest is the same', async () => {
    const db = freshDatabase();
    const first = await hashedLengths(async () => expect(await loadBundledCorpus(db)).toEqual({ state: 'ready', added: 5, problems: [] }));
    expect(host.listBundledDocuments).toHaveBeenCalledTimes(1);
    for (const length of textLengths()) expect(first).toContain(length);
    const auditBefore = await db.audit.count();

    serve(MANIFEST);
    const second = await hashedLengths(async () => expect(await loadBundledCorpus(db)).toEqual({ state: 'ready', added: 0, problems: [] }));
    expect(host.listBundledDocuments).not.toHaveBeenCalled();
    // Only the manifest was hashed: no document text, and no audit entry was written.
    expect(second).toEqual([new TextEncoder().encode(MANIFEST).byteLength]);
    expect(await db.audit.count()).toBe(auditBefore);
    expect(await db.documents.count()).toBe(5);
  });

  it('reads it again when the manifest changed (a new corpus version)', async () => {
    const db = freshDatabase();
    await loadBundledCorpus(db);
    serve(MANIFEST.replace('"corpusVersion": 1', '"corpusVersion": 2'));
    await loadBundledCorpus(db);
    expect(host.listBundledDocuments).toHaveBeenCalledTimes(1);
    // And the new version is remembered in turn.
    serve(MANIFEST.replace('"corpusVersion": 1', '"corpusVersion": 2'));
    await loadBundledCorpus(db);
    expect(host.listBundledDocuments).not.toHaveBeenCalled();
  });

  it('reads it again when its documents are no longer stored (a cleared library)', async () => {
    const db = freshDatabase();
    await loadBundledCorpus(db);
    await db.documents.clear();
    serve(MANIFEST);
    expect(await loadBundledCorpus(db)).toMatchObject({ added: 5 });
    expect(host.listBundledDocuments).toHaveBeenCalledTimes(1);
  });

  it('does not mark a corpus with problems as stored, so the next start tries the failed file again', async () => {
    const db = freshDatabase();
    serve(MANIFEST, (file) => (file.startsWith('002_') ? Promise.reject(new Error('busy')) : Promise.resolve(readCorpusFile(file))));
    const load = await loadBundledCorpus(db);
    expect(load).toMatchObject({ added: 4 });
    expect(load.state === 'ready' && load.problems.map((p) => p.file)).toEqual(['002_6092b13f19ffd9f5.txt']);
    serve(MANIFEST);
    expect(await loadBundledCorpus(db)).toEqual({ state: 'ready', added: 1, problems: [] });
    expect(host.listBundledDocuments).toHaveBeenCalledTimes(1);
  });
});
