// Review decisions in the form: a confirmation is kept with the reviewer and the time across a
// reload (a remount on the same database) and appears in the CSV and JSON-LD exports; a rejection
// keeps the value, shown as rejected, and stops it counting for completeness.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { describe } from '@shared/anchoring';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { formatFieldValue } from '@shared/fields/format';
import { longFormCsv, LONG_FORM_COLUMNS } from '@shared/export/csv';
import { webAnnotationJsonLd } from '@shared/export/web-annotation';
import type { Annotation, DocumentId } from '@shared/model';
import { createAnnotation } from '../../../renderer/src/db/annotations';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf } from '../../../renderer/src/db/documents';
import { loadExportInput } from '../../../renderer/src/db/exports';
import { saveReviewer } from '../../../renderer/src/db/settings';
import { tagFromQuote } from '../../../renderer/src/document/field-values';
import { FormPanel } from '../../../renderer/src/features/fields/form-panel';
import { bundledDocuments } from '../../helpers/corpus';
import { deskWithCorpus, renderWithDatabase } from '../../helpers/desk';

const corpus = bundledDocuments();
const text = corpus[1]!.text;
const docId = documentIdOf(text) as DocumentId;
const fieldOf = (key: string) => DEFAULT_SCHEMA.sections.flatMap((s) => s.fields).find((f) => f.key === key)!;
let db: MarginDatabase;

async function tag(quote: string, key: string): Promise<Annotation> {
  const at = text.indexOf(quote);
  return createAnnotation(db, { documentId: docId, target: describe(text, at, at + quote.length), color: 'purple', field: tagFromQuote(DEFAULT_SCHEMA, fieldOf(key), quote) });
}

beforeEach(async () => {
  db = await deskWithCorpus(docId);
  await saveReviewer(db, { name: 'Ana Ruiz', initials: '' });
});
afterEach(() => db.close());

const group = (name: RegExp) => screen.getByRole('group', { name });
const LOAD = { timeout: 5_000 };

/** The long-form CSV's rows as [column → cell] maps (a quoted cell holds no comma in these tests). */
function csvRows(csv: string): Map<string, string>[] {
  const [header, ...rows] = csv.replace(/^\uFEFF/, '').trim().split('\r\n').map((line) => line.split(','));
  return rows.map((row) => new Map(header!.map((column, i) => [column, row[i] ?? ''])));
}

