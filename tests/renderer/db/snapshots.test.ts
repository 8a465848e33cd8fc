// Automatic snapshots: taken only when something changed, the newest N kept, and a restore that
// brings back exactly what a snapshot holds after keeping the present as a snapshot too.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe as suite, expect, it, vi } from 'vitest';
import { describe } from '@shared/anchoring';
import { createAnnotation } from '../../../renderer/src/db/annotations';
import { readAllTables } from '../../../renderer/src/db/backup';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf, upsertDocuments } from '../../../renderer/src/db/documents';
import { readSnapshotSettings, restoreSnapshot, saveSnapshotSettings, takeSnapshot } from '../../../renderer/src/db/snapshots';
import type { SnapshotWorker } from '../../../renderer/src/db/snapshots';
import { answerSnapshotRequest, summaryOf } from '../../../renderer/src/db/snapshot-writer';
import type { SnapshotResponse } from '../../../renderer/src/db/snapshot-writer';
import { bundledDocuments } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

const corpus = bundledDocuments();
const text = corpus[1]!.text;
const docId = documentIdOf(text);
let db: MarginDatabase;

async function note(words: string) {
  const quote = 'neutropenia (grade 4)';
  const at = text.indexOf(quote);
  return createAnnotation(db, { documentId: docId, target: describe(text, at, at + quote.length), color: 'yellow', field: null, note: words });
}

beforeEach(async () => {
  db = freshDatabase();
  await upsertDocuments(db, corpus.slice(0, 2));
});
afterEach(() => db.close());

