// @vitest-environment node
// Signed annotation exports: a signed file is still the same JSON-LD collection (one context entry
// and one property more), verifies with the signer's key, and any change after signing (an
// annotation's quote, the signer's name, the signature moved to another file) is caught.
import { describe, expect, it } from 'vitest';
import { prepareForSigning, signatureOfAnnotationFile, signedAnnotationFile } from '@shared/export/annotation-signature';
import { checkSignature, SIGNATURE_ALGORITHM, signedMessage, toBase64 } from '@shared/signing';
import type { FileSignature, Signer, SigningCrypto } from '@shared/signing';

const subtle = globalThis.crypto.subtle;
const host = globalThis.crypto as unknown as SigningCrypto;

const COLLECTION = {
  '@context': ['http://www.w3.org/ns/anno.jsonld', { margin: 'https://margin.example/ns#' }],
  id: 'urn:uuid:0f6d0e5a-1c1e-4d1e-9a0e-2b7c9d1e0a01',
  type: 'AnnotationCollection',
  total: 1,
  first: {
    type: 'AnnotationPage',
    items: [{ id: 'urn:margin:annotation:a1', type: 'Annotation', target: { source: 'urn:doc', selector: [{ type: 'TextQuoteSelector', exact: 'grade 2 CRS' }] } }],
  },
};

async function signedFile(name = 'Dr Ana Ruiz') {
  const pair = (await subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  const publicKey = toBase64(new Uint8Array(await subtle.exportKey('raw', pair.publicKey)));
  const signer: Signer = { reviewerId: 'r1', name, publicKey };
  const { content, covered } = prepareForSigning(structuredClone(COLLECTION));
  const value = toBase64(new Uint8Array(await subtle.sign({ name: 'Ed25519' }, pair.privateKey, signedMessage(covered, signer) as Uint8Array<ArrayBuffer>)));
  const signature: FileSignature = { algorithm: SIGNATURE_ALGORITHM, signer, value };
  return { text: signedAnnotationFile(content, signature), publicKey };
}

async function check(text: string, trusted: string[] = []) {
  const read = signatureOfAnnotationFile(JSON.parse(text));
  if ('malformed' in read) return { kind: 'malformed' as const, reason: read.malformed };
  return checkSignature(host, read.covered, read.signature, { ownPublicKey: null, trusted: trusted.map((publicKey) => ({ publicKey, name: 'x', trustedAt: '' })) });
}

describe('signed annotation exports', () => {
  it('stay the same collection, with the signature declared as JSON in their context', async () => {
    const { text } = await signedFile();
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(json.type).toBe('AnnotationCollection');
    expect(json.first).toEqual(COLLECTION.first);
    expect(json['@context']).toEqual([...COLLECTION['@context'], { 'margin:signature': { '@type': '@json' } }]);
    expect((json['margin:signature'] as FileSignature).signer.name).toBe('Dr Ana Ruiz');
  });

  it('verify, naming the signer and the trust of their key', async () => {
    const { text, publicKey } = await signedFile();
    const unknown = await check(text);
    expect(unknown).toMatchObject({ kind: 'signed', trust: 'unknown', signer: { name: 'Dr Ana Ruiz', publicKey } });
    expect(await check(text, [publicKey])).toMatchObject({ kind: 'signed', trust: 'trusted' });
  });

  it('are refused when an annotation, the signer or the signature changed after signing', async () => {
    const { text } = await signedFile();
    const quote = text.replace('grade 2 CRS', 'grade 3 CRS');
    expect(await check(quote)).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('changed after it was signed') });
    const renamed = text.replace('"name": "Dr Ana Ruiz"', '"name": "Dr Someone Else"');
    expect(renamed).not.toBe(text);
    expect(await check(renamed)).toMatchObject({ kind: 'invalid' });
    const json = JSON.parse(text) as Record<string, unknown>;
    const other = await signedFile();
    // Another file's valid signature moved onto this one.
    json['margin:signature'] = (JSON.parse(other.text) as Record<string, unknown>)['margin:signature'];
    (json.first as { items: { id: string }[] }).items[0]!.id = 'urn:margin:annotation:a2';
    expect(await check(JSON.stringify(json))).toMatchObject({ kind: 'invalid' });
  });

  it('without a signature are unsigned; a damaged signature is never read as unsigned', async () => {
    expect(await check(JSON.stringify(COLLECTION))).toEqual({ kind: 'unsigned' });
    expect(await check(JSON.stringify({ ...COLLECTION, 'margin:signature': 'forged' }))).toEqual({ kind: 'malformed', reason: 'its signature is damaged' });
    const { text } = await signedFile();
    expect(await check(text.replace(`"algorithm": "${SIGNATURE_ALGORITHM}"`, '"algorithm": "RSA"'))).toMatchObject({ kind: 'malformed', reason: expect.stringContaining('RSA') });
  });
});