suite('review decisions in the form', () => {
  it('keeps a confirmation with reviewer and time across a reload, and exports it to CSV and JSON-LD', async () => {
    const user = userEvent.setup();
    const dose = await tag('1 × 106 CAR T cells/kg', 'dose');
    const first = renderWithDatabase(db, <FormPanel />);
    const row = await waitFor(() => within(group(/^Dose/)).getByRole('listitem'), LOAD);
    expect(row).toHaveTextContent('needs confirmation');
    await user.click(within(row).getByRole('button', { name: 'Confirm 1 × 10⁶ cells/kg' }));
    await waitFor(() => expect(within(group(/^Dose/)).getByRole('listitem')).toHaveTextContent(/Confirmed by Ana Ruiz, .*2026/), LOAD);

    const stored = (await db.annotations.get(dose.id))!;
    const reviewer = (await db.settings.get('reviewer'))!.value as { id: string };
    expect(stored.field!.review).toEqual({ state: 'confirmed', by: reviewer.id, at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    // In the audit log, with the same person as actor.
    const entry = (await db.audit.toArray()).find((e) => e.action === 'value.confirm')!;
    expect(entry.actor).toEqual({ id: reviewer.id, name: 'Ana Ruiz' });

    // A reload: the form mounted again on the same database says the same.
    first.unmount();
    renderWithDatabase(db, <FormPanel />);
    const again = await waitFor(() => within(group(/^Dose/)).getByRole('listitem'), LOAD);
    expect(again).toHaveTextContent('confirmed');
    expect(again).toHaveTextContent(/Confirmed by Ana Ruiz/);
    expect(again).not.toHaveTextContent('needs confirmation');
    expect(within(again).queryByRole('button', { name: /^Confirm/ })).toBeNull();

    const input = await loadExportInput(db, [docId], '2026-12-01T15:00:00.000Z');
    const csv = csvRows(longFormCsv(input)).find((r) => r.get('field_key') === 'dose')!;
    expect([csv.get('status'), csv.get('reviewer'), csv.get('reviewed_at')]).toEqual(['confirmed', 'Ana Ruiz', stored.field!.review!.at]);
    expect(LONG_FORM_COLUMNS).toContain('reviewer');
    const jsonld = JSON.parse(webAnnotationJsonLd(input));
    const body = jsonld.first.items.find((i: { id: string }) => i.id === `urn:uuid:${dose.id}`).body[0];
    expect(body).toMatchObject({
      value: 'Dose: 1 × 10⁶ cells/kg [confirmed]',
      'margin:reviewState': 'confirmed',
      'margin:reviewedBy': { type: 'Person', id: `urn:margin:reviewer:${reviewer.id}`, name: 'Ana Ruiz' },
      'margin:reviewedAt': stored.field!.review!.at,
      'margin:field': { review: { state: 'confirmed', by: reviewer.id } },
    });
  });

  it('rejects a value with a reason: kept, shown as rejected, and no longer filling its field', async () => {
    const user = userEvent.setup();
    const crs = await tag('mild cytokine release syndrome (grade 1)', 'crs_grade');
    // The value as the form words it (the event with its grade and scale).
    const crsText = formatFieldValue(fieldOf('crs_grade'), crs.field!.value!);
    renderWithDatabase(db, <FormPanel />);
    const row = await waitFor(() => within(group(/^CRS grade/)).getByRole('listitem'), LOAD);
    await waitFor(() => expect(screen.getByRole('status', { name: 'Extraction completeness' })).toHaveTextContent('1 of 8 required'), LOAD);
    await user.click(within(row).getByRole('button', { name: `Reject ${crsText}` }));
    await user.type(within(row).getByRole('textbox', { name: `Reason for rejecting ${crsText} (optional)` }), 'describes another patient');
    await user.click(within(row).getByRole('button', { name: 'Reject value' }));
    await waitFor(() => expect(within(group(/^CRS grade/)).getByRole('listitem')).toHaveTextContent('rejected'), LOAD);
    const shown = within(group(/^CRS grade/)).getByRole('listitem');
    expect(shown).toHaveTextContent(crsText);
    expect(shown).toHaveTextContent(/Rejected by Ana Ruiz, .*: describes another patient/);
    expect(group(/^CRS grade/)).toHaveTextContent('Required · empty');
    expect(screen.getByRole('status', { name: 'Extraction completeness' })).toHaveTextContent('0 of 8 required');
    const stored = (await db.annotations.get(crs.id))!;
    expect(stored.deletedAt).toBeNull();
    expect(stored.field!.review).toMatchObject({ state: 'rejected', reason: 'describes another patient' });
    // Confirming it again brings it back.
    await user.click(within(shown).getByRole('button', { name: `Confirm ${crsText}` }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Extraction completeness' })).toHaveTextContent('1 of 8 required'), LOAD);
  });

  it('asks before Done while required fields are empty, names them, and records the override', async () => {
    const user = userEvent.setup();
    await tag('1 × 106 CAR T cells/kg', 'dose');
    renderWithDatabase(db, <FormPanel />);
    await waitFor(() => within(group(/^Dose/)).getByRole('listitem'), LOAD);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Review status of this document' }), 'done');
    const dialog = await screen.findByRole('dialog', { name: 'Mark as Done with 7 required fields empty?' });
    const listed = within(within(dialog).getByRole('list', { name: 'Required fields without a value' })).getAllByRole('listitem').map((li) => li.textContent);
    expect(listed).toEqual(['Design', 'Condition', 'Number of patients', 'Target antigen', 'Follow-up duration', 'CRS grade', 'ICANS grade']);
    // Without a reason nothing is written.
    await user.click(within(dialog).getByRole('button', { name: 'Mark Done anyway' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Please give a reason');
    expect((await db.statuses.get(docId))!.status).toBe('in-progress');
    await user.type(within(dialog).getByRole('textbox', { name: 'Why is the document done without them?' }), 'Safety data only in the supplement');
    await user.click(within(dialog).getByRole('button', { name: 'Mark Done anyway' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const status = (await db.statuses.get(docId))!;
    const reviewer = (await db.settings.get('reviewer'))!.value as { id: string };
    expect(status).toMatchObject({ status: 'done', override: { reason: 'Safety data only in the supplement', by: reviewer.id } });
    expect(status.override!.missingRequired.map((f) => f.label)).toEqual(listed);
    const entry = (await db.audit.toArray()).find((e) => e.action === 'status.done-override')!;
    expect(entry.after).toMatchObject({ status: 'done', override: { reason: 'Safety data only in the supplement' } });
    expect(await screen.findByRole('note')).toHaveTextContent(/Done was an override\. Marked Done by Ana Ruiz, .* with Design, .* empty: Safety data only in the supplement/);
  });

  it('sets any status other than Done at once, without a question', async () => {
    const user = userEvent.setup();
    renderWithDatabase(db, <FormPanel />);
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Review status of this document' }), 'unavailable');
    await waitFor(async () => expect((await db.statuses.get(docId))?.status).toBe('unavailable'));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
