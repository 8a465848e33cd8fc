// The lossless backup: every table in one versioned JSON file with a checksum, a reader that refuses
// anything damaged, foreign or inconsistent with a reason, and a merge so restore can replace or
// merge in one transaction. Nothing here touches the database: the caller does, only after `ok`.
import { z } from 'zod';
import { describeIssues } from '../corpus';
import { canonicalJson } from '../canonical-json';
import { isIdOfText, sha256Bytes, sha256Hex } from '../hash';
import type { Annotation, AuditEntry, DocumentMeta, DocumentOriginal, DocumentText, ReviewStatus, Setting, StoredSchema, SuggestionRejection } from '../model';
import { SIGNATURE_ALGORITHM, fromBase64, toBase64 } from '../signing';
import type { FileSignature } from '../signing';
import {
  annotationSchema,
  auditEntrySchema,
  backupOriginalSchema,
  documentMetaSchema,
  documentTextSchema,
  reviewSchema,
  reviewStatusSchema,
  settingSchema,
  storedProgressSchema,
  storedSchemaSchema,
  suggestionRejectionSchema,
} from './record-schemas';
import type { Review } from '../review/model';
import type { StoredProgress } from '../review/progress';

export interface BackupData {
  documents: DocumentMeta[];
  texts: DocumentText[];
  /** Including tombstones: a restore must bring back exactly what was there. */
  annotations: Annotation[];
  statuses: ReviewStatus[];
  schemas: StoredSchema[];
  settings: Setting[];
  /**
   * The audit log, every chain of it. Absent in backups made before the log existed. Covered by
   * the checksum like the tables; its own hash chain is verified on restore.
   */
  audit?: AuditEntry[];
  /**
   * The original files (PDFs) with their bytes as base64, covered by the checksum and each by its
   * own SHA-256. Absent in backups made before Margin kept originals.
   */
  originals?: BackupOriginal[];
  /** Team reviews and each reviewer's progress in them (issue 11); absent in backups made before reviews. */
  reviews?: Review[];
  progress?: StoredProgress[];
  /** The assistant's rejected suggestions. Absent in backups made before the assistant. */
  suggestionRejections?: SuggestionRejection[];
}

/** A kept original as a backup file holds it: the record with its bytes written as base64. */
export type BackupOriginal = Omit<DocumentOriginal, 'bytes'> & { base64: string };

export function originalForBackup(original: DocumentOriginal): BackupOriginal {
  const { bytes, ...rest } = original;
  return { ...rest, base64: toBase64(bytes) };
}

/** The stored record of a checked backup original (readBackup has checked its base64 and hash). */
export function originalFromBackup(original: BackupOriginal): DocumentOriginal {
  const { base64, ...rest } = original;
  return { ...rest, bytes: fromBase64(base64) ?? new Uint8Array() };
}

export type BackupTable = 'documents' | 'texts' | 'annotations' | 'statuses' | 'schemas' | 'settings';
/** Records per table; the optional tables only where the backup holds them. */
export type BackupCounts = Record<BackupTable, number> & { originals?: number; reviews?: number; progress?: number; suggestionRejections?: number };

/** Tables a backup may lack (made before Margin had them); counted only where present. */
const OPTIONAL_TABLES = ['originals', 'reviews', 'progress', 'suggestionRejections'] as const;

export const BACKUP_FORMAT = 'margin-backup';
export const BACKUP_VERSION = 1;

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  createdAt: string;
  counts: BackupCounts;
  /** `sha256:<hex>` of the canonical serialization of `data`. */
  checksum: string;
  /** The signing device's Ed25519 signature over `backupCovered` (absent in unsigned backups). */
  signature?: FileSignature;
  data: BackupData;
}

/** What a backup's signature covers: its envelope, whose checksum covers every record. */
export function backupCovered(backup: Pick<Backup, 'format' | 'version' | 'createdAt' | 'counts' | 'checksum'>): unknown {
  return { format: backup.format, version: backup.version, createdAt: backup.createdAt, counts: backup.counts, checksum: backup.checksum };
}

