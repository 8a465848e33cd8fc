// A sync peer names its review and the reviewer at its device in its peer id, so the server can
// apply blinding to the connection: `margin:<review id>:<reviewer id>:<random>`, each part
// URI-encoded. The token proves membership of the team; the ids say whose blinding applies.
import type { ReviewerId } from '../model';
import type { ReviewId } from '../review/model';

const PREFIX = 'margin';

export interface PeerIdentity {
  reviewId: ReviewId;
  reviewerId: ReviewerId;
}

export function peerIdFor(who: PeerIdentity, random: string): string {
  return [PREFIX, who.reviewId, who.reviewerId, random].map(encodeURIComponent).join(':');
}

/** The review and reviewer a peer id names, or null for a peer that is not a Margin device. */
export function parsePeerId(peerId: string): PeerIdentity | null {
  const parts = peerId.split(':');
  if (parts.length !== 4 || parts[0] !== PREFIX) return null;
  try {
    const [, reviewId, reviewerId] = parts.map(decodeURIComponent);
    if (!reviewId || !reviewerId) return null;
    return { reviewId: reviewId as ReviewId, reviewerId: reviewerId as ReviewerId };
  } catch {
    return null;
  }
}

/** The peer id the sync server presents; not a Margin device, so parsePeerId gives null for it. */
export const SERVER_PEER_ID = 'margin-sync-server';
