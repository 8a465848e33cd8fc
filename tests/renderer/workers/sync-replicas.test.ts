// @vitest-environment node
// Issue 11 acceptance: three replicas (two extractors, one adjudicator) work offline and exchange
// changes in random order, by bundle and over an in-process network; they end identical, no value
// is lost or altered, and no extractor ever holds the other's work before both marked it Done.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Annotation, AnnotationId, ReviewerId } from '@shared/model';
import type { ReviewerProgress } from '@shared/review/model';
import { annotationKey, readRecords, reviewDocRecords, reviewerDocRecords, consensusDocRecords, syncDocumentId } from '@shared/sync/layout';
import type { SyncDocMeta } from '@shared/sync/layout';
import type { SyncReplica } from '../../../renderer/src/workers/sync-replica';
import { ANN, BO, CAL, DOCS, REVIEW, REVIEW_ID, exchangeByNetwork, makeReplica, settle } from './sync-fixtures';

type Who = 'A' | 'B' | 'C';
const ID: Record<Who, ReviewerId> = { A: ANN, B: BO, C: CAL };

type Op =
  | { kind: 'annotate'; who: Who; doc: 0 | 1; slot: number; note: string }
  | { kind: 'done'; who: 'A' | 'B'; doc: 0 | 1 }
  | { kind: 'exchange'; from: Who; to: Who; via: 'bundle' | 'network' };

const who = fc.constantFrom<Who>('A', 'B', 'C');
const doc = fc.constantFrom<0 | 1>(0, 1);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('annotate' as const), who, doc, slot: fc.integer({ min: 0, max: 3 }), note: fc.string({ maxLength: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('done' as const), who: fc.constantFrom<'A' | 'B'>('A', 'B'), doc }) },
  {
    weight: 2,
    arbitrary: fc
      .record({ kind: fc.constant('exchange' as const), from: who, to: who, via: fc.constantFrom<'bundle' | 'network'>('bundle', 'network') })
      .filter((o) => o.from !== o.to),
  },
);

let clock = 0;
const tick = () => new Date(Date.UTC(2026, 11, 1, 10, 0, 0, clock++)).toISOString();

function annotation(owner: Who, documentIndex: 0 | 1, slot: number, note: string): Annotation {
  const at = tick();
  const base: Annotation = {
    id: `${owner}-${documentIndex}-${slot}` as AnnotationId,
    documentId: DOCS[documentIndex]!,
    target: null,
    color: 'yellow',
    note,
    tags: [],
    field: null,
    creator: owner,
    creatorId: ID[owner],
    createdAt: at,
    modifiedAt: at,
    deletedAt: null,
    reviewId: REVIEW_ID,
  };
  return owner === 'C' ? { ...base, consensus: { reviewId: REVIEW_ID, takenFrom: null, sourceAnnotationId: null } } : base;
}

function metaOf(owner: Who, documentIndex: 0 | 1): SyncDocMeta {
  const documentId = DOCS[documentIndex]!;
  return owner === 'C' ? { kind: 'consensus', reviewId: REVIEW_ID, documentId } : { kind: 'reviewer', reviewId: REVIEW_ID, documentId, reviewerId: ID[owner] };
}

async function markDone(replica: SyncReplica, owner: 'A' | 'B', documentIndex: 0 | 1): Promise<void> {
  const progress: ReviewerProgress = { reviewId: REVIEW_ID, documentId: DOCS[documentIndex]!, reviewerId: ID[owner], status: 'done', updatedAt: tick() };
  await replica.write(metaOf(owner, documentIndex), reviewerDocRecords([], progress));
  await replica.write(replica.reviewMeta, reviewDocRecords(null, [progress]));
}

async function exchangeByBundle(from: SyncReplica, to: SyncReplica): Promise<void> {
  // The bytes a bundle carries: each of the sender's own documents, saved (signing is the renderer's, tested there).
  await to.importDocs(await from.exportDocs());
}

