// Importing JSON-LD is idempotent: a reviewer's own export brought back changes nothing, the same
// file imported twice adds its annotations once, and an annotation without an id of ours is known
// by its target, body and creator. What is skipped is counted as already in Margin.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describe as describeSelectors } from '@shared/anchoring';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { webAnnotationJsonLd } from '@shared/export/web-annotation';
import type { DocumentId } from '@shared/model';
import { createAnnotation, reviewValue } from '../../../renderer/src/db/annotations';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf, upsertDocuments } from '../../../renderer/src/db/documents';
import { loadExportInput } from '../../../renderer/src/db/exports';
import { readReviewerNames } from '../../../renderer/src/db/reviewers';
import { saveReviewer } from '../../../renderer/src/db/settings';
import { tagFromQuote } from '../../../renderer/src/document/field-values';
import { importAnnotationText } from '../../../renderer/src/features/export/import-annotations';
import { bundledDocuments } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

const corpus = bundledDocuments();
const text = corpus[1]!.text;
const docId = documentIdOf(text) as DocumentId;
const NOW = '2026-12-01T12:00:00.000Z';
const dose = DEFAULT_SCHEMA.sections.flatMap((s) => s.fields).find((f) => f.key === 'dose')!;
let db: MarginDatabase;
let other: MarginDatabase;

const at = (quote: string) => {
  const start = text.indexOf(quote);
  return describeSelectors(text, start, start + quote.length);
};

/** Three annotations by Ana: a highlight with a note and tags, a confirmed value, and a value without a quote. */
async function reviewByAna(target: MarginDatabase): Promise<void> {
  await saveReviewer(target, { name: 'Ana Ruiz', initials: '' }, { now: NOW });
  await createAnnotation(target, { documentId: docId, target: at('neutropenia (grade 4)'), color: 'red', note: 'Severe', tags: ['safety'] }, { now: NOW });
  const value = await createAnnotation(target, { documentId: docId, target: at('1 × 106 CAR T cells/kg'), color: 'purple', field: tagFromQuote(DEFAULT_SCHEMA, dose, '1 × 106 CAR T cells/kg') }, { now: NOW });
  await reviewValue(target, value.id, { state: 'confirmed' }, { now: NOW });
  await createAnnotation(
    target,
    { documentId: docId, target: null, color: 'blue', field: { fieldKey: 'patients_n', schemaId: 'car-t-autoimmune@1', value: { type: 'count', count: 1 }, status: 'manual', reason: null, qualifier: null } },
    { now: NOW },
  );
}

async function exportAll(from: MarginDatabase): Promise<string> {
  return webAnnotationJsonLd(await loadExportInput(from, 'all', NOW));
}

async function counts(target: MarginDatabase) {
  return { annotations: await target.annotations.count(), audit: await target.audit.count(), statuses: await target.statuses.count() };
}

beforeEach(async () => {
  db = freshDatabase();
  other = freshDatabase();
  await upsertDocuments(db, corpus, { now: NOW });
  await upsertDocuments(other, corpus, { now: NOW });
});
afterEach(() => {
  db.close();
  other.close();
});

describe('importing JSON-LD twice', () => {
  it('changes nothing when a reviewer re-imports their own export, and says all of it is already in Margin', async () => {
    await reviewByAna(db);
    const file = await exportAll(db);
    const before = await counts(db);
    const stored = await db.annotations.toArray();
    const result = await importAnnotationText(db, file, 'Ana Ruiz', NOW);
    expect(result).toMatchObject({ added: 0, alreadyPresent: 3, report: { total: 3, error: null } });
    expect(await counts(db)).toEqual(before);
    expect(await db.annotations.toArray()).toEqual(stored);
  });

  it('adds another reviewer’s annotations once, however often the file is imported', async () => {
    await reviewByAna(other);
    const file = await exportAll(other);
    const first = await importAnnotationText(db, file, 'Ben', NOW);
    expect(first).toMatchObject({ added: 3, alreadyPresent: 0 });
    const after = await counts(db);
    const second = await importAnnotationText(db, file, 'Ben', NOW);
    expect(second).toMatchObject({ added: 0, alreadyPresent: 3, report: { total: 3 } });
    expect(await counts(db)).toEqual(after);
    // The confirmation keeps its reviewer, named through the directory the import filled.
    const value = (await db.annotations.toArray()).find((a) => a.field?.fieldKey === 'dose')!;
    const ana = ((await other.settings.get('reviewer'))!.value as { id: string }).id;
    expect(value.field!.review).toMatchObject({ state: 'confirmed', by: ana, at: NOW });
    expect(value.creatorId).toBe(ana);
    expect((await readReviewerNames(db)).get(ana)).toBe('Ana Ruiz');
  });

  it('knows an annotation without one of our ids by its target, body and creator', async () => {
    await reviewByAna(other);
    const json = JSON.parse(await exportAll(other));
    // Another tool's copy: ids of its own, so only the content can say it is the same annotation.
    for (const [i, item] of json.first.items.entries()) item.id = `https://example.org/annotations/${i}`;
    const file = JSON.stringify(json);
    expect(await importAnnotationText(db, file, 'Ben', NOW)).toMatchObject({ added: 3, alreadyPresent: 0 });
    const renamed = JSON.stringify({ ...json, first: { ...json.first, items: json.first.items.map((item: { id: string }) => ({ ...item, id: `${item.id}-copy` })) } });
    expect(await importAnnotationText(db, renamed, 'Ben', NOW)).toMatchObject({ added: 0, alreadyPresent: 3 });
    // A different note is a different annotation.
    json.first.items[0].body = [{ type: 'TextualBody', purpose: 'commenting', value: 'Another reading', format: 'text/plain' }];
    json.first.items[0].id = 'https://example.org/annotations/new';
    expect(await importAnnotationText(db, JSON.stringify(json), 'Ben', NOW)).toMatchObject({ added: 1, alreadyPresent: 2 });
  });
});
