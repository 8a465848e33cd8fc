// Streamed backups (format 2) against the database: every table round-trips (the optional ones and
// the history included), a damaged or forged chunk is refused before anything is written, a failure
// half-way through a restore leaves the database as it was, and format 1 files still restore.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { describe } from '@shared/anchoring';
import { verifyAuditLog } from '@shared/audit/chain';
import { removedByRestoreOf, restoredChunkOf } from '@shared/audit/restore-entry';
import type { RestoreBefore } from '@shared/audit/restore-entry';
import { chunksDigest, headerLine, parseHeader, streamCovered } from '@shared/export/backup-stream';
import type { StreamHeader } from '@shared/export/backup-stream';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { sha256Bytes } from '@shared/hash';
import type { Annotation, AnnotationId, DocumentId, ReviewerId, SuggestionRejection } from '@shared/model';
import type { Review, ReviewId } from '@shared/review/model';
import { progressKey } from '@shared/review/progress';
import type { StoredProgress } from '@shared/review/progress';
import { createAnnotation, deleteAnnotations } from '../../../renderer/src/db/annotations';
import { countAllTables, readAllTables } from '../../../renderer/src/db/backup';
import { verifyStoredLog } from '../../../renderer/src/db/audit';
import { checkStreamedBackup, restoreStreamedBackup, writeStreamedBackup } from '../../../renderer/src/db/backup-stream';
import type { BackupProgress, CheckedStreamedBackup } from '../../../renderer/src/db/backup-stream';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { sha256HexDigest } from '../../../renderer/src/db/digest';
import { documentIdOf, upsertDocuments } from '../../../renderer/src/db/documents';
import { DEVICE_KEY, REVIEWER_KEY } from '../../../renderer/src/db/funnel';
import { RESTORE_ENDS_UNDO, scopeOf, stacksOf, undo, useHistory } from '../../../renderer/src/db/history';
import { activateSchema } from '../../../renderer/src/db/schemas';
import { renameColor } from '../../../renderer/src/db/settings';
import { checkFileSignature, signCovered } from '../../../renderer/src/db/signing';
import { setReviewStatus } from '../../../renderer/src/db/statuses';
import { checkBackupFile } from '../../../renderer/src/features/export/backup-actions';
import { tagFromQuote } from '../../../renderer/src/document/field-values';
import { bundledDocuments } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

const corpus = bundledDocuments();
const NOW = '2026-12-01T21:00:00.000Z';
const opened: MarginDatabase[] = [];
const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0xff, 0x00, 0x80]);

function open(): MarginDatabase {
  const db = freshDatabase();
  opened.push(db);
  return db;
}

afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

/** Every table with records, the optional ones too: originals, a review, progress, a rejected suggestion. */
async function seeded(): Promise<MarginDatabase> {
  const db = open();
  await upsertDocuments(db, corpus, { now: NOW });
  const text = corpus[1]!.text;
  const id = documentIdOf(text) as DocumentId;
  const at = (quote: string) => describe(text, text.indexOf(quote), text.indexOf(quote) + quote.length);
  const dose = DEFAULT_SCHEMA.sections.flatMap((s) => s.fields).find((f) => f.key === 'dose')!;
  await createAnnotation(db, { documentId: id, target: at('1 × 106 CAR T cells/kg'), color: 'purple', field: tagFromQuote(DEFAULT_SCHEMA, dose, '1 × 106 CAR T cells/kg') }, { now: NOW });
  await createAnnotation(db, { documentId: id, target: at('neutropenia (grade 4)'), color: 'red', note: 'Severe', tags: ['safety'] }, { now: NOW });
  const gone = await createAnnotation(db, { documentId: id, target: at('transient anemia (grade 2)'), color: 'red' }, { now: NOW });
  await deleteAnnotations(db, [gone.id], { now: NOW });
  await setReviewStatus(db, documentIdOf(corpus[3]!.text) as DocumentId, 'done', { now: NOW });
  await activateSchema(db, DEFAULT_SCHEMA, { now: NOW });
  await renameColor(db, 'yellow', 'Primary outcome');
  // The optional tables, written as their own modules store them (their behaviour is tested there).
  const reviewer = 'rev-1' as ReviewerId;
  const review: Review = {
    id: 'review-1' as ReviewId,
    name: 'CAR-T safety',
    protocolId: null,
    schemaKey: 'core@1',
    documentIds: [id],
    members: [{ reviewerId: reviewer, name: 'Ann', role: 'extractor', joinedAt: NOW }],
    blinded: true,
    createdAt: NOW,
    createdBy: reviewer,
  };
  const progress: StoredProgress = { id: progressKey(review.id, id, reviewer), reviewId: review.id, documentId: id, reviewerId: reviewer, status: 'in-progress', updatedAt: NOW };
  const rejection: SuggestionRejection = { id: 'rej-1', documentId: id, suggestionId: 's-1', fieldKey: 'dose', instance: null, value: { type: 'text', text: '2 × 10^6' }, quote: '2 × 106', rule: 'dose', by: reviewer, at: NOW };
  await db.reviews.put(review);
  await db.progress.put(progress);
  await db.suggestionRejections.put(rejection);
  await db.originals.put({ id, mediaType: 'application/pdf', sha256: sha256Bytes(pdf), bytes: pdf, pageCount: 1, runs: [{ start: 0, end: 10, page: 1, item: 0, offset: 0 }] });
  return db;
}

