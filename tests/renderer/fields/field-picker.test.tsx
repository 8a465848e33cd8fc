import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import type { DocumentId } from '@shared/model';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf } from '../../../renderer/src/db/documents';
import { bestFieldFor, FieldPicker, filterFields } from '../../../renderer/src/features/fields/field-picker';
import { addInstance } from '../../../renderer/src/db/instances';
import { useAppStore } from '../../../renderer/src/store/app-store';
import { bundledDocuments } from '../../helpers/corpus';
import { deskWithCorpus, renderWithDatabase } from '../../helpers/desk';

const corpus = bundledDocuments();
const text = corpus[1]!.text;
const docId = documentIdOf(text) as DocumentId;
let db: MarginDatabase;

beforeEach(async () => {
  db = await deskWithCorpus();
});
afterEach(() => db.close());

function selectQuote(quote: string) {
  const start = text.indexOf(quote);
  act(() => {
    useAppStore.getState().openDocument(docId, 0);
    useAppStore.getState().setSelection({ pane: 0, documentId: docId, start, end: start + quote.length, quote });
    useAppStore.getState().openFieldPicker();
  });
}

const renderPicker = () => renderWithDatabase(db, <FieldPicker />);

describe('filterFields', () => {
  it('finds fields by label, section and key, names before guidance', () => {
    expect(filterFields(DEFAULT_SCHEMA, 'dose')[0]!.field.key).toBe('dose');
    expect(filterFields(DEFAULT_SCHEMA, 'crs')[0]!.field.key).toBe('crs_grade');
    expect(filterFields(DEFAULT_SCHEMA, 'safety').every((c) => c.sectionKey === 'safety' || !/safety/i.test(c.field.label))).toBe(true);
    expect(filterFields(DEFAULT_SCHEMA, '')).toHaveLength(DEFAULT_SCHEMA.sections.flatMap((s) => s.fields).length);
    expect(filterFields(DEFAULT_SCHEMA, 'zzzz')).toEqual([]);
  });
});

