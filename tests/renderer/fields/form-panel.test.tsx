import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe as suite, expect, it, vi } from 'vitest';
import { describe } from '@shared/anchoring';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import type { ExtractionSchema } from '@shared/fields/types';
import type { Annotation, DocumentId } from '@shared/model';
import { createAnnotation } from '../../../renderer/src/db/annotations';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf } from '../../../renderer/src/db/documents';
import { activateSchema } from '../../../renderer/src/db/schemas';
import { tagFromQuote } from '../../../renderer/src/document/field-values';
import { FormPanel } from '../../../renderer/src/features/fields/form-panel';
import { bridge } from '../../../renderer/src/platform';
import { useAppStore } from '../../../renderer/src/store/app-store';
import { bundledDocuments } from '../../helpers/corpus';
import { deskWithCorpus, renderWithDatabase } from '../../helpers/desk';

const corpus = bundledDocuments();
const text = corpus[1]!.text;
const docId = documentIdOf(text) as DocumentId;
const fieldOf = (key: string) => DEFAULT_SCHEMA.sections.flatMap((s) => s.fields).find((f) => f.key === key)!;
let db: MarginDatabase;

async function tag(quote: string, key: string): Promise<Annotation> {
  const at = text.indexOf(quote);
  return createAnnotation(
    db,
    { documentId: docId, target: describe(text, at, at + quote.length), color: 'purple', field: tagFromQuote(DEFAULT_SCHEMA, fieldOf(key), quote) },
    { now: new Date().toISOString() });
}

beforeEach(async () => {
  db = await deskWithCorpus(docId);
});
afterEach(() => db.close());

const renderForm = () => renderWithDatabase(db, <FormPanel />);

const group = (name: RegExp) => screen.getByRole('group', { name });

