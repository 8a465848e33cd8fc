// The streamed backup format (version 2): a backup of any size is a one-line JSON header followed by
// gzip chunks of NDJSON records, so it is written and checked chunk by chunk, never as one string
// (version 1 was one JSON text and failed past ~745,000 annotations). Pure: compression, hashing of
// bytes and the database are the renderer's; this file says what a sound file is.
//
// Layout: `<header JSON>\n<chunk 1 bytes><chunk 2 bytes>…`. The header names the tables, their
// counts and every chunk (its table, record count, byte length and the SHA-256 of its compressed
// bytes); `digest` is the SHA-256 of that chunk list, and the device signature covers the envelope
// with the digest, so one signature vouches for every byte of every chunk.
import { z } from 'zod';
import { GENESIS_HASH, hashEntry } from '../audit/chain';
import type { Digest } from '../audit/chain';
import { canonicalJson } from '../canonical-json';
import { describeIssues } from '../corpus';
import { isIdOfText, sha256Bytes, sha256Hex } from '../hash';
import { PRIMARY_KEY_FIELD, type AuditEntry } from '../model';
import { SIGNATURE_ALGORITHM, fromBase64 } from '../signing';
import type { FileSignature } from '../signing';
import { BACKUP_FORMAT } from './backup';
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

export const STREAM_BACKUP_VERSION = 2;

/**
 * Every table, in the order the file holds them: documents first, so each later record can be
 * checked against the documents it points at while the file streams by.
 */
export const STREAM_TABLES = ['documents', 'texts', 'annotations', 'statuses', 'schemas', 'settings', 'audit', 'originals', 'reviews', 'progress', 'suggestionRejections'] as const;
export type StreamTable = (typeof STREAM_TABLES)[number];
export type StreamCounts = Record<StreamTable, number>;

export interface ChunkEntry {
  table: StreamTable;
  records: number;
  /** Length of the chunk's gzip bytes in the file. */
  bytes: number;
  /** Hex SHA-256 of the chunk's gzip bytes. */
  sha256: string;
}

export interface StreamHeader {
  format: typeof BACKUP_FORMAT;
  version: typeof STREAM_BACKUP_VERSION;
  createdAt: string;
  tables: StreamTable[];
  counts: StreamCounts;
  chunks: ChunkEntry[];
  /** `sha256:<hex>` of the canonical chunk list. */
  digest: string;
  signature?: FileSignature;
}

/** The primary key of each table's records, as the database orders them. */
export type RecordKey = string | [string, number];

export function recordKey(table: StreamTable, record: object): RecordKey {
  if (table === 'audit') {
    const entry = record as AuditEntry;
    return [entry.chain, entry.seq];
  }
  return String((record as Record<string, unknown>)[PRIMARY_KEY_FIELD[table]]);
}

/** IndexedDB's order for the keys used here: strings by UTF-16 code units, arrays element by element. */
export function compareKeys(a: RecordKey, b: RecordKey): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const [ac, as] = a as [string, number];
  const [bc, bs] = b as [string, number];
  return ac < bc ? -1 : ac > bc ? 1 : as - bs;
}

export function chunksDigest(chunks: readonly ChunkEntry[]): string {
  return `sha256:${sha256Hex(canonicalJson(chunks))}`;
}

/** What the device signature covers: the envelope, whose digest covers every chunk's bytes. */
export function streamCovered(header: Pick<StreamHeader, 'format' | 'version' | 'createdAt' | 'counts' | 'digest'>): unknown {
  return { format: header.format, version: header.version, createdAt: header.createdAt, counts: header.counts, digest: header.digest };
}

/** The header of a file whose chunks are `chunks`, unsigned. */
export function streamHeaderOf(createdAt: string, chunks: ChunkEntry[]): StreamHeader {
  const counts = Object.fromEntries(STREAM_TABLES.map((t) => [t, 0])) as StreamCounts;
  for (const chunk of chunks) counts[chunk.table] += chunk.records;
  return { format: BACKUP_FORMAT, version: STREAM_BACKUP_VERSION, createdAt, tables: [...STREAM_TABLES], counts, chunks, digest: chunksDigest(chunks) };
}

/** The header as the file's first line (JSON escapes every newline inside strings). */
export function headerLine(header: StreamHeader): string {
  return JSON.stringify(header) + '\n';
}

/** One chunk's records from its text: one JSON record a line; null when a line is not JSON. */
export function decodeRecords(text: string): unknown[] | null {
  const records: unknown[] = [];
  let from = 0;
  while (from < text.length) {
    const end = text.indexOf('\n', from);
    if (end < 0) return null;
    try {
      records.push(JSON.parse(text.slice(from, end)));
    } catch {
      return null;
    }
    from = end + 1;
  }
  return records;
}

