import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe as suite, expect, it, vi } from 'vitest';
import { describe } from '@shared/anchoring';
import { backupCovered, backupOf, backupText, createBackup, readBackup } from '@shared/export/backup';
import type { BackupData } from '@shared/export/backup';
import { mimeTypeOf } from '@shared/export/file-names';
import { toWebAnnotationCollection, webAnnotationJsonLd } from '@shared/export/web-annotation';
import { prepareForSigning, signedAnnotationFile } from '@shared/export/annotation-signature';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { DEFAULT_COLOR_MEANINGS } from '@shared/model';
import type { Annotation, DocumentId } from '@shared/model';
import type { OpenedFile } from '@shared/ipc';
import { NoticeArea, useNotices } from '../../../renderer/src/components/notices';
import { createAnnotation } from '../../../renderer/src/db/annotations';
import { countAllTables, readAllTables } from '../../../renderer/src/db/backup';
import { DatabaseProvider } from '../../../renderer/src/db/context';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf, upsertDocuments } from '../../../renderer/src/db/documents';
import { saveReviewer } from '../../../renderer/src/db/settings';
import { checkFileSignature, signCovered, TRUSTED_SIGNERS_KEY } from '../../../renderer/src/db/signing';
import { checkStreamedBackup, writeStreamedBackup } from '../../../renderer/src/db/backup-stream';
import { streamCovered } from '@shared/export/backup-stream';
import { fingerprintOf } from '@shared/signing';
import { sha256Hex } from '@shared/hash';
import { LIBRARY_SCOPE, undo, useHistory } from '../../../renderer/src/db/history';
import { CommandMenu } from '../../../renderer/src/features/export/command-menu';
import { resetDataStore } from '../../../renderer/src/features/export/data-store';
import { ExportActions } from '../../../renderer/src/features/export/export-actions';
import { importAnnotationText } from '../../../renderer/src/features/export/import-annotations';
import { tagFromQuote } from '../../../renderer/src/document/field-values';
import { bridge } from '../../../renderer/src/platform';
import { resetAppStore } from '../../../renderer/src/store/app-store';
import { bundledDocuments } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

const corpus = bundledDocuments();
const ids = corpus.map((d) => documentIdOf(d.text) as DocumentId);
const NOW = '2026-11-22T10:00:00.000Z';
const fieldOf = (key: string) => DEFAULT_SCHEMA.sections.flatMap((s) => s.fields).find((f) => f.key === key)!;
const opened: MarginDatabase[] = [];
let db: MarginDatabase;

function open(): MarginDatabase {
  const made = freshDatabase();
  opened.push(made);
  return made;
}

async function tag(target: MarginDatabase, doc: number, quote: string, key: string | null): Promise<Annotation> {
  const text = corpus[doc]!.text;
  const at = text.indexOf(quote);
  return createAnnotation(
    target,
    {
      documentId: ids[doc]!,
      target: describe(text, at, at + quote.length),
      color: 'red',
      field: key ? tagFromQuote(DEFAULT_SCHEMA, fieldOf(key), quote) : null,
      note: key ? '' : 'A note',
    },
    { now: NOW });
}

function file(name: string, text: string): OpenedFile {
  return { name, bytes: new TextEncoder().encode(text) };
}

beforeEach(async () => {
  resetAppStore();
  resetDataStore();
  useHistory.getState().clear();
  useNotices.setState({ notices: [] });
  db = open();
  await upsertDocuments(db, corpus.slice(0, 3), { now: NOW });
  await tag(db, 1, 'neutropenia (grade 4)', 'cytopenias');
});
afterEach(() => {
  for (const each of opened.splice(0)) each.close();
});

function renderActions() {
  return render(
    <DatabaseProvider db={db}>
      <ExportActions />
      <CommandMenu />
      <NoticeArea />
    </DatabaseProvider>,
  );
}