suite('FormPanel', () => {
  it('shows every section and field in schema order and marks empty required fields', async () => {
    renderForm();
    const headings = await screen.findAllByRole('heading', { level: 3 });
    // The per-patient section says that it repeats.
    expect(headings.map((h) => h.textContent!.trim()).slice(0, 6)).toEqual(DEFAULT_SCHEMA.sections.map((s) => (s.repeat ? `${s.label} · one set per patient` : s.label)));
    expect(group(/^Dose \(required\)$/)).toHaveTextContent('Required · empty');
    expect(group(/^Trial phase$/)).not.toHaveTextContent('Required');
    // The per-patient section counts once the document has per-patient values; this one has none.
    const total = DEFAULT_SCHEMA.sections.filter((s) => !s.repeat).flatMap((s) => s.fields).length;
    expect(screen.getByRole('status', { name: 'Extraction completeness' })).toHaveTextContent(`0 of ${total} fields (0%); 0 of 8 required`);
  });

  it('shows each value with its status and quote, and the completeness it brings', async () => {
    await tag('1 × 106 CAR T cells/kg', 'dose');
    await tag('neutropenia (grade 4)', 'cytopenias');
    renderForm();
    await waitFor(() => expect(within(group(/^Dose/)).getAllByRole('listitem')).toHaveLength(1));
    const dose = within(group(/^Dose/)).getByRole('listitem');
    expect(dose).toHaveTextContent('1 × 10⁶ cells/kg');
    expect(dose).toHaveTextContent('needs confirmation');
    expect(dose).toHaveTextContent('Why: exponent read from flattened superscript: 10^6');
    expect(dose).toHaveTextContent('“1 × 106 CAR T cells/kg”');
    expect(group(/^Dose/)).not.toHaveTextContent('Required · empty');
    // The event is kept with its grade (issue 10), not "Grade 4 (CTCAE)" alone.
    expect(within(group(/^Cytopenias$/)).getByRole('listitem')).toHaveTextContent('neutropenia grade 4 (CTCAE)');
    const total = DEFAULT_SCHEMA.sections.filter((s) => !s.repeat).flatMap((s) => s.fields).length;
    expect(screen.getByRole('status', { name: 'Extraction completeness' })).toHaveTextContent(`2 of ${total} fields (${Math.floor((2 / total) * 100)}%); 1 of 8 required`);
  });

  it('asks the reader to scroll to and flash a value’s quote when it is clicked', async () => {
    const user = userEvent.setup();
    const created = await tag('neutropenia (grade 4)', 'cytopenias');
    renderForm();
    await user.click(await screen.findByRole('button', { name: 'neutropenia grade 4 (CTCAE): show its source in the text' }));
    expect(useAppStore.getState().flash).toMatchObject({ pane: 0, id: created.id });
  });

  it('confirms a value, corrects one by hand keeping its quote, and sets a qualifier', async () => {
    const user = userEvent.setup();
    const dose = await tag('1 × 106 CAR T cells/kg', 'dose');
    renderForm();
    const row = await waitFor(() => within(group(/^Dose/)).getByRole('listitem'));
    await user.click(within(row).getByRole('button', { name: 'Confirm 1 × 10⁶ cells/kg' }));
    // A person's confirmation, not a machine reading: who and when are kept beside the flagged reading.
    await waitFor(async () => expect((await db.annotations.get(dose.id))!.field!.review).toMatchObject({ state: 'confirmed', by: expect.any(String), at: expect.any(String) }));
    expect((await db.annotations.get(dose.id))!.field!.status).toBe('needs-confirmation');
    await user.click(within(row).getByRole('button', { name: 'Correct' }));
    const editor = within(row).getByRole('form', { name: 'Corrected value for Dose' });
    const amount = within(editor).getByRole('textbox', { name: 'Amount' });
    await user.clear(amount);
    await user.type(amount, '2{Enter}');
    await waitFor(async () =>
      expect((await db.annotations.get(dose.id))!.field).toMatchObject({ status: 'manual', value: { type: 'dose', value: 2_000_000, unit: 'cells', basis: 'per-kg', mantissa: 2, exponent: 6 } }),
    );
    expect((await db.annotations.get(dose.id))!.target!.quote.exact).toBe('1 × 106 CAR T cells/kg');
    // Typed over the quote it was read from: a correction.
    await waitFor(() => expect(within(group(/^Dose/)).getByRole('listitem')).toHaveTextContent('corrected'));
    const qualifier = within(group(/^Dose/)).getByRole('textbox', { name: /Qualifier of 2 × 10⁶ cells\/kg/ });
    await user.type(qualifier, 'single infusion');
    await user.tab();
    await waitFor(async () => expect((await db.annotations.get(dose.id))!.field!.qualifier).toBe('single infusion'));
  });

  it('refuses a correction that is not a number, saying why, and stores nothing', async () => {
    const user = userEvent.setup();
    const dose = await tag('1 × 106 CAR T cells/kg', 'dose');
    renderForm();
    const row = await waitFor(() => within(group(/^Dose/)).getByRole('listitem'));
    await user.click(within(row).getByRole('button', { name: 'Correct' }));
    const amount = within(row).getByRole('textbox', { name: 'Amount' });
    await user.clear(amount);
    await user.type(amount, 'lots{Enter}');
    expect(await within(row).findByRole('alert')).toHaveTextContent('Not saved: Amount: “lots” is not a number');
    expect((await db.annotations.get(dose.id))!.field!.status).toBe('needs-confirmation');
  });

  it('corrects a median with its IQR in a typed editor prefilled from the machine reading, storing exactly what was entered', async () => {
    const user = userEvent.setup();
    // The case report gives one patient's age; the reviewer records the cohort's median and IQR instead.
    const age = await tag('12-year-old', 'age');
    const machine = { type: 'summary-statistic', measure: null, value: 12, spread: null, unit: 'years' };
    expect(age.field!.value).toEqual(machine);
    renderForm();
    const row = await waitFor(() => within(group(/^Age$/)).getByRole('listitem'));
    await user.click(within(row).getByRole('button', { name: 'Correct' }));
    const editor = within(row).getByRole('form', { name: 'Corrected value for Age' });
    // Prefilled from what the machine read.
    expect(within(editor).getByRole('textbox', { name: 'Value' })).toHaveValue('12');
    expect(within(editor).getByRole('combobox', { name: 'Unit' })).toHaveValue('years');
    expect(within(editor).getByRole('combobox', { name: 'Median or mean' })).toHaveValue('');
    await user.selectOptions(within(editor).getByRole('combobox', { name: 'Median or mean' }), 'median');
    await user.selectOptions(within(editor).getByRole('combobox', { name: 'Spread' }), 'iqr');
    const value = within(editor).getByRole('textbox', { name: /^Value/ });
    await user.clear(value);
    await user.type(value, '46');
    await user.type(within(editor).getByRole('textbox', { name: 'IQR low' }), '38');
    await user.type(within(editor).getByRole('textbox', { name: 'IQR high' }), '55');
    await user.click(within(editor).getByRole('button', { name: 'Save correction' }));

    const entered = { type: 'summary-statistic', measure: 'median', value: 46, spread: { kind: 'iqr', low: 38, high: 55 }, unit: 'years' };
    await waitFor(async () => expect((await db.annotations.get(age.id))!.field!.value).toEqual(entered));
    const stored = (await db.annotations.get(age.id))!;
    const reviewer = (await db.settings.get('reviewer'))!.value as { id: string };
    expect(stored.field).toMatchObject({ status: 'manual', reason: null, machineReading: { value: machine, reason: null }, review: { state: 'corrected', by: reviewer.id } });
    expect(stored.field!.review!.at).toBe(stored.modifiedAt);
    expect(stored.target!.quote.exact).toBe('12-year-old');
    // The form shows what was entered, and the machine's reading beside it.
    const shown = await waitFor(() => {
      const item = within(group(/^Age$/)).getByRole('listitem');
      expect(item).toHaveTextContent('median 46 years (IQR 38–55)');
      return item;
    });
    expect(shown).toHaveTextContent(/corrected from 12 years/i);
    expect(shown).toHaveTextContent('corrected');

    // A second correction keeps the machine's reading, not the first correction.
    await user.click(within(shown).getByRole('button', { name: 'Correct' }));
    const again = within(shown).getByRole('form', { name: 'Corrected value for Age' });
    expect(within(again).getByRole('textbox', { name: 'IQR high' })).toHaveValue('55');
    const high = within(again).getByRole('textbox', { name: 'IQR high' });
    await user.clear(high);
    await user.type(high, '56{Enter}');
    await waitFor(async () => expect((await db.annotations.get(age.id))!.field!.value).toMatchObject({ spread: { kind: 'iqr', low: 38, high: 56 } }));
    expect((await db.annotations.get(age.id))!.field!.machineReading).toEqual({ value: machine, reason: null });
  });

  it('adds a value without a source, marked as such', async () => {
    const user = userEvent.setup();
    renderForm();
    await user.click(await screen.findByRole('button', { name: 'Add a value for Number of patients without a source' }));
    await user.type(screen.getByRole('textbox', { name: 'New value for Number of patients' }), '1');
    await user.click(screen.getByRole('button', { name: 'Add without source' }));
    await waitFor(() => expect(within(group(/^Number of patients/)).getByRole('listitem')).toHaveTextContent('entered by handno source'));
    const [stored] = await db.annotations.toArray();
    expect(stored).toMatchObject({ target: null, field: { fieldKey: 'patients_n', status: 'manual', value: { type: 'count', count: 1 } } });
  });

  it('keeps values of fields a new schema lacks and lists them outside the schema', async () => {
    await tag('1 × 106 CAR T cells/kg', 'dose');
    const slim: ExtractionSchema = {
      ...DEFAULT_SCHEMA,
      version: 2,
      sections: DEFAULT_SCHEMA.sections.map((s) => ({ ...s, fields: s.fields.filter((f) => f.key !== 'dose') })),
    };
    await activateSchema(db, slim, { now: new Date().toISOString() });
    renderForm();
    const outside = await screen.findByRole('region', { name: 'Values without a field' });
    expect(within(outside).getByRole('group', { name: 'Field dose (outside the schema)' })).toHaveTextContent('1 × 10⁶ cells/kg');
    expect(await db.annotations.count()).toBe(1);
  });

  it('imports a schema file, and refuses a wrong one naming the field while changing nothing', async () => {
    const user = userEvent.setup();
    const broken = { ...DEFAULT_SCHEMA, version: 3, sections: [{ key: 'safety', label: 'Safety', fields: [{ ...fieldOf('crs_grade'), scale: undefined }] }] };
    const open = vi.spyOn(bridge, 'openFiles').mockResolvedValueOnce([{ name: 'broken.json', bytes: new TextEncoder().encode(JSON.stringify(broken)) }]);
    renderForm();
    await user.click(await screen.findByRole('button', { name: 'Import schema…' }));
    expect(open).toHaveBeenCalledWith({ extensions: ['json'], multiple: false });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('broken.json was not imported');
    expect(alert).toHaveTextContent('crs_grade');
    expect(alert).toHaveTextContent('The active schema is unchanged.');
    expect(await db.schemas.count()).toBe(0);

    const renamed = { ...DEFAULT_SCHEMA, version: 4, title: 'Renamed schema' };
    open.mockResolvedValueOnce([{ name: 'good.json', bytes: new TextEncoder().encode(JSON.stringify(renamed)) }]);
    await user.click(screen.getByRole('button', { name: 'Import schema…' }));
    await waitFor(() => expect(screen.getByText(/Renamed schema/)).toBeInTheDocument());
    expect((await db.schemas.toArray()).filter((s) => s.active).map((s) => s.key)).toEqual(['car-t-autoimmune@4']);
  });
});