export type ReadBackupResult = { ok: true; backup: Backup; summary: BackupCounts } | { ok: false; reason: string };

const TABLES = ['documents', 'texts', 'annotations', 'statuses', 'schemas', 'settings'] as const satisfies readonly BackupTable[];

export { canonicalJson };

export function backupChecksum(data: unknown): string {
  return `sha256:${sha256Hex(canonicalJson(data))}`;
}

export function countTables(data: BackupData): BackupCounts {
  const counts = Object.fromEntries(TABLES.map((table) => [table, data[table].length])) as BackupCounts;
  for (const table of OPTIONAL_TABLES) {
    const records = data[table];
    if (records !== undefined) counts[table] = records.length;
  }
  return counts;
}

/** A backup of `data` made at `now` (ISO 8601, passed in so the function stays pure), not yet signed. */
export function backupOf(data: BackupData, now: string): Backup {
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: now, counts: countTables(data), checksum: backupChecksum(data), data };
}

/** The backup file's text, with its signature when it has one (the signature sits before the data). */
export function backupText(backup: Backup, signature?: FileSignature): string {
  const { data, ...envelope } = backup;
  const file = signature === undefined ? { ...envelope, data } : { ...envelope, signature, data };
  return JSON.stringify(file, null, 2) + '\n';
}

/** The unsigned backup file's text. */
export function createBackup(data: BackupData, now: string): string {
  return backupText(backupOf(data, now));
}

const countsSchema = z.object({
  ...(Object.fromEntries(TABLES.map((t) => [t, z.number().int().nonnegative()])) as Record<BackupTable, z.ZodNumber>),
  originals: z.number().int().nonnegative().optional(),
  reviews: z.number().int().nonnegative().optional(),
  progress: z.number().int().nonnegative().optional(),
  suggestionRejections: z.number().int().nonnegative().optional(),
});

const envelopeSchema = z.object({
  createdAt: z.string(),
  counts: countsSchema,
  checksum: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'sha256: followed by 64 hex digits'),
  signature: z
    .object({
      algorithm: z.literal(SIGNATURE_ALGORITHM),
      signer: z.object({ reviewerId: z.string(), name: z.string(), publicKey: z.string() }),
      value: z.string(),
    })
    .optional(),
  data: z.record(z.string(), z.unknown()),
});

const dataSchema = z.object({
  documents: z.array(documentMetaSchema),
  texts: z.array(documentTextSchema),
  annotations: z.array(annotationSchema),
  statuses: z.array(reviewStatusSchema),
  schemas: z.array(storedSchemaSchema),
  settings: z.array(settingSchema),
  audit: z.array(auditEntrySchema).optional(),
  originals: z.array(backupOriginalSchema).optional(),
  reviews: z.array(reviewSchema).optional(),
  progress: z.array(storedProgressSchema).optional(),
  suggestionRejections: z.array(suggestionRejectionSchema).optional(),
});

