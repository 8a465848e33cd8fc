// This device's Ed25519 key and the signers it trusts: backups and exchange files are signed with
// the key, and a file's signature is checked against it and the trusted list before it is used.
// The private key is a non-extractable CryptoKey in its own table, so nothing can copy it out.
import { checkSignature, fingerprintOf, SIGNATURE_ALGORITHM, signedMessage, toBase64 } from '@shared/signing';
import type { FileSignature, SignatureCheck, SigningCrypto, TrustedSigner } from '@shared/signing';
import type { Setting } from '@shared/model';
import { useEffect } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useDatabase } from './context';
import type { DeviceKey, MarginDatabase } from './database';
import { REVIEWER_KEY, reviewerOf, runChange } from './funnel';

const DEVICE_SIGNING_KEY = 'device-signing';
/** Settings key of the signers this device accepts without asking. A device's own choice: a restore keeps it. */
export const TRUSTED_SIGNERS_KEY = 'trusted-signers';

/** Why a file could not be signed: the host's Web Crypto lacks Ed25519 (browsers before 2025). */
export class SigningUnavailable extends Error {}

function webCrypto(): Crypto {
  if (!globalThis.crypto?.subtle) throw new SigningUnavailable('This browser has no Web Crypto, so files cannot be signed.');
  return globalThis.crypto;
}

/**
 * The device's key pair, made on first use. Two windows making one at the same moment both write
 * through `add` in a transaction: the second finds the first's and uses it.
 */
export async function deviceKey(db: MarginDatabase, now: () => string = () => new Date().toISOString()): Promise<DeviceKey> {
  const stored = await db.keys.get(DEVICE_SIGNING_KEY);
  if (stored) return stored;
  let pair: CryptoKeyPair;
  try {
    pair = (await webCrypto().subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  } catch (error) {
    if (error instanceof SigningUnavailable) throw error;
    throw new SigningUnavailable('This browser cannot make Ed25519 keys, so files cannot be signed.');
  }
  const publicKey = toBase64(new Uint8Array(await webCrypto().subtle.exportKey('raw', pair.publicKey)));
  const fresh: DeviceKey = { id: DEVICE_SIGNING_KEY, privateKey: pair.privateKey, publicKey, createdAt: now() };
  return db.transaction('rw', db.keys, async () => {
    const raced = await db.keys.get(DEVICE_SIGNING_KEY);
    if (raced) return raced;
    await db.keys.add(fresh);
    return fresh;
  });
}

/** Signs what a file's signature covers, in the name of the reviewer at this device. */
export async function signCovered(db: MarginDatabase, covered: unknown): Promise<FileSignature> {
  const key = await deviceKey(db);
  const reviewer = reviewerOf(await db.settings.get(REVIEWER_KEY));
  const signer = { reviewerId: reviewer?.id ?? '', name: reviewer?.name ?? 'Unnamed reviewer', publicKey: key.publicKey };
  const value = new Uint8Array(await webCrypto().subtle.sign({ name: 'Ed25519' }, key.privateKey, signedMessage(covered, signer) as Uint8Array<ArrayBuffer>));
  return { algorithm: SIGNATURE_ALGORITHM, signer, value: toBase64(value) };
}

export function readTrustedSigners(stored: unknown): TrustedSigner[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter(
    (s): s is TrustedSigner => typeof s === 'object' && s !== null && typeof (s as TrustedSigner).publicKey === 'string' && typeof (s as TrustedSigner).name === 'string',
  );
}

/** Checks a file's signature against this device's key and the signers it trusts. */
export async function checkFileSignature(db: MarginDatabase, covered: unknown, signature: FileSignature | undefined): Promise<SignatureCheck> {
  const [own, trusted] = await Promise.all([db.keys.get(DEVICE_SIGNING_KEY), db.settings.get(TRUSTED_SIGNERS_KEY)]);
  return checkSignature(webCrypto() as unknown as SigningCrypto, covered, signature, { ownPublicKey: own?.publicKey ?? null, trusted: readTrustedSigners(trusted?.value) });
}

/** Adds a signer to the ones this device accepts without asking (a logged, undoable setting). */
export async function trustSigner(db: MarginDatabase, signer: { publicKey: string; name: string }, options: { now?: string } = {}): Promise<void> {
  await runChange(db, { action: 'signer.trust', label: `trust ${signer.name}’s key`, documentId: null, now: options.now }, async (writer) => {
    const current = readTrustedSigners((await writer.get<Setting>('settings', TRUSTED_SIGNERS_KEY))?.value);
    if (current.some((t) => t.publicKey === signer.publicKey)) return;
    const added: TrustedSigner = { publicKey: signer.publicKey, name: signer.name, trustedAt: writer.now };
    await writer.put<Setting>('settings', { key: TRUSTED_SIGNERS_KEY, value: [...current, added] });
  });
}

/**
 * This device's key fingerprint, the key made on first use; null until it exists (or where the host
 * cannot sign), undefined while reading.
 */
export function useDeviceFingerprint(): string | null | undefined {
  const db = useDatabase();
  useEffect(() => {
    // Where Ed25519 is unavailable the fingerprint stays null and backups say they are unsigned.
    deviceKey(db).catch(() => undefined);
  }, [db]);
  return useLiveQuery(async () => {
    const stored = await db.keys.get(DEVICE_SIGNING_KEY);
    return stored ? fingerprintOf(stored.publicKey) : null;
  }, [db]);
}
