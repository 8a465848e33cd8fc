// @vitest-environment node
// The History view's words for a note on the whole document: named as a document note (not "a
// highlight"), with its text when added and the change of text when edited.
import { describe, expect, it } from 'vitest';
import { describeEntry } from '@shared/audit/describe';
import type { Annotation, AuditEntry } from '@shared/model';
import { annotate, buildReview } from '../export/fixtures';

function entry(before: unknown, after: unknown): AuditEntry {
  return { chain: 'c', seq: 1, at: '2026-12-01T10:00:00.000Z', actor: { id: 'r', name: 'Ana Ruiz' }, action: 'x', label: 'x', documentId: null, table: 'annotations', key: 'k', before, after, prevHash: '0'.repeat(64), hash: '0'.repeat(64) };
}

describe('describing document notes in the history', () => {
  const note: Annotation = annotate(buildReview().doc('001'), null, { note: 'Excluded: wrong population' });

  it('says a document note was added, with its text', () => {
    expect(describeEntry(entry(null, note))).toEqual({ summary: 'Added a document note', lines: [{ what: 'Note', from: null, to: '“Excluded: wrong population”' }] });
  });

  it('says it was changed or removed', () => {
    const edited = { ...note, note: 'Excluded: wrong intervention' };
    expect(describeEntry(entry(note, edited))).toEqual({ summary: 'Changed a document note', lines: [{ what: 'Note', from: '“Excluded: wrong population”', to: '“Excluded: wrong intervention”' }] });
    expect(describeEntry(entry(note, { ...note, deletedAt: '2026-12-01T11:00:00.000Z' })).summary).toBe('Removed a document note');
  });
});