suite('snapshots', () => {
  it('skips a scheduled snapshot when nothing changed, and keeps only the newest N', async () => {
    await note('one');
    const first = await takeSnapshot(db, 'scheduled', { now: '2026-12-01T10:00:00.000Z' });
    expect(first).toMatchObject({ documents: 2, annotations: 1, reason: 'scheduled' });
    expect(await takeSnapshot(db, 'scheduled', { now: '2026-12-01T10:30:00.000Z' })).toBeNull();
    await saveSnapshotSettings(db, { keep: 2, everyMinutes: 30 });
    for (let i = 0; i < 3; i++) {
      await note(`note ${i}`);
      await takeSnapshot(db, 'scheduled', { now: `2026-12-01T1${i + 1}:00:00.000Z` });
    }
    const kept = await db.snapshots.orderBy('takenAt').toArray();
    expect(kept.map((s) => s.takenAt)).toEqual(['2026-12-01T12:00:00.000Z', '2026-12-01T13:00:00.000Z']);
    expect(kept.map((s) => s.annotations)).toEqual([3, 4]);
  });

  it('restores exactly what a snapshot holds, after a snapshot of the present', async () => {
    await note('kept');
    const snapshot = (await takeSnapshot(db, 'manual'))!;
    const then = await readAllTables(db);
    await note('written after the snapshot');
    await restoreSnapshot(db, snapshot.id);
    const now = await readAllTables(db);
    expect(now.annotations).toEqual(then.annotations);
    expect(now.documents).toEqual(then.documents);
    const reasons = (await db.snapshots.toArray()).map((s) => s.reason).sort();
    expect(reasons).toEqual(['before-restore', 'manual']);
    // The snapshot taken before the restore holds the note written after the first one.
    const before = (await db.snapshots.toArray()).find((s) => s.reason === 'before-restore')!;
    expect(before.annotations).toBe(2);
  });

  it('refuses a damaged snapshot and changes nothing', async () => {
    await note('kept');
    const snapshot = (await db.snapshots.get((await takeSnapshot(db, 'manual'))!.id))!;
    await db.snapshots.update(snapshot.id, { data: snapshot.data.slice(0, 20) });
    const before = await readAllTables(db);
    await expect(restoreSnapshot(db, snapshot.id)).rejects.toThrow(/damaged|cannot be restored/);
    expect(await readAllTables(db)).toEqual(before);
  });

  it('takes snapshots as streamed backups, and still restores one taken before (gzip of a format 1 text)', async () => {
    await note('streamed');
    const snapshot = (await db.snapshots.get((await takeSnapshot(db, 'manual'))!.id))!;
    expect(new TextDecoder().decode(snapshot.data.subarray(0, 40))).toMatch(/^\{"format":"margin-backup","version":2,/);
    const fixture = readFileSync(resolve(import.meta.dirname, '../../fixtures/backup/format-1.json'));
    const old = new Uint8Array(await new Response(new Blob([fixture]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
    await db.snapshots.add({ id: 'old', takenAt: '2026-11-30T10:00:00.000Z', reason: 'scheduled', documents: 2, annotations: 1, auditEntries: 0, data: old });
    await restoreSnapshot(db, 'old');
    expect((await db.annotations.toArray()).map((a) => a.note).sort()).toEqual(['', 'Format 1 note']);
  });

  it('refuses settings out of range, and reads stored nonsense as the defaults', async () => {
    await expect(saveSnapshotSettings(db, { keep: 0, everyMinutes: 30 })).rejects.toThrow(/Keep between 1 and 100/);
    expect(readSnapshotSettings({ keep: 'ten', everyMinutes: -1 })).toEqual({ keep: 10, everyMinutes: 30 });
  });

  it('is made by the worker with its own connection: this thread reads no data table, not even a long text', async () => {
    // A long text, as a 50 MB import is, beside the corpus: the copy of it must not be made here.
    const long = `Notes of a long follow-up.\n\n${'Patient received 1 × 10⁶ CAR T cells/kg. '.repeat(30_000)}`;
    await upsertDocuments(db, [{ text: long, meta: { ...corpus[0]!.meta, title: 'Long notes', fileName: 'long.txt', origin: 'imported' } }]);
    await note('with a long text stored');
    const requests: unknown[] = [];
    // A stand-in for the Worker that answers as snapshot.worker.ts does, opening the database by name.
    const standIn: SnapshotWorker = {
      onmessage: null,
      onerror: null,
      postMessage(request) {
        requests.push(request);
        void answerSnapshotRequest(request).then((data) => this.onmessage?.({ data } as MessageEvent<SnapshotResponse>));
      },
      terminate: vi.fn(),
    };
    const opened = vi.spyOn(db, 'transaction');
    const taken = (await takeSnapshot(db, 'scheduled', { now: '2026-12-02T00:00:00.000Z', createWorker: () => standIn }))!;
    // This connection only asked whether one was due and read the settings; every data table was
    // read by the worker's connection.
    const tablesRead = opened.mock.calls.flatMap((call) => call.slice(1, -1).flat().map((t) => (typeof t === 'string' ? t : (t as { name: string }).name)));
    expect(tablesRead).not.toContain('texts');
    expect(tablesRead).not.toContain('annotations');
    expect(requests).toEqual([{ database: db.name, reason: 'scheduled', takenAt: '2026-12-02T00:00:00.000Z', keep: 10 }]);
    expect(standIn.terminate).toHaveBeenCalledOnce();
    expect(taken).toMatchObject({ reason: 'scheduled', documents: 3, annotations: 1, takenAt: '2026-12-02T00:00:00.000Z' });
    // Stored with its size, and a whole copy: restoring it brings the long text back.
    const stored = (await db.snapshots.get(taken.id))!;
    expect(stored.bytes).toBe(stored.data.byteLength);
    expect(taken.bytes).toBe(stored.data.byteLength);
    await db.texts.delete(documentIdOf(long));
    await restoreSnapshot(db, taken.id);
    expect((await db.texts.get(documentIdOf(long)))?.text).toBe(long);
  });

  it('reports a snapshot the worker could not take', async () => {
    await note('one');
    const failing: SnapshotWorker = {
      onmessage: null,
      onerror: null,
      postMessage() {
        this.onmessage?.({ data: { error: 'The disk is full.' } } as MessageEvent<SnapshotResponse>);
      },
      terminate: vi.fn(),
    };
    await expect(takeSnapshot(db, 'manual', { createWorker: () => failing })).rejects.toThrow('The snapshot could not be taken: The disk is full.');
    expect(await db.snapshots.count()).toBe(0);
  });

  it('lists a snapshot by its stored size, and one stored before sizes were kept by its data', () => {
    const record = { id: 's', takenAt: '2026-11-30T10:00:00.000Z', reason: 'scheduled' as const, documents: 1, annotations: 0, auditEntries: 3, data: new Uint8Array(7) };
    expect(summaryOf(record)).toEqual({ id: 's', takenAt: '2026-11-30T10:00:00.000Z', reason: 'scheduled', documents: 1, annotations: 0, auditEntries: 3, bytes: 7 });
    expect(summaryOf({ ...record, bytes: 5 }).bytes).toBe(5);
  });
});
