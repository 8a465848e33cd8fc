// @vitest-environment node
// Signatures of exchanged files: base64 that round-trips and refuses anything not canonical, a
// fingerprint of fixed form, and a check that tells unsigned, invalid and signed (by whom) apart.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSignature, fingerprintOf, fromBase64, SIGNATURE_ALGORITHM, signedMessage, toBase64 } from '@shared/signing';
import type { FileSignature, Signer, SigningCrypto } from '@shared/signing';

const subtle = globalThis.crypto.subtle;
const host = globalThis.crypto as unknown as SigningCrypto;

async function keyPair() {
  const pair = (await subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  const publicKey = toBase64(new Uint8Array(await subtle.exportKey('raw', pair.publicKey)));
  return { pair, publicKey };
}

async function sign(covered: unknown, signer: Signer, privateKey: CryptoKey): Promise<FileSignature> {
  const value = new Uint8Array(await subtle.sign({ name: 'Ed25519' }, privateKey, signedMessage(covered, signer) as Uint8Array<ArrayBuffer>));
  return { algorithm: SIGNATURE_ALGORITHM, signer, value: toBase64(value) };
}

describe('base64', () => {
  it('round-trips any bytes and matches the host encoding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = toBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(fromBase64(text)).toEqual(bytes);
      }),
    );
  });

  it('writes and reads a PDF-sized buffer across its piece boundaries like the host does', () => {
    const bytes = new Uint8Array(3 * 8192 * 3 + 2).map((_, i) => (i * 7919) & 255);
    const text = toBase64(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    expect(fromBase64(text)).toEqual(bytes);
  });

  it('refuses a non-canonical last digit, whose ignored bits would let two texts mean one signature', () => {
    expect(fromBase64('QQ==')).toEqual(new Uint8Array([65]));
    expect(fromBase64('QR==')).toBeNull();
    expect(fromBase64('QUI=')).toEqual(new Uint8Array([65, 66]));
    expect(fromBase64('QUJ=')).toBeNull();
  });

  it('refuses text that is not canonical base64', () => {
    for (const bad of ['abc', 'ab=c', 'a===', '@@@@', 'QQ==QQ==', 'QR==']) expect(fromBase64(bad)).toBeNull();
  });
});

describe('fingerprintOf', () => {
  it('is five groups of four hex digits, the start of the key’s SHA-256', async () => {
    const { publicKey } = await keyPair();
    const fingerprint = fingerprintOf(publicKey);
    expect(fingerprint).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){4}$/);
    const digest = Buffer.from(await subtle.digest('SHA-256', Buffer.from(publicKey, 'base64'))).toString('hex').toUpperCase();
    expect(fingerprint.replaceAll('-', '')).toBe(digest.slice(0, 20));
  });
});

describe('checkSignature', () => {
  const covered = { format: 'margin-backup', version: 1, createdAt: '2026-12-01T10:00:00.000Z', checksum: 'sha256:' + 'a'.repeat(64) };

  it('says who signed and how far this device trusts the key', async () => {
    const { pair, publicKey } = await keyPair();
    const signer = { reviewerId: 'r-1', name: 'Ana Ruiz', publicKey };
    const signature = await sign(covered, signer, pair.privateKey);
    const own = await checkSignature(host, covered, signature, { ownPublicKey: publicKey, trusted: [] });
    expect(own).toEqual({ kind: 'signed', signer, fingerprint: fingerprintOf(publicKey), trust: 'this-device' });
    const trusted = await checkSignature(host, covered, signature, { ownPublicKey: null, trusted: [{ publicKey, name: 'Ana', trustedAt: '' }] });
    expect(trusted).toMatchObject({ kind: 'signed', trust: 'trusted' });
    expect(await checkSignature(host, covered, signature, { ownPublicKey: null, trusted: [] })).toMatchObject({ kind: 'signed', trust: 'unknown' });
    expect(await checkSignature(host, covered, undefined, { ownPublicKey: publicKey, trusted: [] })).toEqual({ kind: 'unsigned' });
  });

  it('finds any change to what is covered, to the signer, or to the signature', async () => {
    const { pair, publicKey } = await keyPair();
    const other = await keyPair();
    const signer = { reviewerId: 'r-1', name: 'Ana Ruiz', publicKey };
    const signature = await sign(covered, signer, pair.privateKey);
    const known = { ownPublicKey: publicKey, trusted: [] };
    const changes: [string, unknown, FileSignature][] = [
      ['a changed checksum', { ...covered, checksum: 'sha256:' + 'b'.repeat(64) }, signature],
      ['a changed date', { ...covered, createdAt: '2026-12-02T10:00:00.000Z' }, signature],
      ['another name on the signature', covered, { ...signature, signer: { ...signer, name: 'Someone Else' } }],
      ['another key claimed', covered, { ...signature, signer: { ...signer, publicKey: other.publicKey } }],
      ['a flipped signature byte', covered, { ...signature, value: toBase64(fromBase64(signature.value)!.map((b, i) => (i === 5 ? b ^ 1 : b))) }],
    ];
    for (const [what, changed, sig] of changes) {
      expect(await checkSignature(host, changed, sig, known), what).toEqual({ kind: 'invalid', reason: 'the signature does not match the content: the file was changed after it was signed' });
    }
    expect(await checkSignature(host, covered, { ...signature, value: 'not base64!' }, known)).toEqual({ kind: 'invalid', reason: 'the signature is damaged' });
    expect(await checkSignature(host, covered, { ...signature, signer: { ...signer, publicKey: 'AAAA' } }, known)).toEqual({ kind: 'invalid', reason: 'the signer’s key is damaged' });
  });
});