function firstDuplicate(values: string[]): string | null {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return null;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The cross-table checks: a restore must never leave a value pointing at nothing. */
function consistencyProblem(data: BackupData): string | null {
  const duplicates: [string, string | null][] = [
    ['document', firstDuplicate(data.documents.map((d) => d.id))],
    ['text', firstDuplicate(data.texts.map((t) => t.id))],
    ['annotation', firstDuplicate(data.annotations.map((a) => a.id))],
    ['review status', firstDuplicate(data.statuses.map((s) => s.documentId))],
    ['schema', firstDuplicate(data.schemas.map((s) => s.key))],
    ['setting', firstDuplicate(data.settings.map((s) => s.key))],
    ['review', firstDuplicate((data.reviews ?? []).map((r) => r.id))],
    ['reviewer progress', firstDuplicate((data.progress ?? []).map((p) => p.id))],
  ];
  for (const [what, id] of duplicates) if (id !== null) return `The backup holds the ${what} ${id} twice.`;

  const documentIds = new Set(data.documents.map((d) => d.id));
  const textIds = new Set(data.texts.map((t) => t.id));
  for (const text of data.texts) {
    if (!isIdOfText(text.id, text.text)) return `The text stored for document ${text.id} does not match its id: the text was altered.`;
    if (!documentIds.has(text.id)) return `The backup holds a text (${text.id}) for a document it does not hold.`;
  }
  const withoutText = data.documents.filter((d) => !textIds.has(d.id));
  if (withoutText.length > 0) return `${plural(withoutText.length, 'document has', 'documents have')} no text in the backup (first: “${withoutText[0]!.title}”).`;
  const strayAnnotations = data.annotations.filter((a) => !documentIds.has(a.documentId));
  if (strayAnnotations.length > 0) {
    return `${plural(strayAnnotations.length, 'annotation points', 'annotations point')} at a document the backup does not hold (first: ${strayAnnotations[0]!.id}).`;
  }
  const originalIds = new Set<string>();
  for (const original of data.originals ?? []) {
    if (originalIds.has(original.id)) return `The backup holds the original file of document ${original.id} twice.`;
    originalIds.add(original.id);
    if (!documentIds.has(original.id)) return `The backup holds an original file (${original.id}) for a document it does not hold.`;
    const bytes = fromBase64(original.base64);
    if (bytes === null) return `The original file of document ${original.id} is damaged in the backup: its bytes are not valid base64.`;
    if (sha256Bytes(bytes) !== original.sha256) return `The original file of document ${original.id} does not match its SHA-256: the file was altered.`;
  }
  const strayStatuses = data.statuses.filter((s) => !documentIds.has(s.documentId));
  if (strayStatuses.length > 0) return `${plural(strayStatuses.length, 'review status belongs', 'review statuses belong')} to a document the backup does not hold.`;
  return null;
}

function looksTruncated(text: string): boolean {
  return text.trimStart().startsWith('{') && text.includes(`"${BACKUP_FORMAT}"`);
}

/**
 * Reads and checks a backup file's text. Refuses, with a reason a reviewer can act on: text that is
 * not JSON (or a backup cut short), another program's file, a version this app cannot read, a
 * changed checksum (the data was edited or damaged), records of the wrong shape, counts that do not
 * match, texts that do not hash to their document id, and records pointing at missing documents.
 */
export function readBackup(text: string): ReadBackupResult {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim().length === 0) return { ok: false, reason: 'The file is empty.' };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return {
      ok: false,
      reason: looksTruncated(body)
        ? 'The backup is incomplete: the file ends early, as if it was cut short while being saved or copied.'
        : 'The file is not a Margin backup: it is not JSON.',
    };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, reason: 'The file is not a Margin backup: it does not hold a backup object.' };
  }
  const { format, version } = json as { format?: unknown; version?: unknown };
  if (format !== BACKUP_FORMAT) {
    return { ok: false, reason: `The file is not a Margin backup (its format is ${typeof format === 'string' ? `“${format}”` : 'not stated'}).` };
  }
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return { ok: false, reason: 'The backup does not say which version of the backup format it uses.' };
  }
  if (version !== BACKUP_VERSION) {
    return {
      ok: false,
      reason:
        version > BACKUP_VERSION
          ? `The backup was made by a newer Margin (backup format ${version}); this version reads format ${BACKUP_VERSION}.`
          : `The backup format ${version} is not supported; this version reads format ${BACKUP_VERSION}.`,
    };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, reason: `The backup is damaged: ${describeIssues(envelope.error)}.` };
  if (backupChecksum(envelope.data.data) !== envelope.data.checksum) {
    return { ok: false, reason: 'The backup has been changed or damaged since it was made: its checksum does not match its content.' };
  }
  const data = dataSchema.safeParse(envelope.data.data);
  if (!data.success) return { ok: false, reason: `The backup’s records are not valid: ${describeIssues(data.error)}.` };
  const counts = countTables(data.data);
  for (const table of [...TABLES, ...OPTIONAL_TABLES] as const) {
    if (counts[table] !== envelope.data.counts[table]) {
      return {
        ok: false,
        reason: `The backup is inconsistent: it says it holds ${envelope.data.counts[table]} ${table} but holds ${counts[table]}.`,
      };
    }
  }
  const problem = consistencyProblem(data.data);
  if (problem !== null) return { ok: false, reason: problem };
  return {
    ok: true,
    backup: {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: envelope.data.createdAt,
      counts,
      checksum: envelope.data.checksum,
      ...(envelope.data.signature === undefined ? {} : { signature: envelope.data.signature }),
      data: data.data,
    },
    summary: counts,
  };
}