async function chooseFromDataMenu(item: string | RegExp) {
  const user = userEvent.setup();
  await user.click(screen.getByRole('button', { name: 'Data' }));
  await user.click(within(screen.getByRole('menu', { name: 'Data' })).getByRole('menuitem', { name: item }));
}

/** A signed backup, as the Data menu makes it on `source`. */
async function signedBackupOf(source: MarginDatabase): Promise<string> {
  const backup = backupOf(await readAllTables(source), NOW);
  return backupText(backup, await signCovered(source, backupCovered(backup)));
}

/**
 * A backup of another database (another device, its reviewer "Other Reviewer"): all five
 * documents, two values, a note; signed by that device unless `unsigned`.
 */
async function otherBackup(options: { unsigned?: boolean } = {}): Promise<{ data: BackupData; text: string; publicKey: string }> {
  const other = open();
  await saveReviewer(other, { name: 'Other Reviewer', initials: 'OR' }, { now: NOW });
  await upsertDocuments(other, corpus, { now: NOW });
  await tag(other, 1, '1 × 106 CAR T cells/kg', 'dose');
  await tag(other, 4, '52.5 × 106 CAR+ cells/kg', 'dose');
  await tag(other, 2, '11 months', null);
  const data = await readAllTables(other);
  const text = options.unsigned ? createBackup(data, NOW) : await signedBackupOf(other);
  return { data, text, publicKey: (await other.keys.toArray())[0]?.publicKey ?? '' };
}

/** Ticks the consent a backup from an unknown signer needs. */
async function trustOtherReviewer(dialog: HTMLElement) {
  await userEvent.setup().click(await within(dialog).findByRole('checkbox', { name: 'Trust Other Reviewer’s key and restore' }));
}

suite('backup', () => {
  it('saves every table as a backup file that reads back', async () => {
    const save = vi.spyOn(bridge, 'saveFile').mockResolvedValue({ saved: true, location: 'Downloads/backup.json' });
    renderActions();
    await chooseFromDataMenu('Back up all data…');
    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    const request = save.mock.calls[0]![0];
    expect(request.suggestedName).toMatch(/^margin-backup-\d{4}-\d{2}-\d{2}\.mbackup$/);
    expect(request.mimeType).toBe(mimeTypeOf('backup'));
    // A streamed backup (format 2), read back chunk by chunk.
    expect(request.data).toBeInstanceOf(Uint8Array);
    const read = await checkStreamedBackup(new Blob([request.data as Uint8Array<ArrayBuffer>]));
    if (!read.ok) throw new Error(read.reason);
    expect(read.backup.counts).toEqual(await countAllTables(db));
    expect(await screen.findByText(/Backup of 3 documents and 1 annotation saved to Downloads\/backup\.json, signed by this device\./)).toBeInTheDocument();
    // Signed with this device's key, in this reviewer's name; the key itself is in no table a backup holds.
    const { header } = read.backup;
    const key = (await db.keys.toArray())[0]!;
    expect(header.signature!.signer).toMatchObject({ name: 'Reviewer 1', publicKey: key.publicKey });
    expect(await checkFileSignature(db, streamCovered(header), header.signature)).toMatchObject({ kind: 'signed', trust: 'this-device' });
    expect(header.tables).not.toContain('keys');
  });
});