/** No extractor holds the other extractor's values for a document unless both have marked it Done. */
async function blindingHeld(replicas: Record<Who, SyncReplica>): Promise<void> {
  for (const [self, other] of [['A', 'B'], ['B', 'A']] as const) {
    const r = replicas[self];
    const review = await r.read(r.reviewMeta);
    for (const i of [0, 1] as const) {
      const content = await r.readLocal(syncDocumentId(metaOf(other, i)));
      const held = content === null ? [] : readRecords(content).annotations;
      if (held.length === 0) continue;
      const done = (id: ReviewerId) => review?.reviewProgress.some((p) => p.documentId === DOCS[i] && p.reviewerId === id && p.status === 'done');
      expect(done(ANN) && done(BO), `${self} holds ${other}'s work on ${DOCS[i]} before both were Done`).toBe(true);
    }
  }
}

describe('three replicas of a blinded review', () => {
  it('end identical after random offline work and exchanges, losing and altering nothing', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 3, maxLength: 10 }), async (ops) => {
        const replicas: Record<Who, SyncReplica> = { A: makeReplica(ANN), B: makeReplica(BO), C: makeReplica(CAL) };
        // Each device is told of the review as its invitation describes it: the same review record.
        for (const r of Object.values(replicas)) await r.write(r.reviewMeta, reviewDocRecords(REVIEW));
        // What each owner last wrote: the values that must arrive, unaltered, everywhere.
        const expected = new Map<string, Map<string, string>>();
        for (const op of ops) {
          if (op.kind === 'annotate') {
            const a = annotation(op.who, op.doc, op.slot, op.note);
            const records = op.who === 'C' ? consensusDocRecords([a]) : reviewerDocRecords([a], null);
            await replicas[op.who].write(metaOf(op.who, op.doc), records);
            const id = syncDocumentId(metaOf(op.who, op.doc));
            if (!expected.has(id)) expected.set(id, new Map());
            expected.get(id)!.set(annotationKey(a.id), records.get(annotationKey(a.id))!);
          } else if (op.kind === 'done') {
            await markDone(replicas[op.who], op.who, op.doc);
          } else if (op.via === 'bundle') {
            await exchangeByBundle(replicas[op.from], replicas[op.to]);
          } else {
            await exchangeByNetwork(replicas[op.from], replicas[op.to]);
          }
          await blindingHeld(replicas);
        }
        // The end of the review: both extractors finish every document, then everyone meets.
        for (const i of [0, 1] as const) for (const e of ['A', 'B'] as const) await markDone(replicas[e], e, i);
        await exchangeByBundle(replicas.A, replicas.C);
        await exchangeByBundle(replicas.B, replicas.C);
        expect(await exchangeByNetwork(replicas.C, replicas.A)).toBe(true);
        expect(await exchangeByNetwork(replicas.C, replicas.B)).toBe(true);
        expect(await settle(replicas.A, replicas.B, 10)).toBe(true);
        for (const [id, records] of expected) {
          for (const r of Object.values(replicas)) {
            const content = await r.readLocal(id);
            expect(content, `${r.who.reviewerId} lacks ${id}`).not.toBeNull();
            for (const [key, value] of records) expect(content!.records.get(key)).toBe(value);
          }
        }
        const contents = await Promise.all(
          Object.values(replicas).map(async (r) => {
            const all: string[] = [];
            for (const [id] of await r.reviewDocs()) {
              const c = await r.readLocal(id);
              all.push(`${id}=${c === null ? 'none' : JSON.stringify([...c.records].sort())}`);
            }
            return all.sort().join('\n');
          }),
        );
        expect(contents[1]).toBe(contents[0]);
        expect(contents[2]).toBe(contents[0]);
        await Promise.all(Object.values(replicas).map((r) => r.repo.shutdown()));
      }),
      { numRuns: 8 },
    );
  });
});
