// The change funnel: every repository write is in the audit log with its before and after, names
// the reviewer, verifies as a chain; undo is per document, audited, and never overwrites a newer change.
import { beforeEach, describe as suite, expect, it } from 'vitest';
import { describe } from '@shared/anchoring';
import { verifyAuditLog } from '@shared/audit/chain';
import { createBackup, readBackup } from '@shared/export/backup';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import type { Annotation, AuditEntry, DocumentId } from '@shared/model';
import { addImportedAnnotations, createAnnotation, deleteAnnotations, normalizeTags, updateAnnotation } from '../../../renderer/src/db/annotations';
import { readAllTables, restoreBackup } from '../../../renderer/src/db/backup';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { sha256HexDigest } from '../../../renderer/src/db/digest';
import { documentIdOf, updateDocumentMeta, upsertDocuments } from '../../../renderer/src/db/documents';
import { REVIEWER_KEY } from '../../../renderer/src/db/funnel';
import { LIBRARY_SCOPE, redo, scopeOf, stacksOf, undo, useHistory } from '../../../renderer/src/db/history';
import { setImportMaxMegabytes, storeImportedDocuments } from '../../../renderer/src/db/imports';
import { activateSchema, importSchema } from '../../../renderer/src/db/schemas';
import { renameColor, saveHiddenColumns, saveReviewer } from '../../../renderer/src/db/settings';
import { setReviewStatus } from '../../../renderer/src/db/statuses';
import { tagFromQuote } from '../../../renderer/src/document/field-values';
import { bundledDocuments } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

const corpus = bundledDocuments();
const NOW = '2026-12-01T09:00:00.000Z';
const text = corpus[1]!.text;
const docId = documentIdOf(text);
const otherId = documentIdOf(corpus[2]!.text);
let db: MarginDatabase;

const at = (quote: string) => describe(text, text.indexOf(quote), text.indexOf(quote) + quote.length);
const dose = DEFAULT_SCHEMA.sections.flatMap((s) => s.fields).find((f) => f.key === 'dose')!;

async function logAfter(run: () => Promise<unknown>): Promise<AuditEntry[]> {
  const before = await db.audit.count();
  await run();
  const all = await db.audit.toArray();
  return all.sort((a, b) => a.seq - b.seq).slice(before);
}

/**
 * The log holds, for each record the action changed, exactly what it was and what it became: in an
 * entry of its own, or (an imported document's text) alongside its document in the document's entry.
 */
async function expectLogged(entries: AuditEntry[], table: string, key: string, before: unknown) {
  // A change is logged as an entry of its own or alongside the entry of the change it came with
  // (an imported document's text); the entry returned is the one that carries the action.
  const matches = (c: { table: string; key: string }) => c.table === table && c.key === key;
  const entry = entries.find((e) => matches(e) || (e.alongside ?? []).some(matches));
  expect(entry, `${table} ${key} in the log`).toBeDefined();
  const change = matches(entry!) ? entry! : entry!.alongside!.find(matches)!;
  expect(change.before).toEqual(before ?? null);
  const stored = await db.table(table).get(key);
  expect(change.after).toEqual(table === 'texts' ? { id: key, sha256: key, length: (stored as { text: string }).text.length } : (stored ?? null));
  return entry!;
}

beforeEach(async () => {
  useHistory.getState().clear();
  db = freshDatabase();
  await saveReviewer(db, { name: 'Ana Ruiz', initials: '' }, { now: NOW });
  await upsertDocuments(db, corpus.slice(0, 3), { now: NOW });
});