/** Every table but this device's identity, with records in key order. */
async function comparable(db: MarginDatabase) {
  const data = await readAllTables(db);
  const { audit: _audit, ...rest } = data;
  return { ...rest, settings: data.settings.filter((s) => s.key !== DEVICE_KEY && s.key !== REVIEWER_KEY) };
}

async function backupOf(db: MarginDatabase, options: { pageSize?: number; signed?: boolean } = {}): Promise<Blob> {
  const sign = options.signed ? (covered: unknown) => signCovered(db, covered) : undefined;
  return (await writeStreamedBackup(db, { now: NOW, pageSize: options.pageSize, sign })).file;
}

async function checked(file: Blob): Promise<CheckedStreamedBackup> {
  const result = await checkStreamedBackup(file);
  if (!result.ok) throw new Error(result.reason);
  return result.backup;
}

/** The file's header and where its chunks start, for tests that take a file apart. */
async function split(file: Blob): Promise<{ header: StreamHeader; body: Uint8Array; headerBytes: number }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const end = bytes.indexOf(0x0a) + 1;
  const parsed = parseHeader(new TextDecoder().decode(bytes.subarray(0, end - 1)));
  if (!parsed.ok) throw new Error(parsed.reason);
  return { header: parsed.header, body: bytes.subarray(end), headerBytes: end };
}