describe('FieldPicker', () => {
  it('is closed until the reviewer asks for it with text selected', () => {
    renderPicker();
    expect(screen.queryByRole('dialog')).toBeNull();
    act(() => useAppStore.getState().openFieldPicker());
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('filters as the reviewer types, moves with the arrow keys and tags with Enter', async () => {
    const user = userEvent.setup();
    selectQuote('neutropenia (grade 4)');
    renderPicker();
    const dialog = screen.getByRole('dialog', { name: 'Tag the selection as a field' });
    expect(dialog).toHaveTextContent('“neutropenia (grade 4)”');
    const input = within(dialog).getByRole('combobox', { name: 'Find a field' });
    expect(input).toHaveFocus();
    await user.type(input, 'grade');
    const options = within(dialog).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(expect.arrayContaining([expect.stringContaining('CRS grade'), expect.stringContaining('ICANS grade')]));
    expect(options[0]).toHaveAttribute('aria-selected', 'true');
    await user.clear(input);
    await user.type(input, 'cytopenia');
    expect(within(dialog).getAllByRole('option')[0]).toHaveTextContent('Cytopenias');
    await user.keyboard('{ArrowDown}{ArrowUp}{Enter}');
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(async () => expect(await db.annotations.count()).toBe(1));
    const [created] = await db.annotations.toArray();
    expect(created!.field).toMatchObject({ fieldKey: 'cytopenias', status: 'parsed', value: { type: 'graded-event', event: 'neutropenia', scale: 'CTCAE', grade: 4, bound: 'exact', timePoint: null } });
    expect(created!.target!.quote.exact).toBe('neutropenia (grade 4)');
    expect(created!.color).toBe('red');
    expect((await db.statuses.get(docId))!.status).toBe('in-progress');
    expect(useAppStore.getState().sideTab).toBe('extraction');
  });

  it('marks a flattened exponent for confirmation', async () => {
    const user = userEvent.setup();
    selectQuote('1 × 106 CAR T cells/kg');
    renderPicker();
    await user.type(screen.getByRole('combobox', { name: 'Find a field' }), 'dose{Enter}');
    await waitFor(async () => expect(await db.annotations.count()).toBe(1));
    const [created] = await db.annotations.toArray();
    expect(created!.field).toMatchObject({ fieldKey: 'dose', status: 'needs-confirmation', value: { type: 'dose', value: 1_000_000, unit: 'cells', basis: 'per-kg', mantissa: 1, exponent: 6 } });
    expect(created!.field!.reason).toMatch(/10\^6/);
  });

  it('closes with Escape without tagging, and says when nothing matches', async () => {
    const user = userEvent.setup();
    selectQuote('neutropenia (grade 4)');
    renderPicker();
    await user.type(screen.getByRole('combobox', { name: 'Find a field' }), 'qqqq');
    expect(screen.getByText('No field matches “qqqq”.')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await db.annotations.count()).toBe(0);
  });
});

describe('bestFieldFor', () => {
  it.each<[string, string | null, string | null]>([
    // A term of the field in the quote counts most…
    ['grade 2 cytokine release syndrome (CRS)', null, 'crs_grade'],
    ['ICANS grade 1 on day 5', null, 'icans_grade'],
    ['neutropenia (grade 4)', null, 'cytopenias'],
    // …then a clean reading as the field's type.
    ['1 × 10⁶ CAR T cells/kg', null, 'dose'],
    ['Five out of seven participants maintained the response', null, 'responders'],
    // Nothing to go on: the field tagged last, or none.
    ['The authors thank the family.', 'setting', 'setting'],
    ['The authors thank the family.', null, null],
  ])('“%s” (last: %s) → %s', (quote, last, expected) => {
    expect(bestFieldFor(DEFAULT_SCHEMA, quote, last)).toBe(expected);
  });
});

describe('FieldPicker, as a case series is tagged', () => {
  const active = () => within(screen.getByRole('listbox', { name: 'Fields' })).getAllByRole('option').find((o) => o.getAttribute('aria-selected') === 'true');

  it('names the document it tags into', async () => {
    selectQuote('neutropenia (grade 4)');
    renderPicker();
    const dialog = screen.getByRole('dialog', { name: 'Tag the selection as a field' });
    await waitFor(() => expect(dialog).toHaveTextContent('Document: Nicolai et al., 2024 · Autologous CD19-Targeting CAR T Cells in a Patient With…'));
  });

  it('preselects the field the text fits, not the first one, and Enter tags it', async () => {
    const user = userEvent.setup();
    selectQuote('neutropenia (grade 4)');
    renderPicker();
    expect(active()).toHaveTextContent('Cytopenias');
    expect(active()).not.toHaveTextContent('Design');
    await user.keyboard('{Enter}');
    await waitFor(async () => expect((await db.annotations.toArray()).map((a) => a.field?.fieldKey)).toEqual(['cytopenias']));
    expect(useAppStore.getState().lastFieldKey).toBe('cytopenias');
  });

  it('falls back to the field tagged last when the text suggests none', () => {
    act(() => useAppStore.getState().setLastFieldKey('setting'));
    const quote = text.slice(0, 12);
    expect(bestFieldFor(DEFAULT_SCHEMA, quote, null)).toBeNull();
    selectQuote(quote);
    renderPicker();
    expect(active()).toHaveTextContent('Setting / centre');
  });

  it('asks which patient for a per-patient field, with the last one preselected, and can add a new one', async () => {
    const user = userEvent.setup();
    await addInstance(db, docId, 'patient');
    await addInstance(db, docId, 'patient', 'Index case');
    act(() => useAppStore.getState().setActiveInstance(docId, 'patient', 'patient-2'));
    selectQuote('neutropenia (grade 4)');
    renderPicker();
    await user.type(screen.getByRole('combobox', { name: 'Find a field' }), 'cytopenias per patient{Enter}');
    const which = await screen.findByRole('dialog', { name: 'Which patient?' });
    const patients = within(which).getByRole('listbox', { name: 'Patients' });
    await waitFor(() => expect(patients).toHaveFocus());
    expect(within(patients).getAllByRole('option').map((o) => [o.textContent, o.getAttribute('aria-selected')])).toEqual([
      ['Patient 1', 'false'],
      ['Index case', 'true'],
      ['New patientadded to this document', 'false'],
    ]);
    await user.keyboard('{Enter}');
    await waitFor(async () => expect((await db.annotations.toArray()).map((a) => [a.field?.fieldKey, a.field?.instance])).toEqual([['patient_cytopenias', 'patient-2']]));

    // The next tag for a new patient: ArrowDown to "New patient".
    selectQuote('transient anemia (grade 2)');
    await user.type(screen.getByRole('combobox', { name: 'Find a field' }), 'cytopenias per patient{Enter}');
    await screen.findByRole('dialog', { name: 'Which patient?' });
    await user.keyboard('{ArrowDown}{Enter}');
    await waitFor(async () => expect((await db.annotations.toArray()).map((a) => a.field?.instance).sort()).toEqual(['patient-2', 'patient-3']));
    expect(useAppStore.getState().activeInstances.get(`${docId} patient`)).toBe('patient-3');
  });
});