suite('restore', () => {
  it.each([
    ['tampered', (text: string) => text.replace('"A note"', '"A different note"'), /checksum does not match/],
    ['truncated', (text: string) => text.slice(0, Math.floor(text.length * 0.6)), /incomplete/],
    ['foreign', () => JSON.stringify({ format: 'something-else', version: 1 }), /not a Margin backup/],
  ])('refuses a %s file, says why, and leaves the database as it was', async (_kind, damage, reason) => {
    const { text } = await otherBackup();
    vi.spyOn(bridge, 'openFiles').mockResolvedValue([file('margin-backup.json', damage(text))]);
    const before = await readAllTables(db);
    renderActions();
    await chooseFromDataMenu('Restore from a backup…');
    const dialog = await screen.findByRole('dialog', { name: 'This backup cannot be restored' });
    expect(within(dialog).getByRole('alert')).toHaveTextContent(reason);
    expect(within(dialog).queryByRole('button', { name: /Replace|Merge/ })).not.toBeInTheDocument();
    await userEvent.setup().click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(await readAllTables(db)).toEqual(before);
  });

  it('shows what a sound backup holds and replaces everything with it', async () => {
    const { data, text } = await otherBackup();
    vi.spyOn(bridge, 'openFiles').mockResolvedValue([file('margin-backup.json', text)]);
    renderActions();
    await chooseFromDataMenu('Restore from a backup…');
    const dialog = await screen.findByRole('dialog', { name: 'Restore from a backup' });
    expect(dialog).toHaveAccessibleDescription(/margin-backup\.json, made /);
    // A restore is not on the undo history, and the dialog says so before anything is replaced.
    expect(within(dialog).getByText(/^A restore cannot be undone/)).toBeInTheDocument();
    const documentsRow = within(dialog).getByRole('row', { name: /^Documents/ });
    await waitFor(() => expect(within(documentsRow).getAllByRole('cell').map((c) => c.textContent)).toEqual(['5', '3']));
    const annotationsRow = within(dialog).getByRole('row', { name: /^Annotations/ });
    expect(within(annotationsRow).getAllByRole('cell').map((c) => c.textContent)).toEqual(['3', '1']);

    await trustOtherReviewer(dialog);
    await userEvent.setup().click(within(dialog).getByRole('button', { name: 'Replace everything' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const after = await readAllTables(db);
    expect(after.documents.map((d) => d.id).sort()).toEqual(data.documents.map((d) => d.id).sort());
    expect(after.annotations.map((a) => a.id).sort()).toEqual(data.annotations.map((a) => a.id).sort());
    expect(await screen.findByText(/Restored the backup: Margin now holds 5 documents and 3 annotation records\./)).toBeInTheDocument();
  });

  it('restores a streamed backup; a full disk half-way says so, changes nothing, and the retry succeeds', async () => {
    const other = open();
    await saveReviewer(other, { name: 'Other Reviewer', initials: 'OR' }, { now: NOW });
    await upsertDocuments(other, corpus, { now: NOW });
    await tag(other, 1, '1 × 106 CAR T cells/kg', 'dose');
    const written = await writeStreamedBackup(other, { now: NOW, sign: (covered) => signCovered(other, covered) });
    vi.spyOn(bridge, 'openFiles').mockResolvedValue([{ name: 'margin-backup.mbackup', bytes: new Uint8Array(await written.file.arrayBuffer()) }]);
    const tables = async () => {
      const { documents, texts, annotations, statuses } = await readAllTables(db);
      return { documents, texts, annotations, statuses };
    };
    const before = await tables();
    // The disk fills when the annotations are written, after the documents and texts were.
    const full = vi.spyOn(db.annotations, 'bulkPut').mockRejectedValue(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    renderActions();
    await chooseFromDataMenu('Restore from a backup…');
    const dialog = await screen.findByRole('dialog', { name: 'Restore from a backup' });
    // Checked whole first (the progress shows meanwhile), then described with its date.
    await waitFor(() => expect(screen.getByRole('dialog', { name: 'Restore from a backup' })).toHaveAccessibleDescription(/margin-backup\.mbackup, made /));
    await trustOtherReviewer(dialog);
    await userEvent.setup().click(within(dialog).getByRole('button', { name: 'Replace everything' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'The backup was not restored: there is not enough room to store it (the disk or the browser’s storage quota filled up while it was written). Nothing was changed — Margin still holds exactly what it held before.',
    );
    expect(full).toHaveBeenCalled();
    expect(await tables()).toEqual(before);
    full.mockRestore();
    await userEvent.setup().click(within(dialog).getByRole('button', { name: 'Replace everything' }));
    expect(await screen.findByText(/Restored the backup: Margin now holds 5 documents and 1 annotation record\./)).toBeInTheDocument();
    expect((await db.annotations.toArray()).map((a) => a.id)).toEqual((await other.annotations.toArray()).map((a) => a.id));
  });

  it('merges a sound backup with what is stored', async () => {
    const { data, text } = await otherBackup();
    const mine = (await db.annotations.toArray()).map((a) => a.id);
    vi.spyOn(bridge, 'openFiles').mockResolvedValue([file('margin-backup.json', text)]);
    renderActions();
    await chooseFromDataMenu('Restore from a backup…');
    const dialog = await screen.findByRole('dialog', { name: 'Restore from a backup' });
    await trustOtherReviewer(dialog);
    await userEvent.setup().click(within(dialog).getByRole('button', { name: 'Merge' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const after = await readAllTables(db);
    expect(after.documents).toHaveLength(5);
    expect(after.annotations.map((a) => a.id).sort()).toEqual([...mine, ...data.annotations.map((a) => a.id)].sort());
  });
});

suite('signed backups', () => {
  it('names the signer of a backup from another device with its key, asks before trusting it, and trusts it from then on', async () => {
    const { text, publicKey } = await otherBackup();
    vi.spyOn(bridge, 'openFiles').mockResolvedValue([file('margin-backup.json', text)]);
    renderActions();
    await chooseFromDataMenu('Restore from a backup…');
    const dialog = await screen.findByRole('dialog', { name: 'Restore from a backup' });
    const signature = await within(dialog).findByRole('group', { name: 'Signature' });
    expect(signature).toHaveTextContent(`Signed by Other Reviewer with key ${fingerprintOf(publicKey)}, which this device does not know.`);
    expect(within(dialog).getByRole('button', { name: 'Merge' })).toBeDisabled();
    expect(within(dialog).getByRole('button', { name: 'Replace everything' })).toBeDisabled();
    await trustOtherReviewer(dialog);
    await userEvent.setup().click(within(dialog).getByRole('button', { name: 'Merge' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect((await db.settings.get(TRUSTED_SIGNERS_KEY))?.value).toEqual([{ publicKey, name: 'Other Reviewer', trustedAt: expect.any(String) }]);

    // The same signer's next backup restores without the question.
    await chooseFromDataMenu('Restore from a backup…');
    const again = await screen.findByRole('dialog', { name: 'Restore from a backup' });
    expect(await within(again).findByText(/a signer this device trusts/)).toBeInTheDocument();
    expect(within(again).queryByRole('checkbox')).not.toBeInTheDocument();
    expect(within(again).getByRole('button', { name: 'Merge' })).toBeEnabled();
  });

  it('restores a backup this device signed without asking', async () => {
    const text = await signedBackupOf(db);
    vi.spyOn(bridge, 'openFiles').mockResolvedValue([file('margin-backup.json', text)]);
    renderActions();
    await chooseFromDataMenu('Restore from a backup…');
    const dialog = await screen.findByRole('dialog', { name: 'Restore from a backup' });
    expect(await within(dialog).findByText(/on this device/)).toHaveTextContent(/Signed by Reviewer 1 on this device, key [0-9A-F]{4}(-[0-9A-F]{4}){4}\. Nothing in it changed since\./);
    expect(within(dialog).getByRole('button', { name: 'Replace everything' })).toBeEnabled();
  });

  it('asks before restoring an unsigned backup', async () => {
    const { text } = await otherBackup({ unsigned: true });
    vi.spyOn(bridge, 'openFiles').mockResolvedValue([file('margin-backup.json', text)]);
    const before = await readAllTables(db);
    renderActions();
    await chooseFromDataMenu('Restore from a backup…');
    const dialog = await screen.findByRole('dialog', { name: 'Restore from a backup' });
    expect(await within(dialog).findByText(/This backup is not signed/)).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Merge' })).toBeDisabled();
    await userEvent.setup().click(within(dialog).getByRole('checkbox', { name: 'Restore this unsigned backup anyway' }));
    expect(within(dialog).getByRole('button', { name: 'Merge' })).toBeEnabled();
    await userEvent.setup().click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(await readAllTables(db)).toEqual(before);
  });

  it('refuses a forged backup: altered text with its id and checksum made again, the signature kept', async () => {
    const { text } = await otherBackup();
    const file0 = JSON.parse(text) as { checksum: string; counts: unknown; data: BackupData };
    // The forger changes a dose in the article, recomputes the document id everywhere and the checksum.
    const victim = file0.data.texts[0]!;
    const forgedText = victim.text.replace(/\d/, (d) => String((Number(d) + 1) % 10));
    const forgedId = sha256Hex(forgedText);
    const forged = JSON.parse(JSON.stringify(file0.data).split(victim.id).join(forgedId)) as BackupData;
    forged.texts.find((t) => t.id === forgedId)!.text = forgedText;
    const { backupChecksum } = await import('@shared/export/backup');
    const forgedFile = { ...file0, checksum: backupChecksum(forged), data: forged };
    // Without a signature this file would pass every other check.
    expect(readBackup(JSON.stringify(forgedFile)).ok).toBe(true);
    vi.spyOn(bridge, 'openFiles').mockResolvedValue([file('margin-backup.json', JSON.stringify(forgedFile))]);
    const before = await readAllTables(db);
    renderActions();
    await chooseFromDataMenu('Restore from a backup…');
    const dialog = await screen.findByRole('dialog', { name: 'This backup cannot be restored' });
    expect(within(dialog).getByRole('alert')).toHaveTextContent('The backup’s signature does not hold: the signature does not match the content: the file was changed after it was signed.');
    expect(within(dialog).queryByRole('button', { name: /Replace|Merge/ })).not.toBeInTheDocument();
    expect(await readAllTables(db)).toEqual(before);
  });
});

suite('annotation import', () => {
  async function exportedFrom(source: MarginDatabase): Promise<string> {
    const [documents, texts, annotations, statuses] = await Promise.all([source.documents.toArray(), source.texts.toArray(), source.annotations.toArray(), source.statuses.toArray()]);
    return webAnnotationJsonLd({ documents, texts, annotations, statuses, schema: DEFAULT_SCHEMA, colorMeanings: DEFAULT_COLOR_MEANINGS, generatedAt: NOW });
  }

  it('adds the annotations of a W3C file on their quotes, once, and undo removes them', async () => {
    const source = open();
    await saveReviewer(source, { name: 'Tester', initials: 'T' }, { now: NOW });
    await upsertDocuments(source, corpus, { now: NOW });
    const dose = await tag(source, 1, '1 × 106 CAR T cells/kg', 'dose');
    await tag(source, 2, '11 months', null);
    await tag(source, 4, '52.5 × 106 CAR+ cells/kg', 'dose');
    const jsonld = await exportedFrom(source);

    const first = await importAnnotationText(db, jsonld, 'Importer', NOW);
    // Document 4 is not in this library.
    expect(first.report).toMatchObject({ total: 3, anchored: 2, orphaned: 0, unmatchedDocument: 1, invalid: 0, error: null });
    expect(first.added).toBe(2);
    const imported = (await db.annotations.toArray()).filter((a) => a.creator === 'Tester' && a.field?.fieldKey === 'dose');
    expect(imported).toHaveLength(1);
    expect(imported[0]!.target!.quote.exact).toBe(dose.target!.quote.exact);
    expect(imported[0]!.field).toEqual(dose.field);

    const again = await importAnnotationText(db, jsonld, 'Importer', NOW);
    expect(again.added).toBe(0);
    expect(again.alreadyPresent).toBe(2);
    expect(await db.annotations.count()).toBe(3);

    await undo(db, LIBRARY_SCOPE);
    expect((await db.annotations.toArray()).filter((a) => a.deletedAt === null)).toHaveLength(1);
  });

  it('keeps a quote it cannot find as an orphan and counts invalid items', async () => {
    const file = JSON.stringify([
      {
        type: 'Annotation',
        target: { source: `urn:sha256:${ids[1]}`, selector: [{ type: 'TextQuoteSelector', exact: 'words that appear nowhere in this article at all' }] },
      },
      { type: 'Annotation' },
      { type: 'Annotation', target: `urn:sha256:${ids[0]}`, bodyValue: 'A note on the whole document' },
    ]);
    const result = await importAnnotationText(db, file, 'Importer', NOW);
    expect(result.report).toMatchObject({ total: 3, anchored: 0, orphaned: 1, withoutQuote: 1, invalid: 1 });
    expect(result.added).toBe(2);
  });

  it('refuses a file that is not JSON without writing anything', async () => {
    const before = await db.annotations.count();
    const result = await importAnnotationText(db, '{"@context": [', 'Importer', NOW);
    expect(result.report.error).toMatch(/not JSON/);
    expect(await db.annotations.count()).toBe(before);
  });

  it('reports the counts in a dialog when run from the Data menu', async () => {
    const source = open();
    await upsertDocuments(source, corpus, { now: NOW });
    await tag(source, 2, '11 months', null);
    await tag(source, 4, '52.5 × 106 CAR+ cells/kg', 'dose');
    vi.spyOn(bridge, 'openFiles').mockResolvedValue([file('review.jsonld', await exportedFrom(source))]);
    renderActions();
    await chooseFromDataMenu(/^Import annotations…/);
    // An unsigned file asks first.
    const ask = await screen.findByRole('dialog', { name: 'Import an unsigned annotation file?' });
    await userEvent.setup().click(within(ask).getByRole('button', { name: 'Import anyway' }));
    const dialog = await screen.findByRole('dialog', { name: 'Imported 1 annotation' });
    expect(within(dialog).getByText(/The file was not signed/)).toBeInTheDocument();
    expect(within(dialog).getByRole('row', { name: /^Anchored on their quote/ })).toHaveTextContent('1');
    expect(within(dialog).getByRole('row', { name: /^Unmatched/ })).toHaveTextContent('1');
    expect(within(dialog).getByText(/No stored document matches its target/)).toBeInTheDocument();
  });
});

suite('signed annotation files', () => {
  /** The Web Annotation file as the Export dialog makes it on another device: signed by its reviewer. */
  async function signedExportOf(source: MarginDatabase): Promise<string> {
    const [documents, texts, annotations, statuses] = await Promise.all([source.documents.toArray(), source.texts.toArray(), source.annotations.toArray(), source.statuses.toArray()]);
    const collection = toWebAnnotationCollection({ documents, texts, annotations, statuses, schema: DEFAULT_SCHEMA, colorMeanings: DEFAULT_COLOR_MEANINGS, generatedAt: NOW });
    const { content, covered } = prepareForSigning({ ...collection });
    return signedAnnotationFile(content, await signCovered(source, covered));
  }

  async function otherDevice(): Promise<MarginDatabase> {
    const other = open();
    await saveReviewer(other, { name: 'Other Reviewer', initials: 'OR' }, { now: NOW });
    await upsertDocuments(other, corpus.slice(0, 3), { now: NOW });
    await tag(other, 2, '11 months', null);
    return other;
  }

  it('names an unknown signer with the key, asks, and once trusted imports the next file at once', async () => {
    const text = await signedExportOf(await otherDevice());
    vi.spyOn(bridge, 'openFiles').mockResolvedValue([file('review.jsonld', text)]);
    renderActions();
    const user = userEvent.setup();
    await chooseFromDataMenu(/^Import annotations…/);
    const ask = await screen.findByRole('dialog', { name: 'Import annotations from an unknown signer?' });
    expect(ask).toHaveTextContent(/Signed by Other Reviewer with key [0-9A-F]{4}(-[0-9A-F]{4}){4}/);
    await user.click(within(ask).getByRole('checkbox', { name: 'Trust Other Reviewer’s key from now on' }));
    await user.click(within(ask).getByRole('button', { name: 'Import anyway' }));
    const report = await screen.findByRole('dialog', { name: 'Imported 1 annotation' });
    expect(report).toHaveTextContent(/Signed by Other Reviewer, key [0-9A-F-]{24} \(a signer this device trusts\)/);
    expect(JSON.stringify((await db.settings.get(TRUSTED_SIGNERS_KEY))?.value)).toContain('Other Reviewer');
    await user.click(within(report).getByRole('button', { name: 'Close' }));
    // The same signer's next file: no question.
    await chooseFromDataMenu(/^Import annotations…/);
    expect(await screen.findByRole('dialog', { name: 'Already in Margin: nothing new' })).toHaveTextContent('a signer this device trusts');
  });

  it('refuses a file changed after signing, and changes nothing', async () => {
    const text = await signedExportOf(await otherDevice());
    const before = await countAllTables(db);
    vi.spyOn(bridge, 'openFiles').mockResolvedValue([file('review.jsonld', text.replace('11 months', '12 months'))]);
    renderActions();
    await chooseFromDataMenu(/^Import annotations…/);
    const dialog = await screen.findByRole('dialog', { name: 'The annotations could not be imported' });
    expect(within(dialog).getByRole('alert')).toHaveTextContent('The file’s signature does not hold: the signature does not match the content: the file was changed after it was signed. Nothing was imported.');
    expect(await countAllTables(db)).toEqual(before);
  });

  it('imports a file this device signed without asking', async () => {
    await tag(db, 2, '11 months', null);
    const text = await signedExportOf(db);
    await db.annotations.clear();
    vi.spyOn(bridge, 'openFiles').mockResolvedValue([file('review.jsonld', text)]);
    renderActions();
    await chooseFromDataMenu(/^Import annotations…/);
    expect(await screen.findByRole('dialog', { name: /^Imported 2 annotations/ })).toHaveTextContent('(this device)');
  });
});

suite('snapshots', () => {
  it('lists a snapshot taken by hand with its counts and restores it in one confirmed step', async () => {
    const user = userEvent.setup();
    renderActions();
    await chooseFromDataMenu(/^Snapshots…/);
    const dialog = await screen.findByRole('dialog', { name: 'Snapshots' });
    expect(await within(dialog).findByText(/No snapshot yet/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Take a snapshot now' }));
    const table = await within(dialog).findByRole('table', { name: /Snapshots kept on this computer/ });
    const row = within(table).getAllByRole('row')[1]!;
    expect(within(row).getAllByRole('cell').slice(0, 3).map((c) => c.textContent)).toEqual(['Taken by hand', '3', '1']);

    // A change after the snapshot, then back to the snapshot.
    await tag(db, 2, '11 months', null);
    expect((await db.annotations.toArray()).filter((a) => a.deletedAt === null)).toHaveLength(2);
    await user.click(within(row).getByRole('button', { name: /^Restore the snapshot of / }));
    const confirm = within(dialog).getByRole('group', { name: 'Confirm the restore' });
    expect(confirm).toHaveTextContent(/3 documents, 1 annotation\)\? What Margin holds now is kept as a snapshot first\./);
    await user.click(within(confirm).getByRole('button', { name: 'Replace with the snapshot' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Snapshots' })).not.toBeInTheDocument());
    expect((await db.annotations.toArray()).filter((a) => a.deletedAt === null)).toHaveLength(1);
    expect(await screen.findByText(/^Restored the snapshot of .*The data as it was just before is kept as a snapshot too\./)).toBeInTheDocument();
    expect((await db.snapshots.toArray()).map((s) => s.reason).sort()).toEqual(['before-restore', 'manual']);
  });
});
