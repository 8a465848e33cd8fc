// The audit log's hash chain: every persistent change is one entry whose SHA-256 covers its own
// fields and the previous entry's hash, so changing, deleting or reordering any entry breaks the
// chain at a place `verifyAuditLog` can name. Pure: the digest is handed in (WebCrypto in the
// renderer, the pure SHA-256 where WebCrypto is absent), so the same check runs anywhere.
import { canonicalJson } from '../canonical-json';
import type { AuditEntry } from '../model';

/** SHA-256 of a string's UTF-8 bytes, as lower-case hex. */
export type Digest = (text: string) => Promise<string>;

/** The hash the first entry of a chain points back to. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Everything an entry's hash covers: all of its fields but the hash itself. An entry without
 * `alongside` hashes exactly as before the field existed (canonical JSON leaves out what is undefined).
 */
export function entryPayload(entry: Omit<AuditEntry, 'hash'>): string {
  const { chain, seq, at, actor, action, label, documentId, table, key, before, after, alongside, prevHash } = entry;
  return canonicalJson({ chain, seq, at, actor, action, label, documentId, table, key, before, after, alongside, prevHash });
}

export async function hashEntry(entry: Omit<AuditEntry, 'hash'>, digest: Digest): Promise<string> {
  return digest(entryPayload(entry));
}

/**
 * Links entries onto a chain whose last entry has `lastSeq` and `lastHash`: numbers them, points
 * each to the one before and hashes it. Sequential because each hash covers the previous one.
 */
export async function sealEntries(
  drafts: readonly Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>[],
  last: { seq: number; hash: string } | null,
  digest: Digest,
): Promise<AuditEntry[]> {
  const sealed: AuditEntry[] = [];
  const links = linked(drafts, last);
  for (let link = links.next(); !link.done; ) {
    const hash = await hashEntry(link.value, digest);
    sealed.push({ ...link.value, hash });
    link = links.next(hash);
  }
  return sealed;
}

/** The chain's numbering and linking, shared by both seals: each entry's hash is handed back to link the next. */
function* linked(drafts: readonly Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>[], last: { seq: number; hash: string } | null): Generator<Omit<AuditEntry, 'hash'>, void, string> {
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  for (const draft of drafts) {
    seq += 1;
    prevHash = yield { ...draft, seq, prevHash };
  }
}

/** SHA-256 of a string's UTF-8 bytes, as lower-case hex, computed at once. */
export type SyncDigest = (text: string) => string;

/**
 * The same seal as sealEntries, in one synchronous pass. An entry's payload is a few hundred bytes,
 * so an asynchronous digest per entry costs far more in round trips than in hashing, and (inside an
 * IndexedDB transaction) keeps the transaction spinning with dummy requests until the last one
 * answers; a batch of 5,000 imported files writes 10,000 entries.
 */
export function sealEntriesSync(
  drafts: readonly Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>[],
  last: { seq: number; hash: string } | null,
  digest: SyncDigest,
): AuditEntry[] {
  const sealed: AuditEntry[] = [];
  const links = linked(drafts, last);
  for (let link = links.next(); !link.done; ) {
    const hash = digest(entryPayload(link.value));
    sealed.push({ ...link.value, hash });
    link = links.next(hash);
  }
  return sealed;
}

export type AuditVerification =
  | { ok: true; entries: number; chains: number }
  /** `chain` and `seq` name the first entry that does not hold; `reason` says how, in words. */
  | { ok: false; chain: string; seq: number; reason: string };

/**
 * Checks every chain in `entries` (any order; entries of one chain are checked in sequence order):
 * numbers run 1, 2, 3… without a gap or repeat, each entry points to the hash of the one before,
 * and each entry's hash is the hash of its contents.
 */
export async function verifyAuditLog(entries: readonly AuditEntry[], digest: Digest): Promise<AuditVerification> {
  const chains = new Map<string, AuditEntry[]>();
  for (const entry of entries) {
    const list = chains.get(entry.chain);
    if (list) list.push(entry);
    else chains.set(entry.chain, [entry]);
  }
  for (const [chain, list] of chains) {
    list.sort((a, b) => a.seq - b.seq);
    let prevHash = GENESIS_HASH;
    for (const [index, entry] of list.entries()) {
      const expectedSeq = index + 1;
      if (entry.seq !== expectedSeq) {
        const reason = entry.seq === list[index - 1]?.seq ? `entry ${entry.seq} appears twice` : `entry ${expectedSeq} is missing`;
        return { ok: false, chain, seq: entry.seq === list[index - 1]?.seq ? entry.seq : expectedSeq, reason };
      }
      if (entry.prevHash !== prevHash) {
        return { ok: false, chain, seq: entry.seq, reason: `entry ${entry.seq} does not follow the entry before it (the log was reordered or an entry removed)` };
      }
      const { hash, ...rest } = entry;
      if ((await hashEntry(rest, digest)) !== hash) {
        return { ok: false, chain, seq: entry.seq, reason: `entry ${entry.seq} was changed after it was written` };
      }
      prevHash = hash;
    }
  }
  return { ok: true, entries: entries.length, chains: chains.size };
}