const tableSchema = z.enum(STREAM_TABLES);
const count = z.number().int().nonnegative();
const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(STREAM_BACKUP_VERSION),
  createdAt: z.string(),
  tables: z.array(tableSchema),
  counts: z.object(Object.fromEntries(STREAM_TABLES.map((t) => [t, count])) as Record<StreamTable, typeof count>),
  chunks: z.array(z.object({ table: tableSchema, records: count, bytes: count, sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 hex digits') })),
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'sha256: followed by 64 hex digits'),
  signature: z
    .object({
      algorithm: z.literal(SIGNATURE_ALGORITHM),
      signer: z.object({ reviewerId: z.string(), name: z.string(), publicKey: z.string() }),
      value: z.string(),
    })
    .optional(),
});

export type ParseHeaderResult = { ok: true; header: StreamHeader } | { ok: false; reason: string };

/**
 * True when a file starts as a header of format 2 or later does (the writer puts format and version
 * first, without spaces); a format 1 file is one JSON text, pretty-printed or not, read whole.
 */
export function looksStreamed(start: string): boolean {
  const version = /^\{"format":"margin-backup","version":(\d+)[,}]/.exec(start)?.[1];
  return version !== undefined && Number(version) >= STREAM_BACKUP_VERSION;
}

/** Checks the header line: shape, the chunk list's digest and order, and that counts add up. */
export function parseHeader(line: string): ParseHeaderResult {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'The backup is damaged: its header is not readable.' };
  }
  const { format, version } = (typeof json === 'object' && json !== null ? json : {}) as { format?: unknown; version?: unknown };
  if (format !== BACKUP_FORMAT) return { ok: false, reason: `The file is not a Margin backup (its format is ${typeof format === 'string' ? `“${format}”` : 'not stated'}).` };
  if (typeof version === 'number' && version > STREAM_BACKUP_VERSION) {
    return { ok: false, reason: `The backup was made by a newer Margin (backup format ${version}); this version reads formats 1 and ${STREAM_BACKUP_VERSION}.` };
  }
  const parsed = headerSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `The backup’s header is damaged: ${describeIssues(parsed.error)}.` };
  const header = parsed.data as StreamHeader;
  if (chunksDigest(header.chunks) !== header.digest) {
    return { ok: false, reason: 'The backup has been changed or damaged since it was made: its list of chunks does not match its digest.' };
  }
  let last = 0;
  const sums = Object.fromEntries(STREAM_TABLES.map((t) => [t, 0])) as StreamCounts;
  for (const chunk of header.chunks) {
    const at = STREAM_TABLES.indexOf(chunk.table);
    if (at < last) return { ok: false, reason: 'The backup is damaged: its chunks are out of order.' };
    last = at;
    sums[chunk.table] += chunk.records;
  }
  for (const table of STREAM_TABLES) {
    if (sums[table] !== header.counts[table]) return { ok: false, reason: `The backup is inconsistent: it says it holds ${header.counts[table]} ${table} but its chunks hold ${sums[table]}.` };
  }
  return { ok: true, header };
}

const RECORD_SCHEMAS: Record<StreamTable, z.ZodType> = {
  documents: documentMetaSchema,
  texts: documentTextSchema,
  annotations: annotationSchema,
  statuses: reviewStatusSchema,
  schemas: storedSchemaSchema,
  settings: settingSchema,
  audit: auditEntrySchema,
  originals: backupOriginalSchema,
  reviews: reviewSchema,
  progress: storedProgressSchema,
  suggestionRejections: suggestionRejectionSchema,
};

const LABEL: Record<StreamTable, string> = {
  documents: 'document',
  texts: 'text',
  annotations: 'annotation',
  statuses: 'review status',
  schemas: 'schema',
  settings: 'setting',
  audit: 'history entry',
  originals: 'original file',
  reviews: 'review',
  progress: 'reviewer progress',
  suggestionRejections: 'rejected suggestion',
};

/**
 * Checks a streamed backup's records chunk by chunk with memory that grows only with the number of
 * documents: records of the right shape, keys strictly rising (so no record twice, without a set of
 * every key), texts that hash to their ids, records that point at documents the backup holds, kept
 * files matching their SHA-256, and the history's hash chain, entry after entry.
 */
export class BackupChecker {
  readonly documentIds = new Set<string>();
  private readonly textIds = new Set<string>();
  private readonly lastKey = new Map<StreamTable, RecordKey>();
  private readonly seen = Object.fromEntries(STREAM_TABLES.map((t) => [t, 0])) as StreamCounts;
  private chain: { id: string; seq: number; hash: string } | null = null;