/** True when `a` is a later time than `b`; ISO strings that do not parse fall back to text order. */
function isNewer(a: string, b: string): boolean {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  return Number.isFinite(ta) && Number.isFinite(tb) ? ta > tb : a > b;
}

function mergeBy<T>(current: T[], incoming: T[], key: (item: T) => string, incomingWins: (mine: T, theirs: T) => boolean): T[] {
  const merged = new Map<string, T>(current.map((item) => [key(item), item]));
  for (const item of incoming) {
    const mine = merged.get(key(item));
    if (mine === undefined || incomingWins(mine, item)) merged.set(key(item), item);
  }
  return [...merged.values()];
}

/** Schemas are added when absent; the current active schema stays the only active one. */
function mergeSchemas(current: StoredSchema[], incoming: StoredSchema[]): StoredSchema[] {
  const merged = mergeBy(current, incoming, (s) => s.key, () => false);
  if (!current.some((s) => s.active)) return merged;
  const currentKeys = new Set(current.map((s) => s.key));
  return merged.map((s) => (s.active && !currentKeys.has(s.key) ? { ...s, active: false } : s));
}

/**
 * Whether a backup's record replaces the stored one of the same key when merging (mergeBackup's
 * rules, one record at a time, for the streamed restore): annotations, review statuses and progress
 * from whichever side changed last; settings and reviews from the backup; everything else stays.
 */
export function mergeRule(table: string, mine: object, theirs: object): boolean {
  switch (table) {
    case 'annotations':
      return isNewer((theirs as Annotation).modifiedAt, (mine as Annotation).modifiedAt);
    case 'statuses':
    case 'progress':
      return isNewer((theirs as ReviewStatus).updatedAt, (mine as ReviewStatus).updatedAt);
    case 'settings':
    case 'reviews':
      return true;
    default:
      return false;
  }
}

/**
 * Merges a backup into the current data, by id: documents, texts and schemas are added when absent
 * (a document's text never changes, so there is nothing to reconcile); an annotation or a review
 * status is taken from whichever side changed it last (on a tie the current one stays); settings
 * come from the backup, since restoring means asking for its preferences.
 */
export function mergeBackup(current: BackupData, incoming: BackupData): BackupData {
  return {
    documents: mergeBy(current.documents, incoming.documents, (d) => d.id, () => false),
    texts: mergeBy(current.texts, incoming.texts, (t) => t.id, () => false),
    annotations: mergeBy(current.annotations, incoming.annotations, (a) => a.id, (mine, theirs) => mergeRule('annotations', mine, theirs)),
    statuses: mergeBy(current.statuses, incoming.statuses, (s) => s.documentId, (mine, theirs) => mergeRule('statuses', mine, theirs)),
    schemas: mergeSchemas(current.schemas, incoming.schemas),
    settings: mergeBy(current.settings, incoming.settings, (s) => s.key, () => true),
    audit: mergeBy(current.audit ?? [], incoming.audit ?? [], (e) => `${e.chain}\u0000${e.seq}`, () => false),
    // A document's original never changes either: added when absent.
    originals: mergeBy(current.originals ?? [], incoming.originals ?? [], (o) => o.id, () => false),
    // A review is taken from the backup (its members and documents may have grown there); a
    // reviewer's progress from whichever side changed it last.
    reviews: mergeBy(current.reviews ?? [], incoming.reviews ?? [], (r) => r.id, () => true),
    progress: mergeBy(current.progress ?? [], incoming.progress ?? [], (p) => p.id, (mine, theirs) => mergeRule('progress', mine, theirs)),
    // A rejection is a decision once taken: kept from either side.
    suggestionRejections: mergeBy(current.suggestionRejections ?? [], incoming.suggestionRejections ?? [], (r) => r.id, () => false),
  };
}
