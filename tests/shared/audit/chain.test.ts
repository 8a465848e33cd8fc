// @vitest-environment node
// The audit chain: sealing numbers and links entries; any change, removal or reordering of entries
// is found, at the first entry that no longer holds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashEntry, sealEntries, sealEntriesSync, verifyAuditLog } from '@shared/audit/chain';
import { sha256Hex, sha256HexAsync } from '@shared/hash';
import type { AuditEntry, DocumentId } from '@shared/model';

const digest = async (text: string) => sha256Hex(text);

const draft = fc.record({
  chain: fc.constant('device-1'),
  at: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }).map((ms) => new Date(ms).toISOString()),
  actor: fc.record({ id: fc.uuid(), name: fc.string({ maxLength: 12 }) }),
  action: fc.constantFrom('annotation.create', 'status.set', 'undo'),
  label: fc.string({ maxLength: 20 }),
  documentId: fc.option(fc.stringMatching(/^[0-9a-f]{64}$/).map((id) => id as DocumentId), { nil: null }),
  table: fc.constantFrom('annotations' as const, 'statuses' as const, 'settings' as const),
  key: fc.string({ minLength: 1, maxLength: 10 }),
  before: fc.oneof(fc.constant(null), fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 })),
  after: fc.oneof(fc.constant(null), fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 })),
});

async function chainOf(drafts: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>[]): Promise<AuditEntry[]> {
  return sealEntries(drafts, null, digest);
}

