// Replicas of a team review for the sync tests and the bench: a Repo per device, joined in-process
// (MessageChannel) or by bundle, and a wait until two replicas agree on every document both may hold.
import '@automerge/automerge';
import { Repo } from '@automerge/automerge-repo';
import type { DocumentId, NetworkAdapterInterface, PeerId, StorageAdapterInterface } from '@automerge/automerge-repo';
import { MessageChannelNetworkAdapter } from '@automerge/automerge-repo-network-messagechannel';
import * as A from '@automerge/automerge/slim';
import type { DocumentId as MarginDocumentId, ReviewerId } from '@shared/model';
import type { Review, ReviewId } from '@shared/review/model';
import { peerIdFor } from '@shared/sync/peer';
import { syncDocumentId } from '@shared/sync/layout';
import { SyncReplica } from '../../../renderer/src/workers/sync-replica';

export const REVIEW_ID = 'review-car-t' as ReviewId;
export const DOCS = ['doc-0', 'doc-1'] as MarginDocumentId[];
export const ANN = 'ann-a' as ReviewerId;
export const BO = 'bo-b' as ReviewerId;
export const CAL = 'cal-c' as ReviewerId;

export const REVIEW: Review = {
  id: REVIEW_ID,
  name: 'CAR-T in lupus',
  protocolId: 'CRD42025012345',
  schemaKey: 'core@1',
  documentIds: DOCS,
  members: [
    { reviewerId: ANN, name: 'Ann', role: 'extractor', joinedAt: '2026-12-01T09:00:00.000Z' },
    { reviewerId: BO, name: 'Bo', role: 'extractor', joinedAt: '2026-12-01T09:00:01.000Z' },
    { reviewerId: CAL, name: 'Cal', role: 'adjudicator', joinedAt: '2026-12-01T09:00:02.000Z' },
  ],
  blinded: true,
  createdAt: '2026-12-01T09:00:00.000Z',
  createdBy: CAL,
};

export function makeReplica(reviewerId: ReviewerId, options: { storage?: StorageAdapterInterface; network?: NetworkAdapterInterface[]; reviewId?: ReviewId } = {}): SyncReplica {
  const who = { reviewId: options.reviewId ?? REVIEW_ID, reviewerId };
  let replica: SyncReplica | null = null;
  const repo = new Repo({
    peerId: peerIdFor(who, Math.random().toString(36).slice(2)) as PeerId,
    storage: options.storage,
    network: options.network ?? [],
    shareConfig: {
      announce: (peer, doc) => replica!.shareConfig().announce(peer, doc),
      access: (peer, doc) => replica!.shareConfig().access(peer, doc),
    },
  });
  replica = new SyncReplica(repo, who);
  return replica;
}

/** Heads of every document both replicas may hold, for comparing them. */
async function sharedHeads(a: SyncReplica, b: SyncReplica): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for (const [id] of await a.reviewDocs()) {
    if (!(await a.mayHold(id)) || !(await b.mayHold(id))) continue;
    const ha = a.repo.handles[id as DocumentId];
    const hb = b.repo.handles[id as DocumentId];
    out.push([ha?.isReady() ? A.getHeads(ha.doc()).sort().join() : '', hb?.isReady() ? A.getHeads(hb.doc()).sort().join() : '']);
  }
  return out;
}

export async function settle(a: SyncReplica, b: SyncReplica, timeoutMs = 5000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    await a.openWanted();
    await b.openWanted();
    const heads = await sharedHeads(a, b);
    if (heads.every(([x, y]) => x === y && x !== '')) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

/** Joins two replicas over an in-process MessageChannel until they agree, then parts them. */
export async function exchangeByNetwork(a: SyncReplica, b: SyncReplica): Promise<boolean> {
  const { port1, port2 } = new MessageChannel();
  const left = new MessageChannelNetworkAdapter(port1);
  const right = new MessageChannelNetworkAdapter(port2);
  a.repo.networkSubsystem.addNetworkAdapter(left);
  b.repo.networkSubsystem.addNetworkAdapter(right);
  try {
    return await settle(a, b);
  } finally {
    a.repo.networkSubsystem.removeNetworkAdapter(left);
    b.repo.networkSubsystem.removeNetworkAdapter(right);
    port1.close();
    port2.close();
  }
}

export { syncDocumentId };
