// A sync peer names the reviewer at its device in its peer id, so the server can apply blinding to
// the connection: `margin:<reviewer id>:<random>`. The token proves membership of the team; the
// reviewer id says whose blinding applies.
import type { ReviewerId } from '../model';

const PREFIX = 'margin:';

export function peerIdFor(reviewerId: ReviewerId, random: string): string {
  return `${PREFIX}${reviewerId}:${random}`;
}

/** The reviewer a peer id names, or null for a peer that is not a Margin device (the server itself). */
export function reviewerOfPeer(peerId: string): ReviewerId | null {
  if (!peerId.startsWith(PREFIX)) return null;
  const rest = peerId.slice(PREFIX.length);
  const cut = rest.lastIndexOf(':');
  if (cut <= 0) return null;
  return rest.slice(0, cut) as ReviewerId;
}
