// The sync layout's pure mapping: records to a flat map of serialized values and back, document ids
// every device derives alike, and a document refusing records that do not belong in it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { DocumentId, ReviewerId } from '@shared/model';
import type { Review, ReviewId } from '@shared/review/model';
import { base58CheckEncode } from '@shared/sync/base58';
import { annotationKey, parseMeta, readRecords, recordPatch, reviewDocRecords, reviewerDocRecords, serializeMeta, syncDocOfAnnotation, syncDocumentId } from '@shared/sync/layout';
import type { SyncDocMeta } from '@shared/sync/layout';
import { annotationArb, progressArb } from './arbitraries';

const R = 'review-1' as ReviewId;
const D = 'doc-1' as DocumentId;
const A = 'reviewer-a' as ReviewerId;
const B = 'reviewer-b' as ReviewerId;

describe('sync document ids', () => {
  it('are Base58Check of 16 bytes, as automerge-repo expects (known vector)', () => {
    // Expected values printed by the bs58check package (automerge-repo's own encoder) for these bytes.
    expect(base58CheckEncode(new Uint8Array(16))).toBe('11111111111111114Ki9Gx');
    expect(base58CheckEncode(Uint8Array.from({ length: 16 }, (_, i) => i * 17))).toBe('148vjpuxYXixb8DcbaWyeGv2q3u');
  });

  it('differ for every different (kind, review, document, reviewer) and are stable', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (r, d, who) => {
        const metas: SyncDocMeta[] = [
          { kind: 'review', reviewId: r as ReviewId },
          { kind: 'consensus', reviewId: r as ReviewId, documentId: d as DocumentId },
          { kind: 'reviewer', reviewId: r as ReviewId, documentId: d as DocumentId, reviewerId: who as ReviewerId },
        ];
        const ids = metas.map(syncDocumentId);
        expect(new Set(ids).size).toBe(3);
        expect(metas.map(syncDocumentId)).toEqual(ids);
        for (const id of ids) expect(id).toMatch(/^[1-9A-HJ-NP-Za-km-z]+$/);
      }),
    );
  });

  it('headers round-trip and foreign ones are refused', () => {
    const meta: SyncDocMeta = { kind: 'reviewer', reviewId: R, documentId: D, reviewerId: A };
    expect(parseMeta(serializeMeta(meta))).toEqual(meta);
    expect(parseMeta('{"format":"other","version":1,"kind":"review","reviewId":"x"}')).toBeNull();
    expect(parseMeta('not json')).toBeNull();
    expect(parseMeta(JSON.stringify({ format: 'margin-sync', version: 1, kind: 'reviewer', reviewId: R, documentId: D }))).toBeNull();
  });
});

describe('records ↔ document content', () => {
  it('a reviewer document gives back exactly the annotations and progress written into it', () => {
    fc.assert(
      fc.property(fc.uniqueArray(annotationArb(R, D, A), { selector: (a) => a.id, maxLength: 20 }), fc.option(progressArb(R, D, A), { nil: null }), (annotations, progress) => {
        const meta: SyncDocMeta = { kind: 'reviewer', reviewId: R, documentId: D, reviewerId: A };
        const read = readRecords({ meta, records: reviewerDocRecords(annotations, progress) });
        expect(read.unreadable).toEqual([]);
        expect(read.annotations).toEqual([...annotations].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)));
        expect(read.progress).toEqual(progress);
      }),
    );
  });

  it('every record is one string value in a flat map, keyed by its own id', () => {
    fc.assert(
      fc.property(fc.uniqueArray(annotationArb(R, D, A), { selector: (a) => a.id, minLength: 1, maxLength: 5 }), (annotations) => {
        const records = reviewerDocRecords(annotations, null);
        expect(records.size).toBe(annotations.length);
        for (const a of annotations) expect(typeof records.get(annotationKey(a.id))).toBe('string');
      }),
    );
  });

  it("refuses another reviewer's annotation or progress written into a reviewer's document", () => {
    fc.assert(
      fc.property(annotationArb(R, D, B), progressArb(R, D, B), (foreign, progress) => {
        const meta: SyncDocMeta = { kind: 'reviewer', reviewId: R, documentId: D, reviewerId: A };
        const read = readRecords({ meta, records: reviewerDocRecords([foreign], progress) });
        expect(read.annotations).toEqual([]);
        expect(read.progress).toBeNull();
        expect(read.unreadable.sort()).toEqual([annotationKey(foreign.id), 'progress'].sort());
      }),
    );
  });

  it('a review keeps members that joined separately (one record each)', () => {
    const review: Review = {
      id: R,
      name: 'CAR-T review',
      protocolId: null,
      schemaKey: 'core@1',
      documentIds: [D],
      members: [
        { reviewerId: B, name: 'Bo', role: 'extractor', joinedAt: '2026-12-01T10:00:01.000Z' },
        { reviewerId: A, name: 'Ann', role: 'extractor', joinedAt: '2026-12-01T10:00:00.000Z' },
      ],
      blinded: true,
      createdAt: '2026-12-01T10:00:00.000Z',
      createdBy: A,
    };
    const fromA = reviewDocRecords({ ...review, members: [review.members[1]!] });
    const fromB = reviewDocRecords({ ...review, members: [review.members[0]!] });
    const merged = new Map([...fromA, ...fromB]);
    const read = readRecords({ meta: { kind: 'review', reviewId: R }, records: merged });
    expect(read.review?.members.map((m) => m.name)).toEqual(['Ann', 'Bo']);
  });

  it('routes consensus values to the consensus document and review work to its creator', () => {
    fc.assert(
      fc.property(annotationArb(R, D, A), fc.boolean(), (a, consensus) => {
        const annotation = consensus ? { ...a, consensus: { reviewId: R, takenFrom: B, sourceAnnotationId: null } } : a;
        expect(syncDocOfAnnotation(annotation)).toEqual(consensus ? { kind: 'consensus', reviewId: R, documentId: D } : { kind: 'reviewer', reviewId: R, documentId: D, reviewerId: A });
        expect(syncDocOfAnnotation({ ...a, reviewId: null })).toBeNull();
      }),
    );
  });

  it('a patch writes only what differs and never removes', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.string()), fc.dictionary(fc.string(), fc.string()), (c, d) => {
        const current = new Map(Object.entries(c));
        const desired = new Map(Object.entries(d));
        const { put } = recordPatch(current, desired);
        const after = new Map([...current, ...put]);
        for (const [k, v] of desired) expect(after.get(k)).toBe(v);
        for (const [k, v] of current) if (!desired.has(k)) expect(after.get(k)).toBe(v);
        for (const [k, v] of put) expect(current.get(k)).not.toBe(v);
      }),
    );
  });
});
