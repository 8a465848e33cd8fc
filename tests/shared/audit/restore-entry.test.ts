// @vitest-environment node
// A restore's audit entries name whole chunks of a backup: they seal into the chain like any entry,
// the chain notices a chunk's digest changed afterwards, and the History reads them in words.
import { describe, expect, it } from 'vitest';
import { sealEntries, verifyAuditLog } from '@shared/audit/chain';
import { describeEntry } from '@shared/audit/describe';
import { removedByRestoreEntry, restoredChunkEntry, restoredChunkOf } from '@shared/audit/restore-entry';
import type { RestoredChunk } from '@shared/audit/restore-entry';
import { sha256Hex } from '@shared/hash';
import type { AuditEntry, DocumentId } from '@shared/model';

const digest = async (text: string) => sha256Hex(text);
const DOC = 'd'.repeat(64) as DocumentId;
const chunk: RestoredChunk = {
  backup: `sha256:${'b'.repeat(64)}`,
  createdAt: '2026-12-01T21:00:00.000Z',
  chunk: 3,
  chunks: 120,
  sha256: 'c'.repeat(64),
  records: 10_000,
  first: 'bench-00020000',
  last: 'bench-00029999',
  replaced: 0,
  notTaken: [],
};

function draft(fields: Pick<AuditEntry, 'table' | 'key' | 'before' | 'after'>, action = 'backup.restore.replace') {
  return { chain: 'device-1', at: '2026-12-02T00:10:00.000Z', actor: { id: 'r1', name: 'Ana Ruiz' }, action, label: 'restore a backup', documentId: DOC, ...fields };
}

async function log(): Promise<AuditEntry[]> {
  const first = draft({ table: 'annotations', ...restoredChunkEntry(chunk, []) });
  const second = draft({ table: 'annotations', ...restoredChunkEntry({ ...chunk, chunk: 4, sha256: 'e'.repeat(64), first: 'bench-00030000', last: 'bench-00039999' }, []) });
  const removed = draft({ table: 'annotations', ...removedByRestoreEntry(['a-1', 'a-2'], [{ id: 'a-1' }, { id: 'a-2' }]) });
  return sealEntries([first, second, removed], null, digest);
}

describe('audit entries of a restore, one per chunk', () => {
  it('seal into the chain and verify like any entry', async () => {
    const entries = await log();
    expect(await verifyAuditLog(entries, digest)).toEqual({ ok: true, entries: 3, chains: 1 });
    expect(restoredChunkOf(entries[0]!)).toEqual(chunk);
    expect(restoredChunkOf(entries[2]!)).toBeNull();
  });

  it('the chain names the entry whose chunk digest, count or range was changed afterwards', async () => {
    const entries = await log();
    const forged = (after: RestoredChunk) => entries.map((e) => (e.seq === 2 ? { ...e, after: { restoredChunk: after } } : e));
    const second = restoredChunkOf(entries[1]!)!;
    for (const changed of [{ ...second, sha256: 'f'.repeat(64) }, { ...second, records: 9_999 }, { ...second, last: 'bench-00039998' }]) {
      expect(await verifyAuditLog(forged(changed), digest)).toEqual({ ok: false, chain: 'device-1', seq: 2, reason: 'entry 2 was changed after it was written' });
    }
  });

  it('reads as one line of the History, naming the records, the chunk and its SHA-256', async () => {
    const [entry, , removed] = await log();
    expect(describeEntry(entry!)).toEqual({
      summary: 'Restored 10,000 annotation records from a backup',
      lines: [
        { what: 'Records', from: null, to: 'bench-00020000 … bench-00029999' },
        { what: 'Chunk 3 of 120, SHA-256', from: null, to: 'c'.repeat(64) },
        { what: 'Backup', from: null, to: `made 2026-12-01T21:00:00.000Z, sha256:${'b'.repeat(64)}` },
      ],
    });
    expect(describeEntry(removed!)).toEqual({ summary: 'Removed 2 annotation records the restored backup does not hold', lines: [{ what: 'Records', from: 'a-1 … a-2', to: null }] });
    const merged = { ...entry!, action: 'backup.restore.merge', after: { restoredChunk: { ...chunk, records: 1, first: 'x', last: 'x', replaced: 1, notTaken: ['y', 'z'] } } };
    expect(describeEntry(merged)).toEqual({
      summary: 'Merged 1 annotation record from a backup, 1 of them replacing what was stored',
      lines: [
        { what: 'Records', from: null, to: 'x' },
        { what: 'Chunk 3 of 120, SHA-256', from: null, to: 'c'.repeat(64) },
        { what: 'Backup', from: null, to: `made 2026-12-01T21:00:00.000Z, sha256:${'b'.repeat(64)}` },
        { what: 'Kept as stored (newer here)', from: null, to: 'y, z' },
      ],
    });
  });

  it('a record whose own field is named restoredChunk is still described as a record, outside a restore', () => {
    const entry: AuditEntry = { ...draft({ table: 'settings', key: 'k', before: null, after: { restoredChunk: chunk } }, 'settings.set'), seq: 1, prevHash: '0'.repeat(64), hash: '0'.repeat(64) };
    expect(describeEntry(entry).summary).toBe('Changed the setting k');
  });
});
