// The assistant's decisions in the database: accepting writes a value in the state "accepted
// suggestion" (edited: "corrected", with the suggestion as the machine's reading), rejecting is
// remembered and leaves the suggestion out of the next run; each is audited, and rejections travel
// in backups.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackup, readBackup } from '@shared/export/backup';
import { suggestValues } from '@shared/assistant/suggest';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import type { DocumentId } from '@shared/model';
import { readAllTables, restoreBackup } from '../../../renderer/src/db/backup';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf, upsertDocuments } from '../../../renderer/src/db/documents';
import { acceptSuggestion, omissionAlerts, rejectSuggestion, rejectedSuggestionIds, suggestForDocument } from '../../../renderer/src/db/suggestions';
import { bundledDocuments } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

const NOW = '2026-12-01T18:00:00.000Z';
let db: MarginDatabase;
let jdm: DocumentId;
let text: string;

beforeEach(async () => {
  db = freshDatabase();
  const documents = bundledDocuments();
  await upsertDocuments(db, documents, { now: NOW });
  text = documents[1]!.text;
  jdm = documentIdOf(text);
});
afterEach(async () => {
  db.close();
});

const suggestionFor = (field: string) => suggestValues(text, DEFAULT_SCHEMA).suggestions.find((s) => s.fieldKey === field)!;

describe('suggestion decisions', () => {
  it('accepts a suggestion as a value with its quote and the state "accepted suggestion", audited', async () => {
    const crs = suggestionFor('crs_grade');
    const created = await acceptSuggestion(db, { documentId: jdm, suggestion: crs, schemaId: 'car-t-autoimmune@2', color: 'red' }, { now: NOW });
    expect(created.field).toMatchObject({ fieldKey: 'crs_grade', value: crs.value, review: { state: 'accepted-suggestion', at: NOW } });
    expect(created.target).toEqual(crs.target);
    const audit = await db.audit.toArray();
    expect(audit.some((e) => e.action === 'suggestion.accept' && e.table === 'annotations' && e.key === created.id)).toBe(true);
    expect((await db.statuses.get(jdm))?.status).toBe('in-progress');
    // Suggesting again leaves out what is now tagged from the same words.
    const again = await suggestForDocument(db, jdm, DEFAULT_SCHEMA);
    expect(again!.suggestions.some((s) => s.fieldKey === 'crs_grade')).toBe(false);
  });

  it('an edited suggestion is a correction that keeps what was suggested', async () => {
    const dose = suggestionFor('dose');
    const edited = { type: 'dose', value: 1e6, unit: 'CAR+ cells', basis: 'per-kg', mantissa: 1, exponent: 6 } as const;
    const created = await acceptSuggestion(db, { documentId: jdm, suggestion: dose, schemaId: 'car-t-autoimmune@2', color: 'purple', edited }, { now: NOW });
    expect(created.field).toMatchObject({ value: edited, status: 'manual', review: { state: 'corrected' }, machineReading: { value: dose.value } });
  });

  it('remembers a rejection (audited), leaves it out of the next run, and keeps it through a backup', async () => {
    const design = suggestionFor('study_design');
    await rejectSuggestion(db, jdm, design, { now: NOW });
    expect(await rejectedSuggestionIds(db, jdm)).toEqual(new Set([design.id]));
    expect((await db.audit.toArray()).some((e) => e.action === 'suggestion.reject' && e.table === 'suggestionRejections')).toBe(true);
    const again = await suggestForDocument(db, jdm, DEFAULT_SCHEMA);
    expect(again!.suggestions.some((s) => s.id === design.id)).toBe(false);
    expect(again!.suggestions.length).toBeGreaterThan(5);

    const file = createBackup(await readAllTables(db), NOW);
    const read = readBackup(file);
    if (!read.ok) throw new Error(read.reason);
    expect(read.backup.data.suggestionRejections).toHaveLength(1);
    const restored = freshDatabase();
    await restoreBackup(restored, read.backup.data, 'replace', { now: NOW });
    expect(await rejectedSuggestionIds(restored, jdm)).toEqual(new Set([design.id]));
    restored.close();
  });

  it('lists empty fields the text mentions, and drops one once it has a value', async () => {
    const before = await omissionAlerts(db, jdm, DEFAULT_SCHEMA);
    expect(before.find((a) => a.key === 'cytopenias')?.sentence).toContain('neutropenia (grade 4)');
    await acceptSuggestion(db, { documentId: jdm, suggestion: suggestionFor('cytopenias'), schemaId: 'car-t-autoimmune@2', color: 'red' }, { now: NOW });
    const after = await omissionAlerts(db, jdm, DEFAULT_SCHEMA);
    expect(after.some((a) => a.key === 'cytopenias')).toBe(false);
    expect(after.some((a) => a.key === 'icans_grade')).toBe(true);
  });
});