describe('the audit chain', () => {
  it('covers what an entry logs alongside its record: an imported text changed after sealing breaks the chain there', async () => {
    const id = 'a'.repeat(64);
    const plain = { chain: 'c', at: '2026-12-01T10:00:00.000Z', actor: { id: 'r', name: 'Ana' }, action: 'status.set', label: 'review status', documentId: null, table: 'statuses' as const, key: 'd', before: null, after: { status: 'done' } };
    const log = await chainOf([
      plain,
      { ...plain, action: 'documents.import', label: 'import', table: 'documents', key: id, after: { id, title: 'T' }, alongside: [{ table: 'texts', key: id, before: null, after: { id, sha256: id, length: 10 } }] },
    ]);
    expect(await verifyAuditLog(log, digest)).toEqual({ ok: true, entries: 2, chains: 1 });
    // An entry without the member hashes exactly as before it existed, so older logs still verify.
    const [first] = await chainOf([{ ...plain, alongside: undefined }]);
    expect(first!.hash).toBe((await chainOf([plain]))[0]!.hash);
    const tampered = log.map((e, i) => (i === 1 ? { ...e, alongside: [{ table: 'texts' as const, key: id, before: null, after: { id, sha256: id, length: 11 } }] } : e));
    expect(await verifyAuditLog(tampered, digest)).toEqual({ ok: false, chain: 'c', seq: 2, reason: 'entry 2 was changed after it was written' });
    const dropped = log.map((e, i) => (i === 1 ? { ...e, alongside: [] } : e));
    expect((await verifyAuditLog(dropped, digest)).ok).toBe(false);
  });

  it('numbers entries from 1, links each to the one before, and verifies', async () => {
    const log = await chainOf([
      { chain: 'c', at: '2026-12-01T10:00:00.000Z', actor: { id: 'r', name: 'Ana' }, action: 'status.set', label: 'review status', documentId: null, table: 'statuses', key: 'd', before: null, after: { status: 'done' } },
      { chain: 'c', at: '2026-12-01T10:01:00.000Z', actor: { id: 'r', name: 'Ana' }, action: 'undo', label: 'undo review status', documentId: null, table: 'statuses', key: 'd', before: { status: 'done' }, after: null },
    ]);
    expect(log.map((e) => e.seq)).toEqual([1, 2]);
    expect(log[0]!.prevHash).toBe(GENESIS_HASH);
    expect(log[1]!.prevHash).toBe(log[0]!.hash);
    expect(log[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyAuditLog(log, digest)).toEqual({ ok: true, entries: 2, chains: 1 });
  });

  it('continues a chain from its last entry', async () => {
    const [first] = await chainOf([{ chain: 'c', at: 't', actor: { id: 'r', name: 'A' }, action: 'a', label: 'l', documentId: null, table: 'settings', key: 'k', before: null, after: { v: 1 } }]);
    const [second] = await sealEntries([{ ...first!, at: 't2' }], { seq: first!.seq, hash: first!.hash }, digest);
    expect(second).toMatchObject({ seq: 2, prevHash: first!.hash });
    expect(await verifyAuditLog([second!, first!], digest)).toMatchObject({ ok: true, entries: 2 });
  });

  it('finds any changed entry, at that entry (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(draft, { minLength: 1, maxLength: 8 }), fc.nat(), fc.constantFrom('before', 'after', 'actor', 'at', 'key', 'label'), async (drafts, pick, field) => {
        const log = await chainOf(drafts);
        const index = pick % log.length;
        const entry = log[index]!;
        const changed: AuditEntry =
          field === 'before' || field === 'after'
            ? { ...entry, [field]: { tampered: JSON.stringify(entry[field]) } }
            : field === 'actor'
              ? { ...entry, actor: { ...entry.actor, name: `${entry.actor.name}!` } }
              : { ...entry, [field]: `${entry[field]}!` };
        const forged = log.map((e, i) => (i === index ? changed : e));
        expect(await verifyAuditLog(forged, digest)).toMatchObject({ ok: false, seq: entry.seq, reason: `entry ${entry.seq} was changed after it was written` });
      }),
      { numRuns: 60 },
    );
  });

  it('finds a changed entry even when its hash was recomputed, at the entry after it (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(draft, { minLength: 2, maxLength: 8 }), fc.nat(), async (drafts, pick) => {
        const log = await chainOf(drafts);
        const index = pick % (log.length - 1);
        const { hash: _old, ...rest } = { ...log[index]!, label: `${log[index]!.label} (edited)` };
        const rehashed = { ...rest, hash: await hashEntry(rest, digest) };
        const forged = log.map((e, i) => (i === index ? rehashed : e));
        const result = await verifyAuditLog(forged, digest);
        expect(result.ok).toBe(false);
        expect(result.ok === false && result.seq).toBe(index + 2);
        expect(result.ok === false && result.reason).toMatch(/does not follow/);
      }),
      { numRuns: 40 },
    );
  });

  it('finds a removed entry, at the first number missing (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(draft, { minLength: 2, maxLength: 8 }), fc.nat(), async (drafts, pick) => {
        const log = await chainOf(drafts);
        const index = pick % log.length;
        const result = await verifyAuditLog(
          log.filter((_, i) => i !== index),
          digest,
        );
        if (index === log.length - 1) {
          // Dropping the newest entry leaves a valid, shorter chain: the count is what tells.
          expect(result).toMatchObject({ ok: true, entries: log.length - 1 });
        } else {
          expect(result).toMatchObject({ ok: false, seq: index + 1, reason: `entry ${index + 1} is missing` });
        }
      }),
      { numRuns: 40 },
    );
  });

  it('finds two entries swapped, even with their numbers swapped too (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(draft, { minLength: 2, maxLength: 8 }), fc.nat(), async (drafts, pick) => {
        const log = await chainOf(drafts);
        const i = pick % (log.length - 1);
        const a = log[i]!;
        const b = log[i + 1]!;
        // Renumbered so the sequence looks whole: only the links can tell.
        const swapped = [...log.slice(0, i), { ...b, seq: a.seq }, { ...a, seq: b.seq }, ...log.slice(i + 2)];
        const result = await verifyAuditLog(swapped, digest);
        expect(result.ok).toBe(false);
        expect(result.ok === false && result.seq).toBe(a.seq);
      }),
      { numRuns: 40 },
    );
  });

  it('says when one number appears twice', async () => {
    const log = await chainOf([
      { chain: 'c', at: 't', actor: { id: 'r', name: 'A' }, action: 'a', label: 'l', documentId: null, table: 'settings', key: 'k', before: null, after: { v: 1 } },
      { chain: 'c', at: 't', actor: { id: 'r', name: 'A' }, action: 'a', label: 'l', documentId: null, table: 'settings', key: 'k', before: { v: 1 }, after: { v: 2 } },
    ]);
    expect(await verifyAuditLog([log[0]!, log[0]!, log[1]!], digest)).toMatchObject({ ok: false, seq: 1, reason: 'entry 1 appears twice' });
  });
  it('seals in one synchronous pass exactly as the asynchronous seal with Web Crypto does, lone surrogates and all (property)', async () => {
    // Labels and values with any code point, lone surrogates among them (JSON escapes those, so a
    // payload is always well-formed UTF-8 and the pure and the Web Crypto SHA-256 agree).
    const unit = fc.oneof(fc.string({ unit: 'binary', maxLength: 1 }), fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)));
    const wild = draft.chain((d) => fc.record({ label: fc.string({ unit, maxLength: 12 }), value: fc.string({ unit, maxLength: 40 }) }).map(({ label, value }) => ({ ...d, label, after: { value } })));
    const webCrypto = async (text: string) => {
      const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
      return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    };
    await fc.assert(
      fc.asyncProperty(fc.array(wild, { minLength: 1, maxLength: 6 }), fc.option(fc.record({ seq: fc.nat({ max: 1000 }), hash: fc.stringMatching(/^[0-9a-f]{64}$/) }), { nil: null }), async (drafts, last) => {
        const sync = sealEntriesSync(drafts, last, sha256Hex);
        expect(sync).toEqual(await sealEntries(drafts, last, webCrypto));
        if (last === null) expect(await verifyAuditLog(sync, sha256HexAsync)).toEqual({ ok: true, entries: sync.length, chains: 1 });
      }),
      { numRuns: 60 },
    );
  });
});