suite('the change funnel', () => {
  it('names the reviewer once, with a stable id kept through a rename', async () => {
    const first = (await db.settings.get(REVIEWER_KEY))!.value as { id: string; name: string; initials: string };
    expect(first).toMatchObject({ name: 'Ana Ruiz', initials: 'AR', chosen: true });
    const renamed = await saveReviewer(db, { name: 'Ana Ruiz-Soto', initials: 'ARS' });
    expect(renamed.id).toBe(first.id);
    const created = await createAnnotation(db, { documentId: docId, target: at('neutropenia (grade 4)'), color: 'red' });
    expect(created).toMatchObject({ creator: 'Ana Ruiz-Soto', creatorId: first.id, modifiedBy: first.id });
    const entries = await db.audit.toArray();
    expect(entries.filter((e) => e.table === 'annotations').every((e) => e.actor.id === first.id && e.actor.name === 'Ana Ruiz-Soto')).toBe(true);
  });

  it('logs every repository write with its before and after, and the chain verifies', async () => {
    let entries = await logAfter(() => createAnnotation(db, { documentId: docId, target: at('1 × 106 CAR T cells/kg'), color: 'purple', field: tagFromQuote(DEFAULT_SCHEMA, dose, '1 × 106 CAR T cells/kg') }));
    const value = (await db.annotations.toArray()).find((a) => a.field)!;
    expect((await expectLogged(entries, 'annotations', value.id, null)).action).toBe('value.create');
    // The first value started the review, in the same action.
    await expectLogged(entries, 'statuses', docId, null);

    entries = await logAfter(() => updateAnnotation(db, value.id, { note: 'Confirm against the PDF' }));
    await expectLogged(entries, 'annotations', value.id, value);

    const edited = (await db.annotations.get(value.id))!;
    entries = await logAfter(() => deleteAnnotations(db, [value.id]));
    await expectLogged(entries, 'annotations', value.id, edited);

    const status = await db.statuses.get(docId);
    entries = await logAfter(() => setReviewStatus(db, docId, 'done'));
    await expectLogged(entries, 'statuses', docId, status);

    const meta = await db.documents.get(docId);
    entries = await logAfter(() => updateDocumentMeta(db, docId, { ...meta!, title: 'A corrected title' }));
    expect((await expectLogged(entries, 'documents', docId, meta)).documentId).toBe(docId);

    entries = await logAfter(() => renameColor(db, 'yellow', 'Primary outcome'));
    await expectLogged(entries, 'settings', 'colorMeanings', null);
    entries = await logAfter(() => saveHiddenColumns(db, ['field:dose']));
    await expectLogged(entries, 'settings', 'evidenceTable.hiddenColumns', null);
    entries = await logAfter(() => setImportMaxMegabytes(db, 20));
    await expectLogged(entries, 'settings', 'importMaxBytes', null);

    entries = await logAfter(() => activateSchema(db, DEFAULT_SCHEMA));
    await expectLogged(entries, 'schemas', `${DEFAULT_SCHEMA.id}@${DEFAULT_SCHEMA.version}`, null);
    const stored = await db.schemas.get(`${DEFAULT_SCHEMA.id}@${DEFAULT_SCHEMA.version}`);
    entries = await logAfter(() => importSchema(db, JSON.stringify({ ...DEFAULT_SCHEMA, version: DEFAULT_SCHEMA.version + 1 })));
    await expectLogged(entries, 'schemas', `${DEFAULT_SCHEMA.id}@${DEFAULT_SCHEMA.version}`, stored);

    const newcomer = corpus[3]!;
    const newId = documentIdOf(newcomer.text);
    entries = await logAfter(() => storeImportedDocuments(db, [newcomer]));
    const added = await expectLogged(entries, 'documents', newId, null);
    await expectLogged(entries, 'texts', newId, null);
    // One entry per imported document: its text (by its hash) is logged in the document's entry.
    expect(entries).toHaveLength(1);
    expect(added).toMatchObject({ alongside: [{ table: 'texts', key: newId, before: null }] });

    const imported: Annotation = { ...value, id: 'imported-1' as Annotation['id'], deletedAt: null, tags: ['CRS', 'crs ', ' Dose'] };
    entries = await logAfter(() => addImportedAnnotations(db, [imported]));
    await expectLogged(entries, 'annotations', 'imported-1', null);

    const log = await db.audit.toArray();
    expect(await verifyAuditLog(log, sha256HexDigest)).toEqual({ ok: true, entries: log.length, chains: 1 });
    const reviewer = (await db.settings.get(REVIEWER_KEY))!.value as { id: string };
    // Everything but the device's own first identity record was done by the reviewer, by id.
    expect(log.filter((e) => e.action !== 'identity.create').map((e) => e.actor.id)).toEqual(log.filter((e) => e.action !== 'identity.create').map(() => reviewer.id));
  });

  it('logs a restore record by record, text by its hash', async () => {
    const backup = readBackup(createBackup(await readAllTables(db), NOW));
    if (!backup.ok) throw new Error(backup.reason);
    const target = freshDatabase();
    const entries = (await (async () => {
      await restoreBackup(target, backup.backup.data, 'replace');
      return target.audit.toArray();
    })()).filter((e) => e.action === 'backup.restore.replace');
    expect(entries.filter((e) => e.table === 'documents')).toHaveLength(3);
    const textEntry = entries.find((e) => e.table === 'texts' && e.key === docId)!;
    expect(textEntry.after).toEqual({ id: docId, sha256: docId, length: text.length });
  });

  it('de-duplicates tags ignoring case and spacing, keeping the first spelling', () => {
    expect(normalizeTags(['CRS', ' crs', 'Dose', 'dose ', 'ICANS  grade', 'icans grade', ''])).toEqual(['CRS', 'Dose', 'ICANS grade']);
  });

  it('moves Not started to In progress on the first value, never over Done or Unavailable', async () => {
    const tagValue = (documentId: DocumentId, quoteText: string) =>
      createAnnotation(db, { documentId, target: describe(corpus.find((c) => documentIdOf(c.text) === documentId)!.text, 0, quoteText.length), color: 'purple', field: tagFromQuote(DEFAULT_SCHEMA, dose, quoteText) });
    await tagValue(docId, 'x');
    expect((await db.statuses.get(docId))!.status).toBe('in-progress');
    await setReviewStatus(db, otherId, 'done');
    await tagValue(otherId, 'y');
    expect((await db.statuses.get(otherId))!.status).toBe('done');
    const third = documentIdOf(corpus[0]!.text);
    await setReviewStatus(db, third, 'unavailable');
    await tagValue(third, 'z');
    expect((await db.statuses.get(third))!.status).toBe('unavailable');
    // A highlight is not a value: it does not start the review.
    const fresh = freshDatabase();
    await upsertDocuments(fresh, corpus.slice(1, 2));
    await createAnnotation(fresh, { documentId: docId, target: at('neutropenia (grade 4)'), color: 'red' });
    expect(await fresh.statuses.get(docId)).toBeUndefined();
  });
});

