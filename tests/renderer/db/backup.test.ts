import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { describe } from '@shared/anchoring';
import { createBackup, readBackup } from '@shared/export/backup';
import type { BackupData } from '@shared/export/backup';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import type { DocumentId } from '@shared/model';
import { createAnnotation, deleteAnnotations } from '../../../renderer/src/db/annotations';
import { verifyAuditLog } from '@shared/audit/chain';
import { countAllTables, readAllTables, restoreBackup } from '../../../renderer/src/db/backup';
import { sha256HexDigest } from '../../../renderer/src/db/digest';
import { DEVICE_KEY, REVIEWER_KEY } from '../../../renderer/src/db/funnel';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf, upsertDocuments } from '../../../renderer/src/db/documents';
import { activateSchema } from '../../../renderer/src/db/schemas';
import { renameColor } from '../../../renderer/src/db/settings';
import { setReviewStatus } from '../../../renderer/src/db/statuses';
import { tagFromQuote } from '../../../renderer/src/document/field-values';
import { bundledDocuments } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

const corpus = bundledDocuments();
const NOW = '2026-11-22T10:00:00.000Z';
const opened: MarginDatabase[] = [];

function open(): MarginDatabase {
  const db = freshDatabase();
  opened.push(db);
  return db;
}

/** A database with every kind of record: documents, texts, values, highlights, a tombstone, statuses, schemas, settings. */
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
  return db;
}

/** Tables with records in key order, so two databases compare regardless of insertion order. */
function sorted(data: BackupData): BackupData {
  const by = <T>(key: (item: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  return {
    documents: [...data.documents].sort(by((d) => d.id)),
    texts: [...data.texts].sort(by((t) => t.id)),
    annotations: [...data.annotations].sort(by((a) => a.id)),
    statuses: [...data.statuses].sort(by((s) => s.documentId)),
    schemas: [...data.schemas].sort(by((s) => s.key)),
    settings: [...data.settings].sort(by((s) => s.key)),
  };
}

/** A device's identity (its chain id and reviewer) is its own and never travels by backup. */
function withoutIdentity(data: BackupData): BackupData {
  return { ...data, settings: data.settings.filter((s) => s.key !== DEVICE_KEY && s.key !== REVIEWER_KEY) };
}

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

suite('backup and restore against the database', () => {
  let source: MarginDatabase;
  beforeEach(async () => {
    source = await seeded();
  });

  it('reads every table, tombstones included', async () => {
    const data = await readAllTables(source);
    expect(data.documents).toHaveLength(corpus.length);
    expect(data.texts).toHaveLength(corpus.length);
    expect(data.annotations).toHaveLength(3);
    expect(data.annotations.filter((a) => a.deletedAt !== null)).toHaveLength(1);
    expect(data.statuses.length).toBeGreaterThanOrEqual(2);
    expect(data.schemas).toHaveLength(1);
    expect(data.settings.map((s) => s.key)).toContain('colorMeanings');
    expect(await countAllTables(source)).toEqual({
      documents: data.documents.length,
      texts: data.texts.length,
      annotations: data.annotations.length,
      statuses: data.statuses.length,
      schemas: data.schemas.length,
      settings: data.settings.length,
      originals: data.originals!.length,
      reviews: data.reviews!.length,
      progress: data.progress!.length,
      suggestionRejections: data.suggestionRejections!.length,
    });
  });

  it('round-trips: back up, restore (replace) into a fresh database, and every table is identical', async () => {
    const original = await readAllTables(source);
    const file = createBackup(original, NOW);
    const read = readBackup(file);
    if (!read.ok) throw new Error(read.reason);
    const target = open();
    await upsertDocuments(target, corpus.slice(0, 1), { now: NOW });
    const targetIdentity = await target.settings.bulkGet([DEVICE_KEY, REVIEWER_KEY]);
    const counts = await restoreBackup(target, read.backup.data, 'replace');
    expect(counts).toEqual(await countAllTables(source));
    const restored = await readAllTables(target);
    expect(sorted(withoutIdentity(restored))).toEqual(sorted(withoutIdentity(original)));
    expect(await target.settings.bulkGet([DEVICE_KEY, REVIEWER_KEY])).toEqual(targetIdentity);
    // The backup's history is kept beside this device's, and the restore itself is logged.
    expect(original.audit!.length).toBeGreaterThan(0);
    expect(restored.audit).toEqual(expect.arrayContaining(original.audit!));
    expect(restored.audit!.some((e) => e.action === 'backup.restore.replace')).toBe(true);
    expect(await verifyAuditLog(restored.audit!, sha256HexDigest)).toMatchObject({ ok: true, chains: 2 });
  });

  it('merges: keeps what is only here, adds what is only in the backup, the later edit of an annotation wins', async () => {
    const backup = await readAllTables(source);
    const target = open();
    await upsertDocuments(target, corpus.slice(0, 2), { now: NOW });
    const text = corpus[0]!.text;
    const mine = await createAnnotation(target, { documentId: documentIdOf(text) as DocumentId, target: describe(text, 0, 10), color: 'green' }, { now: NOW });
    const edited = { ...backup.annotations[0]!, note: 'edited later', modifiedAt: '2027-01-01T00:00:00.000Z' };
    const older = { ...backup.annotations[1]!, note: 'edited earlier', modifiedAt: '2020-01-01T00:00:00.000Z' };
    await target.annotations.bulkAdd([older]);
    await restoreBackup(target, { ...backup, annotations: [edited, ...backup.annotations.slice(1)] }, 'merge');
    const after = await readAllTables(target);
    expect(after.documents).toHaveLength(corpus.length);
    expect(after.annotations.map((a) => a.id).sort()).toEqual([mine.id, ...backup.annotations.map((a) => a.id)].sort());
    expect(after.annotations.find((a) => a.id === edited.id)!.note).toBe('edited later');
    expect(after.annotations.find((a) => a.id === older.id)!.note).toBe(backup.annotations[1]!.note);
  });

  it('writes in one transaction: a restore that fails half-way leaves every table as it was', async () => {
    const before = sorted(await readAllTables(source));
    const good = await readAllTables(source);
    // Two annotations with one id pass no backup check; here they make the last bulkAdd fail.
    const broken: BackupData = { ...good, annotations: [...good.annotations, good.annotations[0]!] };
    const logged = await source.audit.count();
    await expect(restoreBackup(source, broken, 'replace')).rejects.toThrow();
    expect(sorted(await readAllTables(source))).toEqual(before);
    expect(await source.audit.count()).toBe(logged);
  });

  it('refuses a backup whose history was altered, changing nothing', async () => {
    const good = await readAllTables(source);
    const target = open();
    await upsertDocuments(target, corpus.slice(0, 1), { now: NOW });
    const before = await readAllTables(target);
    const forged = good.audit!.map((e, i) => (i === 1 ? { ...e, actor: { ...e.actor, name: 'Someone else' } } : e));
    await expect(restoreBackup(target, { ...good, audit: forged }, 'replace')).rejects.toThrow(/history does not hold together: entry 2 was changed/);
    expect(await readAllTables(target)).toEqual(before);
  });
});
