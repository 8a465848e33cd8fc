// @vitest-environment node
// The History view's words for issue 10's decisions: a confirmation or rejection of a value, and
// Done set over empty required fields with its reason.
import { describe, expect, it } from 'vitest';
import { describeEntry } from '@shared/audit/describe';
import type { Annotation, AuditEntry, ReviewStatus } from '@shared/model';
import { buildReview } from '../export/fixtures';

const review = buildReview();
const dose = review.input.annotations.find((a) => a.field?.fieldKey === 'dose')!;

function entry(table: AuditEntry['table'], before: unknown, after: unknown): AuditEntry {
  return { chain: 'c', seq: 1, at: '2026-12-01T10:00:00.000Z', actor: { id: 'r', name: 'Ana Ruiz' }, action: 'x', label: 'x', documentId: null, table, key: 'k', before, after, prevHash: '0'.repeat(64), hash: '0'.repeat(64) };
}

describe('describing review decisions in the history', () => {
  it('names a rejection with its reason, beside the state it replaced', () => {
    const rejected: Annotation = { ...dose, field: { ...dose.field!, review: { state: 'rejected', by: null, at: null, reason: 'other patient' } } };
    expect(describeEntry(entry('annotations', dose, rejected)).lines).toContainEqual({ what: 'Review', from: 'needs confirmation', to: 'rejected: other patient' });
  });

  it('gives Done over empty required fields and its reason', () => {
    const before: ReviewStatus = { documentId: dose.documentId, status: 'in-progress', updatedAt: 'x' };
    const after: ReviewStatus = { ...before, status: 'done', override: { missingRequired: [{ key: 'dose', label: 'Dose' }], reason: 'not reported', by: null, at: 'x' } };
    expect(describeEntry(entry('statuses', before, after)).lines).toEqual([
      { what: 'Review status', from: 'In progress', to: 'Done (override: 1 required field empty)' },
      { what: 'Reason for Done', from: null, to: '“not reported”' },
    ]);
  });

  it('says an imported document came with its text (and original PDF) when its entry logs them', () => {
    const added = { ...entry('documents', null, { id: 'k', title: 'CAR T in lupus' }), alongside: [{ table: 'texts' as const, key: 'k', before: null, after: { id: 'k', sha256: 'k', length: 3 } }] };
    expect(describeEntry(added).summary).toBe('Added the document “CAR T in lupus” with its text');
    const withPdf = { ...added, alongside: [...added.alongside, { table: 'originals' as const, key: 'k', before: null, after: { id: 'k' } }] };
    expect(describeEntry(withPdf).summary).toBe('Added the document “CAR T in lupus” with its text and original PDF');
    expect(describeEntry(entry('documents', null, { id: 'k', title: 'CAR T in lupus' })).summary).toBe('Added the document “CAR T in lupus”');
  });
});