suite('undo and redo through the funnel', () => {
  it('keeps one history per document: undo in one never touches the other', async () => {
    const here = await createAnnotation(db, { documentId: docId, target: at('neutropenia (grade 4)'), color: 'red' }, { label: 'highlight' });
    const otherText = corpus[2]!.text;
    const there = await createAnnotation(db, { documentId: otherId, target: describe(otherText, 0, 20), color: 'blue' }, { label: 'highlight' });
    await undo(db, scopeOf(docId));
    expect((await db.annotations.get(here.id))!.deletedAt).not.toBeNull();
    expect((await db.annotations.get(there.id))!.deletedAt).toBeNull();
    expect(stacksOf(scopeOf(otherId)).undo).toHaveLength(1);
    await redo(db, scopeOf(docId));
    expect((await db.annotations.get(here.id))!.deletedAt).toBeNull();
    const log = await db.audit.toArray();
    expect(log.filter((e) => e.action === 'undo' || e.action === 'redo').map((e) => [e.action, e.key])).toEqual([
      ['undo', here.id],
      ['redo', here.id],
    ]);
  });

  it('undoes a status, document details and a setting', async () => {
    await setReviewStatus(db, docId, 'done');
    await undo(db, scopeOf(docId));
    expect(await db.statuses.get(docId)).toBeUndefined();
    const meta = (await db.documents.get(docId))!;
    await updateDocumentMeta(db, docId, { ...meta, title: 'Changed' });
    await undo(db, scopeOf(docId));
    expect((await db.documents.get(docId))!.title).toBe(meta.title);
    await renameColor(db, 'red', 'Harms');
    await undo(db, LIBRARY_SCOPE);
    expect(await db.settings.get('colorMeanings')).toBeUndefined();
  });

  it('refuses to undo over a newer change, saying so, and changes nothing', async () => {
    const made = await createAnnotation(db, { documentId: docId, target: at('neutropenia (grade 4)'), color: 'red' });
    await updateAnnotation(db, made.id, { note: 'first' });
    // Another window writes a later note straight into the same record.
    const later = { ...(await db.annotations.get(made.id))!, note: 'written later elsewhere', modifiedAt: '2027-01-01T00:00:00.000Z' };
    await db.annotations.put(later);
    await expect(undo(db, scopeOf(docId))).rejects.toThrow(/changed since/);
    expect(await db.annotations.get(made.id)).toEqual(later);
    expect(useHistory.getState().lastMessage).toMatch(/^Could not undo edit: it was changed since/);
  });

  it('undoes an import of several documents as one step', async () => {
    await storeImportedDocuments(db, corpus.slice(3, 5));
    expect(await db.documents.count()).toBe(5);
    await undo(db, LIBRARY_SCOPE);
    expect(await db.documents.count()).toBe(3);
    expect(await db.texts.count()).toBe(3);
  });

  it('keeps an imported text on the undo stack by its id, not its characters, and still undoes, redoes and undoes it again', async () => {
    const [fourth, fifth] = [corpus[3]!, corpus[4]!];
    await storeImportedDocuments(db, [fourth, fifth]);
    const step = stacksOf(LIBRARY_SCOPE).undo.at(-1)!;
    const texts = step.changes.filter((c) => c.table === 'texts');
    expect(texts.map((c) => c.after)).toEqual([fourth, fifth].map((d) => ({ addedText: { id: documentIdOf(d.text), length: d.text.length } })));
    // No stored text's characters are held by the step.
    expect(JSON.stringify(step.changes)).not.toContain(fourth.text.slice(0, 200));
    await undo(db, LIBRARY_SCOPE);
    expect(await db.texts.count()).toBe(3);
    await redo(db, LIBRARY_SCOPE);
    expect((await db.texts.get(documentIdOf(fifth.text)))!.text).toBe(fifth.text);
    await undo(db, LIBRARY_SCOPE);
    expect(await db.texts.count()).toBe(3);
    expect(await db.documents.count()).toBe(3);
  });

  it('refuses to undo an import whose text was replaced since, and changes nothing', async () => {
    const fourth = corpus[3]!;
    await storeImportedDocuments(db, [fourth]);
    const id = documentIdOf(fourth.text);
    // Written outside the funnel, as only a damaged store could: the id no longer names this text.
    await db.texts.put({ id, text: `${fourth.text} (altered)` });
    await expect(undo(db, LIBRARY_SCOPE)).rejects.toThrow(/changed since/);
    expect(await db.documents.get(id)).toBeDefined();
    expect((await db.texts.get(id))!.text).toBe(`${fourth.text} (altered)`);
  });
});

suite('grouped library steps', () => {
  it('undoes the files of one import batch as one step', async () => {
    const { asOneStep } = await import('../../../renderer/src/db/history');
    const steps = stacksOf(LIBRARY_SCOPE).undo.length;
    await asOneStep('import', async () => {
      await storeImportedDocuments(db, [corpus[3]!]);
      await storeImportedDocuments(db, [corpus[4]!]);
    });
    expect(stacksOf(LIBRARY_SCOPE).undo).toHaveLength(steps + 1);
    expect(stacksOf(LIBRARY_SCOPE).undo.at(-1)!.changes.filter((c) => c.table === 'documents')).toHaveLength(2);
    await undo(db, LIBRARY_SCOPE);
    expect(await db.documents.count()).toBe(3);
  });
});
