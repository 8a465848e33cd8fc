// The original PDF of an imported document: stored beside its text at import, in every backup with
// its own checksum, brought back by a restore, and taken away again when the import is undone.
import { afterEach, describe, expect, it } from 'vitest';
import { createBackup, readBackup } from '@shared/export/backup';
import { sha256Bytes } from '@shared/hash';
import type { IncomingDocument } from '@shared/model';
import { readAllTables, restoreBackup } from '../../../renderer/src/db/backup';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { LIBRARY_SCOPE, undo, useHistory } from '../../../renderer/src/db/history';
import { storeImportedDocuments } from '../../../renderer/src/db/imports';
import { importedDocument } from '@shared/import/incoming';
import { freshDatabase } from '../../helpers/db';

const NOW = '2026-12-01T10:00:00.000Z';
const opened: MarginDatabase[] = [];
function open(): MarginDatabase {
  const db = freshDatabase();
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
  useHistory.setState({ stacks: new Map() });
});

const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0xff, 0x00, 0x80]);
const text = 'Chimeric antigen receptor T cells were infused.';
function pdfDocument(): IncomingDocument {
  return {
    ...importedDocument('case.pdf', text, { title: 'A case', pageMap: [{ page: 1, start: 0, end: text.length }] }),
    original: { mediaType: 'application/pdf', sha256: sha256Bytes(bytes), bytes, pageCount: 1, runs: [{ start: 0, end: text.length, page: 1, item: 0, offset: 0 }] },
  };
}

describe('original PDFs', () => {
  it('are stored at import under the document id, and removed by undoing the import', async () => {
    const db = open();
    const outcome = await storeImportedDocuments(db, [pdfDocument()], { now: NOW });
    if (outcome.status !== 'imported') throw new Error(outcome.status);
    const id = outcome.added[0]!.id;
    const stored = await db.originals.get(id);
    expect([...stored!.bytes]).toEqual([...bytes]);
    expect(stored!.runs).toEqual([{ start: 0, end: text.length, page: 1, item: 0, offset: 0 }]);
    // The log keeps the file by its hash, not its bytes, in the document's entry beside its text.
    const documentEntry = (await db.audit.toArray()).find((e) => e.table === 'documents' && e.key === id)!;
    expect(documentEntry.alongside?.map((change) => change.table)).toEqual(['texts', 'originals']);
    const entry = documentEntry.alongside!.find((e) => e.table === 'originals')!;
    expect(entry.after).toEqual({ id, mediaType: 'application/pdf', sha256: sha256Bytes(bytes), length: bytes.length, pageCount: 1, runs: 1 });
    await undo(db, LIBRARY_SCOPE);
    expect(await db.originals.count()).toBe(0);
    expect(await db.documents.count()).toBe(0);
  });

  it('travel in a backup and come back byte for byte on restore', async () => {
    const db = open();
    await storeImportedDocuments(db, [pdfDocument()], { now: NOW });
    const file = createBackup(await readAllTables(db), NOW);
    const read = readBackup(file);
    if (!read.ok) throw new Error(read.reason);
    expect(read.summary.originals).toBe(1);
    const other = open();
    await restoreBackup(other, read.backup.data, 'replace', { now: NOW });
    const [restored] = await other.originals.toArray();
    expect([...restored!.bytes]).toEqual([...bytes]);
    expect(restored!.sha256).toBe(sha256Bytes(bytes));
  });

  it('are refused when their bytes no longer match their SHA-256, even with a recomputed backup checksum', async () => {
    const db = open();
    await storeImportedDocuments(db, [pdfDocument()], { now: NOW });
    const data = await readAllTables(db);
    const tampered = { ...data, originals: data.originals!.map((o) => ({ ...o, base64: o.base64.replace(/^J/, 'K') })) };
    const read = readBackup(createBackup(tampered, NOW));
    expect(read).toEqual({ ok: false, reason: expect.stringContaining('does not match its SHA-256') });
  });

  it('a backup made before originals were kept still reads, and its restore leaves the kept files of its documents', async () => {
    const db = open();
    await storeImportedDocuments(db, [pdfDocument()], { now: NOW });
    const { originals: _dropped, ...older } = await readAllTables(db);
    const read = readBackup(createBackup(older, NOW));
    if (!read.ok) throw new Error(read.reason);
    expect(read.summary.originals).toBeUndefined();
    await restoreBackup(db, read.backup.data, 'replace', { now: NOW });
    expect(await db.originals.count()).toBe(1);
  });
});
