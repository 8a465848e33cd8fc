// @vitest-environment node
// The History's words for the assistant's decisions: an accepted or edited suggestion says so, a
// rejection names its field and quote.
import { describe, expect, it } from 'vitest';
import { describeEntry } from '@shared/audit/describe';
import type { AuditEntry } from '@shared/model';

const base = { chain: 'c', seq: 1, at: '2026-12-01T18:00:00.000Z', actor: { id: 'r', name: 'Ana Ruiz' }, label: 'x', documentId: null, prevHash: '', hash: '' };

describe('describing the assistant in the History', () => {
  it('names a rejected suggestion with its field and quote', () => {
    const entry: AuditEntry = { ...base, action: 'suggestion.reject', table: 'suggestionRejections', key: 'd|s', before: null, after: { fieldKey: 'study_design', quote: 'We describe a 12-year-old White male' } };
    expect(describeEntry(entry)).toEqual({ summary: 'Rejected a suggested value for study_design', lines: [{ what: 'Quote', from: null, to: '“We describe a 12-year-old White male”' }] });
  });

  it('says a value came from an accepted suggestion', () => {
    const after = { id: 'a', documentId: 'd', target: { position: { type: 'TextPositionSelector', start: 0, end: 4 }, quote: { type: 'TextQuoteSelector', exact: 'CD19', prefix: '', suffix: '' } }, color: 'purple', note: '', tags: [], field: { fieldKey: 'target_antigen', schemaId: 's', value: { type: 'single-choice', option: 'cd19' }, status: 'parsed', reason: null, qualifier: null }, creator: 'Ana Ruiz', createdAt: '', modifiedAt: '', deletedAt: null };
    const entry: AuditEntry = { ...base, action: 'suggestion.accept', table: 'annotations', key: 'a', before: null, after };
    expect(describeEntry(entry).summary).toMatch(/^Accepted a suggestion: added the value of target_antigen/);
  });
});