  constructor(
    private readonly header: StreamHeader,
    private readonly digest: Digest,
  ) {}

  /** The records of chunk `index`, checked and typed; a reason when they are not sound. */
  async check(index: number, records: unknown[]): Promise<{ ok: true; records: object[] } | { ok: false; reason: string }> {
    const chunk = this.header.chunks[index]!;
    const where = `chunk ${index + 1} of ${this.header.chunks.length} (${chunk.table})`;
    if (records.length !== chunk.records) return { ok: false, reason: `The backup is damaged: ${where} holds ${records.length} records, not ${chunk.records}.` };
    const parsed = z.array(RECORD_SCHEMAS[chunk.table]).safeParse(records);
    if (!parsed.success) return { ok: false, reason: `The backup’s records are not valid in ${where}: ${describeIssues(parsed.error)}.` };
    const typed = parsed.data as object[];
    for (const record of typed) {
      const problem = await this.problemOf(chunk.table, record);
      if (problem !== null) return { ok: false, reason: problem };
    }
    this.seen[chunk.table] += typed.length;
    return { ok: true, records: typed };
  }

  private async problemOf(table: StreamTable, record: object): Promise<string | null> {
    const key = recordKey(table, record);
    const last = this.lastKey.get(table);
    if (last !== undefined && compareKeys(last, key) >= 0) {
      return `The backup holds the ${LABEL[table]} ${String(key)} twice or out of order: it was altered.`;
    }
    this.lastKey.set(table, key);
    const pointsAt = (record as { documentId?: string }).documentId;
    switch (table) {
      case 'documents':
        this.documentIds.add(key as string);
        return null;
      case 'texts': {
        const text = record as { id: string; text: string };
        if (!isIdOfText(text.id, text.text)) return `The text stored for document ${text.id} does not match its id: the text was altered.`;
        if (!this.documentIds.has(text.id)) return `The backup holds a text (${text.id}) for a document it does not hold.`;
        this.textIds.add(text.id);
        return null;
      }
      case 'annotations':
        return this.documentIds.has(pointsAt!) ? null : `An annotation points at a document the backup does not hold (${String(key)}).`;
      case 'statuses':
        return this.documentIds.has(pointsAt!) ? null : 'A review status belongs to a document the backup does not hold.';
      case 'originals': {
        const original = record as { id: string; base64: string; sha256: string };
        if (!this.documentIds.has(original.id)) return `The backup holds an original file (${original.id}) for a document it does not hold.`;
        const bytes = fromBase64(original.base64);
        if (bytes === null) return `The original file of document ${original.id} is damaged in the backup: its bytes are not valid base64.`;
        if (sha256Bytes(bytes) !== original.sha256) return `The original file of document ${original.id} does not match its SHA-256: the file was altered.`;
        return null;
      }
      case 'audit':
        return this.chainProblem(record as AuditEntry);
      default:
        return null;
    }
  }

  /** The history's chain, checked as the entries stream by in [chain+seq] order. */
  private async chainProblem(entry: AuditEntry): Promise<string | null> {
    const fresh = this.chain === null || this.chain.id !== entry.chain;
    const expectedSeq = fresh ? 1 : this.chain!.seq + 1;
    const expectedPrev = fresh ? GENESIS_HASH : this.chain!.hash;
    const fail = (reason: string) => `The backup’s history does not hold together: ${reason}.`;
    if (entry.seq !== expectedSeq) return fail(`entry ${expectedSeq} is missing`);
    if (entry.prevHash !== expectedPrev) return fail(`entry ${entry.seq} does not follow the entry before it (the log was reordered or an entry removed)`);
    const { hash, ...rest } = entry;
    if ((await hashEntry(rest, this.digest)) !== hash) return fail(`entry ${entry.seq} was changed after it was written`);
    this.chain = { id: entry.chain, seq: entry.seq, hash };
    return null;
  }

  /** After the last chunk: every document has its text, and every table held what the header said. */
  finish(): string | null {
    for (const table of STREAM_TABLES) {
      if (this.seen[table] !== this.header.counts[table]) return `The backup is inconsistent: it says it holds ${this.header.counts[table]} ${table} but holds ${this.seen[table]}.`;
    }
    const missing = [...this.documentIds].filter((id) => !this.textIds.has(id));
    if (missing.length > 0) return `${missing.length} ${missing.length === 1 ? 'document has' : 'documents have'} no text in the backup (first: ${missing[0]}).`;
    return null;
  }
}
