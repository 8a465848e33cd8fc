// Two windows (two connections to one database) editing the same annotation: a change made in one
// is never reverted by a save in the other, and a clash on the same field refuses the second save.
import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { describe } from '@shared/anchoring';
import { createAnnotation, EditConflict, updateAnnotation } from '../../../renderer/src/db/annotations';
import { openDatabase } from '../../../renderer/src/db/database';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf, upsertDocuments } from '../../../renderer/src/db/documents';
import { bundledDocuments } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

const corpus = bundledDocuments();
const text = corpus[1]!.text;
const docId = documentIdOf(text);
let left: MarginDatabase;
let right: MarginDatabase;

beforeEach(async () => {
  left = freshDatabase();
  right = openDatabase(left.name);
  await upsertDocuments(left, corpus.slice(0, 2));
});
afterEach(() => {
  left.close();
  right.close();
});

async function annotation() {
  const quote = 'neutropenia (grade 4)';
  const at = text.indexOf(quote);
  return createAnnotation(left, { documentId: docId, target: describe(text, at, at + quote.length), color: 'yellow', field: null, note: 'first note', tags: ['safety'] });
}

suite('two windows on one annotation', () => {
  it('keeps the note one window saved when the other saves tags it edited from the same start', async () => {
    const start = await annotation();
    await updateAnnotation(right, start.id, { note: 'note from the right window' }, { base: { note: start.note } });
    await updateAnnotation(left, start.id, { tags: ['safety', 'haematology'] }, { base: { tags: start.tags } });
    const stored = (await left.annotations.get(start.id))!;
    expect(stored.note).toBe('note from the right window');
    expect(stored.tags).toEqual(['safety', 'haematology']);
  });

  it('refuses the second of two different notes written from the same start, and changes nothing', async () => {
    const start = await annotation();
    await updateAnnotation(right, start.id, { note: 'note from the right window' }, { base: { note: start.note } });
    const before = await left.annotations.get(start.id);
    await expect(updateAnnotation(left, start.id, { note: 'note from the left window' }, { base: { note: start.note } })).rejects.toBeInstanceOf(EditConflict);
    expect(await left.annotations.get(start.id)).toEqual(before);
    // Both writing the same words is no clash.
    await expect(updateAnnotation(left, start.id, { note: 'note from the right window' }, { base: { note: start.note } })).resolves.toMatchObject({ note: 'note from the right window' });
  });
});