suite('streamed backups', () => {
  let source: MarginDatabase;
  beforeEach(async () => {
    source = await seeded();
  });

  it('round-trips every table, the optional ones and the history included, in many chunks', async () => {
    const file = await backupOf(source, { pageSize: 2 });
    const backup = await checked(file);
    // Small pages: every table of more than two records spans several chunks.
    expect(backup.header.chunks.filter((c) => c.table === 'documents').length).toBeGreaterThan(1);
    expect(backup.header.chunks.filter((c) => c.table === 'audit').length).toBeGreaterThan(1);
    expect(backup.counts).toEqual(await countAllTables(source));
    for (const table of ['originals', 'reviews', 'progress', 'suggestionRejections'] as const) expect(backup.counts[table]).toBe(1);

    const target = open();
    await upsertDocuments(target, corpus.slice(0, 1), { now: NOW });
    const identity = await target.settings.bulkGet([DEVICE_KEY, REVIEWER_KEY]);
    const counts = await restoreStreamedBackup(target, backup, 'replace', { now: NOW });
    expect(counts).toEqual(await countAllTables(source));
    expect(await comparable(target)).toEqual(await comparable(source));
    expect([...(await target.originals.toArray())[0]!.bytes]).toEqual([...pdf]);
    expect(await target.settings.bulkGet([DEVICE_KEY, REVIEWER_KEY])).toEqual(identity);
    // The backup's history is kept beside this device's, and the restore is logged chunk by chunk,
    // one entry per document of a chunk: the document already stored as it is was not written.
    const log = await target.audit.toArray();
    const sourceLog = await source.audit.toArray();
    expect(log).toEqual(expect.arrayContaining(sourceLog));
    const documentEntries = log.filter((e) => e.action === 'backup.restore.replace' && e.table === 'documents');
    expect(documentEntries).toHaveLength(corpus.length - 1);
    expect(documentEntries.every((e) => restoredChunkOf(e)?.records === 1 && restoredChunkOf(e)?.first === e.documentId)).toBe(true);
    expect(await verifyAuditLog(log, sha256HexDigest)).toMatchObject({ ok: true, chains: 2 });
  });

  it('merges: what is only here stays, the backup adds what it has, the later edit of an annotation wins', async () => {
    const backup = await checked(await backupOf(source));
    const target = open();
    await upsertDocuments(target, corpus.slice(0, 1), { now: NOW });
    const [first] = await source.annotations.toArray();
    const later = { ...first!, note: 'Edited later here', modifiedAt: '2026-12-02T09:00:00.000Z' };
    await restoreStreamedBackup(target, backup, 'merge', { now: NOW });
    await target.annotations.put(later);
    await restoreStreamedBackup(target, backup, 'merge', { now: NOW });
    expect((await target.annotations.get(first!.id))!.note).toBe('Edited later here');
    expect(await target.documents.count()).toBe(corpus.length);
    expect(await target.annotations.count()).toBe(await source.annotations.count());
  });

  it('refuses a file with a damaged chunk, naming the chunk, and changes nothing', async () => {
    const file = await backupOf(source, { pageSize: 2 });
    const { header, body, headerBytes } = await split(file);
    const index = header.chunks.findIndex((c) => c.table === 'annotations');
    const start = header.chunks.slice(0, index).reduce((n, c) => n + c.bytes, 0);
    const damaged = new Uint8Array(await file.arrayBuffer());
    damaged[headerBytes + start + Math.floor(header.chunks[index]!.bytes / 2)]! ^= 0xff;
    expect(body.length).toBe(header.chunks.reduce((n, c) => n + c.bytes, 0));
    expect(await checkStreamedBackup(new Blob([damaged]))).toEqual({
      ok: false,
      reason: `The backup has been changed or damaged since it was made: chunk ${index + 1} of ${header.chunks.length} (annotations) does not match its SHA-256.`,
    });

    // A file that changed between the check and the restore is refused by the restore too.
    const target = await seeded();
    const before = await readAllTables(target);
    const sound = await checked(file);
    await expect(restoreStreamedBackup(target, { ...sound, file: new Blob([damaged]) }, 'replace')).rejects.toThrow(/does not match its SHA-256\. Nothing was changed\./);
    expect(await readAllTables(target)).toEqual(before);
  });

  it('refuses a cut-short file and one whose chunk list was edited', async () => {
    const file = await backupOf(source);
    expect(await checkStreamedBackup(file.slice(0, file.size - 10))).toMatchObject({ ok: false, reason: expect.stringMatching(/incomplete/) });
    const { header, body } = await split(file);
    const edited = { ...header, counts: { ...header.counts, annotations: header.counts.annotations + 1 } };
    expect(await checkStreamedBackup(new Blob([headerLine(edited), body as Uint8Array<ArrayBuffer>]))).toMatchObject({ ok: false, reason: expect.stringMatching(/says it holds 4 annotations but its chunks hold 3/) });
    const reordered = { ...header, chunks: [...header.chunks].reverse() };
    expect(await checkStreamedBackup(new Blob([headerLine(reordered), body as Uint8Array<ArrayBuffer>]))).toMatchObject({ ok: false, reason: expect.stringMatching(/digest/) });
  });

  it('a chunk rewritten with its hashes made again keeps the file sound but breaks the signature', async () => {
    const file = await backupOf(source, { signed: true });
    const { header, body } = await split(file);
    expect(await checkFileSignature(source, streamCovered(header), header.signature)).toMatchObject({ kind: 'signed', trust: 'this-device' });
    // The forger rewrites the review statuses' chunk (a status set to "done" becomes "excluded"…) and
    // makes its SHA-256, the chunk list and the digest again; the signature stays the device's.
    const index = header.chunks.findIndex((c) => c.table === 'statuses');
    const offsets = header.chunks.map((_, i) => header.chunks.slice(0, i).reduce((n, c) => n + c.bytes, 0));
    const original = body.subarray(offsets[index]!, offsets[index]! + header.chunks[index]!.bytes);
    const text = await new Response(new Blob([original as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
    const forgedText = text.replace('"done"', '"in-progress"');
    expect(forgedText).not.toBe(text);
    const forged = new Uint8Array(await new Response(new Blob([forgedText]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
    const chunks = header.chunks.map((c, i) => (i === index ? { ...c, bytes: forged.byteLength, sha256: sha256Bytes(forged) } : c));
    const forgedHeader = { ...header, chunks, digest: chunksDigest(chunks) };
    const forgedFile = new Blob([headerLine(forgedHeader), body.subarray(0, offsets[index]) as Uint8Array<ArrayBuffer>, forged, body.subarray(offsets[index]! + header.chunks[index]!.bytes) as Uint8Array<ArrayBuffer>]);
    // Without the signature the file passes every check; with it, it is refused.
    const read = await checked(forgedFile);
    expect(await checkFileSignature(source, streamCovered(read.header), read.header.signature)).toEqual({
      kind: 'invalid',
      reason: 'the signature does not match the content: the file was changed after it was signed',
    });
  });

  it('leaves the database as it was when the restore fails half-way', async () => {
    const backup = await checked(await backupOf(source, { pageSize: 2 }));
    const target = open();
    await upsertDocuments(target, corpus.slice(0, 2), { now: NOW });
    const before = await readAllTables(target);
    const seen: BackupProgress[] = [];
    const failing = (progress: BackupProgress) => {
      seen.push(progress);
      // Several chunks are written (documents, history, texts) when the failure comes.
      if (seen.length === 6) throw new DOMException('The disk is full.', 'QuotaExceededError');
    };
    await expect(restoreStreamedBackup(target, backup, 'replace', { onProgress: failing })).rejects.toThrow(/disk is full/);
    expect(seen.length).toBe(6);
    expect(seen.every((p) => p.phase === 'writing' && p.total === backup.header.chunks.reduce((n, c) => n + c.records, 0))).toBe(true);
    expect(await readAllTables(target)).toEqual(before);
  });

  it('restores a format 1 file made before backups were streamed', async () => {
    const fixture = readFileSync(resolve(import.meta.dirname, '../../fixtures/backup/format-1.json'));
    const read = await checkBackupFile(new Blob([fixture]));
    if (!read.ok) throw new Error(read.reason);
    expect(read.backup.format).toBe(1);
    expect(read.backup.counts).toMatchObject({ documents: 2, texts: 2, annotations: 2, statuses: 1 });
    const target = open();
    const counts = await read.backup.restore(target, 'replace');
    expect(counts).toMatchObject({ documents: 2, annotations: 2, statuses: 1 });
    expect((await target.annotations.toArray()).map((a) => a.note).sort()).toEqual(['', 'Format 1 note']);
  });

  it('tells a format 2 file from a format 1 one, and refuses a newer format', async () => {
    const read = await checkBackupFile(await backupOf(source));
    expect(read).toMatchObject({ ok: true, backup: { format: 2 } });
    const newer = new Blob(['{"format":"margin-backup","version":3,"createdAt":"x"}\n']);
    expect(await checkBackupFile(newer)).toEqual({ ok: false, reason: 'The backup was made by a newer Margin (backup format 3); this version reads formats 1 and 2.' });
  });
});

suite('the audit log of a restore', () => {
  const many = 25;
  /** One document with `many` annotations, stored without the funnel (as the benchmark fills it). */
  async function annotated(): Promise<{ db: MarginDatabase; annotations: Annotation[] }> {
    const db = open();
    await upsertDocuments(db, corpus.slice(0, 1), { now: NOW });
    const documentId = documentIdOf(corpus[0]!.text) as DocumentId;
    const annotations = Array.from({ length: many }, (_, i): Annotation => ({
      id: `note-${String(i).padStart(3, '0')}` as AnnotationId,
      documentId,
      target: null,
      color: 'yellow',
      note: `Note ${i}`,
      tags: [],
      field: null,
      creator: 'Ana',
      createdAt: NOW,
      modifiedAt: NOW,
      deletedAt: null,
    }));
    await db.annotations.bulkPut(annotations);
    return { db, annotations };
  }

  it('writes one entry per chunk, naming its SHA-256 and its records, and the log verifies', async () => {
    const { db: source, annotations } = await annotated();
    const backup = await checked(await backupOf(source, { pageSize: 10 }));
    const target = open();
    await restoreStreamedBackup(target, backup, 'replace', { now: NOW });
    const entries = (await target.audit.toArray()).filter((e) => e.action === 'backup.restore.replace' && e.table === 'annotations');
    const annotationChunks = backup.header.chunks.flatMap((c, i) => (c.table === 'annotations' ? [{ ...c, index: i }] : []));
    // 25 records in chunks of 10: three entries, not 25.
    expect(entries).toHaveLength(3);
    expect(entries.map((e) => restoredChunkOf(e))).toEqual(
      annotationChunks.map((c, n) => ({
        backup: backup.header.digest,
        createdAt: NOW,
        chunk: c.index + 1,
        chunks: backup.header.chunks.length,
        sha256: c.sha256,
        records: c.records,
        first: annotations[n * 10]!.id,
        last: annotations[Math.min(many, n * 10 + 10) - 1]!.id,
        replaced: 0,
        notTaken: [],
      })),
    );
    expect(entries.every((e) => e.documentId === annotations[0]!.documentId && e.before === null)).toBe(true);
    expect(await target.annotations.toArray()).toEqual(annotations);
    expect(await verifyStoredLog(target)).toMatchObject({ ok: true });

    // A chunk's digest changed in the stored log afterwards breaks the chain at that entry.
    const forged = entries[1]!;
    await target.audit.put({ ...forged, after: { restoredChunk: { ...restoredChunkOf(forged)!, sha256: '0'.repeat(64) } } });
    expect(await verifyStoredLog(target)).toEqual({ ok: false, chain: forged.chain, seq: forged.seq, reason: `entry ${forged.seq} was changed after it was written` });
  });

  it('is not undoable: the undo history before it is dropped, with a sentence saying why', async () => {
    const backup = await checked(await backupOf((await annotated()).db));
    const target = open();
    await upsertDocuments(target, corpus.slice(0, 1), { now: NOW });
    const documentId = documentIdOf(corpus[0]!.text) as DocumentId;
    const text = corpus[0]!.text;
    await createAnnotation(target, { documentId, target: describe(text, 0, 20), color: 'yellow' }, { now: NOW });
    expect(stacksOf(scopeOf(documentId)).undo).toHaveLength(1);
    await restoreStreamedBackup(target, backup, 'replace', { now: NOW });
    expect(stacksOf(scopeOf(documentId)).undo).toEqual([]);
    expect(useHistory.getState().lastMessage).toBe(RESTORE_ENDS_UNDO);
    expect(await undo(target, scopeOf(documentId))).toBeNull();
  });

  it('keeps what a replace overwrote or removed in its entries', async () => {
    const { db: source, annotations } = await annotated();
    const backup = await checked(await backupOf(source, { pageSize: 10 }));
    const { db: target } = await annotated();
    const edited = { ...annotations[12]!, note: 'Edited here', modifiedAt: '2026-12-02T09:00:00.000Z' };
    const extra = { ...annotations[0]!, id: 'zz-only-here' as AnnotationId };
    await target.annotations.bulkPut([edited, extra]);
    await restoreStreamedBackup(target, backup, 'replace', { now: NOW });
    expect(await target.annotations.toArray()).toEqual(annotations);
    const entries = (await target.audit.toArray()).filter((e) => e.action === 'backup.restore.replace' && e.table === 'annotations');
    // Only the edited record differed: its chunk's entry holds it as it was; the rest were already stored as they are.
    const written = entries.filter((e) => restoredChunkOf(e) !== null);
    expect(written.map((e) => restoredChunkOf(e))).toEqual([expect.objectContaining({ records: 1, first: edited.id, last: edited.id, replaced: 1 })]);
    expect((written[0]!.before as RestoreBefore).records).toEqual([edited]);
    const removed = entries.filter((e) => removedByRestoreOf(e) !== null);
    expect(removed.map((e) => [removedByRestoreOf(e), (e.before as RestoreBefore).records])).toEqual([[{ removed: 1, first: extra.id, last: extra.id }, [extra]]]);
    expect(await verifyStoredLog(target)).toMatchObject({ ok: true });
  });
});
