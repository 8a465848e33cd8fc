// The per-patient section of the form (issue 10 item 4): patients as tabs, added, renamed and
// removed through the funnel (audited, kept across a reload), a value added in a patient's tab
// belonging to that patient, and a removal that asks and never drops values unasked.
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describe as describeRange } from '@shared/anchoring';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import type { DocumentId } from '@shared/model';
import { createAnnotation } from '../../../renderer/src/db/annotations';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf } from '../../../renderer/src/db/documents';
import { addInstance, instancesKey } from '../../../renderer/src/db/instances';
import { tagFromQuote } from '../../../renderer/src/document/field-values';
import { FormPanel } from '../../../renderer/src/features/fields/form-panel';
import { useAppStore } from '../../../renderer/src/store/app-store';
import { bundledDocuments } from '../../helpers/corpus';
import { deskWithCorpus, renderWithDatabase } from '../../helpers/desk';

const corpus = bundledDocuments();
const text = corpus[1]!.text;
const docId = documentIdOf(text) as DocumentId;
const fieldOf = (key: string) => DEFAULT_SCHEMA.sections.flatMap((s) => s.fields).find((f) => f.key === key)!;
let db: MarginDatabase;

beforeEach(async () => {
  db = await deskWithCorpus(docId);
});
afterEach(() => db.close());

const perPatient = () => screen.getByRole('region', { name: /^Per patient/ });

async function tagFor(quote: string, key: string, instance: string | null) {
  const at = text.indexOf(quote);
  return createAnnotation(db, { documentId: docId, target: describeRange(text, at, at + quote.length), color: 'purple', field: { ...tagFromQuote(DEFAULT_SCHEMA, fieldOf(key), quote), instance } });
}

describe('the per-patient section', () => {
  it('adds and renames patients as tabs, kept and audited, and adds a value to the patient shown', async () => {
    const user = userEvent.setup();
    const view = renderWithDatabase(db, <FormPanel />);
    const section = await waitFor(perPatient);
    expect(section).toHaveTextContent('No patients yet');
    await user.click(within(section).getByRole('button', { name: '+ Add patient' }));
    await user.click(within(section).getByRole('button', { name: '+ Add patient' }));
    await waitFor(() => expect(within(section).getAllByRole('tab').map((t) => t.textContent)).toEqual(['Patient 1 0', 'Patient 2 0']));
    // The new patient is the one shown.
    expect(within(section).getByRole('tab', { name: /^Patient 2/ })).toHaveAttribute('aria-selected', 'true');

    await user.click(within(section).getByRole('button', { name: 'Rename Patient 2' }));
    const name = within(section).getByRole('textbox', { name: 'Name of Patient 2' });
    await user.clear(name);
    await user.type(name, 'Index case (girl, 12){Enter}');
    await within(section).findByRole('tab', { name: /^Index case \(girl, 12\)/ });

    // Typed in the patient's tab, the value is that patient's.
    await user.click(within(within(section).getByRole('group', { name: 'Patient age' })).getByRole('button', { name: 'Add a value for Patient age without a source' }));
    await user.type(within(section).getByRole('textbox', { name: 'New value for Patient age' }), '12 years{Enter}');
    await waitFor(async () => expect((await db.annotations.toArray()).map((a) => [a.field?.fieldKey, a.field?.instance])).toEqual([['patient_age', 'patient-2']]));
    expect(within(section).getByRole('tab', { name: /^Index case/ })).toHaveTextContent('1');

    // Stored through the funnel: in the audit log, and back after a reload.
    const logged = await db.audit.filter((e) => e.key === instancesKey(docId)).toArray();
    expect(logged.map((e) => e.action)).toEqual(['instance.add', 'instance.add', 'instance.rename']);
    view.unmount();
    renderWithDatabase(db, <FormPanel />);
    expect((await waitFor(() => within(perPatient()).getAllByRole('tab'))).map((t) => t.textContent)).toEqual(['Patient 1 0', 'Index case (girl, 12) 1']);
  });

  it('moves between patients with the arrow keys and shows each one’s values only', async () => {
    const user = userEvent.setup();
    await addInstance(db, docId, 'patient');
    await addInstance(db, docId, 'patient');
    await tagFor('12-year-old', 'patient_age', 'patient-1');
    await tagFor('neutropenia (grade 4)', 'patient_cytopenias', 'patient-2');
    renderWithDatabase(db, <FormPanel />);
    const first = await waitFor(() => within(perPatient()).getByRole('tab', { name: /^Patient 1/ }));
    act(() => useAppStore.getState().setActiveInstance(docId, 'patient', 'patient-1'));
    const shownValues = () => within(within(perPatient()).getByRole('tabpanel')).getAllByRole('button', { name: /show its source in the text$/ }).map((b) => b.textContent);
    expect(shownValues()).toEqual(['12 years']);
    first.focus();
    await user.keyboard('{ArrowRight}');
    expect(within(perPatient()).getByRole('tab', { name: /^Patient 2/ })).toHaveFocus();
    expect(shownValues()).toEqual(['neutropenia grade 4 (CTCAE)']);
  });

  it('asks before removing a patient with values, and keeps them unassigned or removes them as chosen', async () => {
    const user = userEvent.setup();
    await addInstance(db, docId, 'patient');
    await addInstance(db, docId, 'patient');
    const age = await tagFor('12-year-old', 'patient_age', 'patient-1');
    const cytopenia = await tagFor('neutropenia (grade 4)', 'patient_cytopenias', 'patient-2');
    renderWithDatabase(db, <FormPanel />);
    await waitFor(() => within(perPatient()).getByRole('tab', { name: /^Patient 1/ }));
    act(() => useAppStore.getState().setActiveInstance(docId, 'patient', 'patient-1'));

    await user.click(within(perPatient()).getByRole('button', { name: 'Remove Patient 1' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove Patient 1?' });
    expect(dialog).toHaveTextContent('Patient 1 has 1 value. Remove them with it, or keep them as values of no patient?');
    await user.click(within(dialog).getByRole('button', { name: 'Keep its 1 value, not assigned' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const kept = (await db.annotations.get(age.id))!;
    expect([kept.deletedAt, kept.field!.instance, kept.field!.value]).toEqual([null, null, age.field!.value]);
    // Still in view, under a tab of its own.
    const none = await within(perPatient()).findByRole('tab', { name: /^Not assigned/ });
    await user.click(none);
    expect(within(perPatient()).getByRole('tabpanel')).toHaveTextContent('12 years');
    // …where it can be given to a patient again.
    await user.selectOptions(within(perPatient()).getByRole('combobox', { name: 'Patient of 12 years' }), 'patient-2');
    await waitFor(async () => expect((await db.annotations.get(age.id))!.field!.instance).toBe('patient-2'));

    await user.click(within(perPatient()).getByRole('tab', { name: /^Patient 2/ }));
    await user.click(within(perPatient()).getByRole('button', { name: 'Remove Patient 2' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Remove Patient 2?' })).getByRole('button', { name: 'Remove Patient 2 and its 2 values' }));
    await waitFor(async () => expect((await db.annotations.get(cytopenia.id))!.deletedAt).not.toBeNull());
    expect((await db.annotations.get(age.id))!.deletedAt).not.toBeNull();
    expect(await within(perPatient()).findByText(/No patients yet/)).toBeInTheDocument();
  });
});
