// Signed W3C Web Annotation exports. The signature travels inside the collection as one more
// property, `margin:signature` (declared `@json` in the file's own context, so the file stays a
// JSON-LD document any annotation tool reads and ignores), over a SHA-256 digest of the canonical
// JSON of everything else in the collection: changing any annotation, or the signer, breaks it.
import { canonicalJson } from '../canonical-json';
import { sha256Hex } from '../hash';
import { SIGNATURE_ALGORITHM } from '../signing';
import type { FileSignature } from '../signing';

export const ANNOTATION_SIGNATURE_PROPERTY = 'margin:signature';
/** The context entry a signed file adds, so `margin:signature` is read as an opaque JSON value. */
const SIGNATURE_CONTEXT = { [ANNOTATION_SIGNATURE_PROPERTY]: { '@type': '@json' } } as const;

/** What the signature of an annotation file covers: its kind and the digest of its content. */
export interface AnnotationsCovered {
  format: 'margin-web-annotation';
  digest: string;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function coveredOf(content: Json): AnnotationsCovered {
  return { format: 'margin-web-annotation', digest: `sha256:${sha256Hex(canonicalJson(content))}` };
}

/** The collection with the signature's context entry, and what a signature over it covers. */
export function prepareForSigning(collection: Json): { content: Json; covered: AnnotationsCovered } {
  const context = collection['@context'];
  const contexts = Array.isArray(context) ? [...(context as unknown[])] : context === undefined ? [] : [context];
  const content: Json = { ...collection, '@context': [...contexts, SIGNATURE_CONTEXT] };
  delete content[ANNOTATION_SIGNATURE_PROPERTY];
  return { content, covered: coveredOf(content) };
}

/** The signed file's text: the prepared content with its signature. */
export function signedAnnotationFile(content: Json, signature: FileSignature): string {
  return `${JSON.stringify({ ...content, [ANNOTATION_SIGNATURE_PROPERTY]: signature }, null, 2)}\n`;
}

function isSignature(value: unknown): value is FileSignature {
  if (!isObject(value) || !isObject(value.signer)) return false;
  const { signer } = value;
  return (
    typeof value.algorithm === 'string' &&
    typeof value.value === 'string' &&
    typeof signer.publicKey === 'string' &&
    typeof signer.name === 'string' &&
    typeof signer.reviewerId === 'string'
  );
}

/**
 * A parsed annotation file's signature and what it must cover: none for an unsigned file, or a
 * reason when the signature property is there but is not a signature (never read as unsigned).
 */
export function signatureOfAnnotationFile(json: unknown): { covered: AnnotationsCovered; signature: FileSignature | undefined } | { malformed: string } {
  if (!isObject(json) || !Object.hasOwn(json, ANNOTATION_SIGNATURE_PROPERTY)) return { covered: coveredOf(isObject(json) ? json : {}), signature: undefined };
  const signature = json[ANNOTATION_SIGNATURE_PROPERTY];
  if (!isSignature(signature)) return { malformed: 'its signature is damaged' };
  if (signature.algorithm !== SIGNATURE_ALGORITHM) return { malformed: `it is signed with ${signature.algorithm}, which Margin does not accept` };
  const content: Json = { ...json };
  delete content[ANNOTATION_SIGNATURE_PROPERTY];
  return { covered: coveredOf(content), signature };
}
