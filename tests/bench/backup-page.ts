// Runs in the benchmark's Chromium page (bundled by backup.bench.ts): Margin's real backup and
// restore path (renderer/src/db/backup-stream.ts) on databases of the app's schema, and the same-run
// baseline doing the equivalent raw work (Dexie pages, JSON lines, CompressionStream, bulkPut).
import { Dexie } from 'dexie';
import { verifyAuditLog } from '@shared/audit/chain';
import { restoredChunkOf } from '@shared/audit/restore-entry';
import { canonicalJson } from '@shared/canonical-json';
import { STREAM_TABLES } from '@shared/export/backup-stream';
import type { Annotation, DocumentMeta, DocumentText } from '@shared/model';
import { checkStreamedBackup, restoreStreamedBackup, writeStreamedBackup } from '../../renderer/src/db/backup-stream';
import { openDatabase } from '../../renderer/src/db/database';
import type { MarginDatabase } from '../../renderer/src/db/database';
import { sha256HexDigest } from '../../renderer/src/db/digest';
import { signCovered } from '../../renderer/src/db/signing';

const SOURCE = 'margin-bench-backup-source';
const TARGET = 'margin-bench-backup-target';
const BATCH = 10_000;
const PAGE = 10_000;

let file: Blob | null = null;
let baselineChunks: { table: string; blob: Blob }[] = [];

async function fresh(name: string): Promise<MarginDatabase> {
  await Dexie.delete(name);
  const db = openDatabase(name);
  await db.open();
  return db;
}

/** Fills the source database: one document and `count` annotations made from the templates, written by bulkPut in batches. */
async function fill(input: { meta: DocumentMeta; text: DocumentText; templates: Annotation[]; count: number }): Promise<{ annotations: number }> {
  const db = await fresh(SOURCE);
  await db.documents.put(input.meta);
  await db.texts.put(input.text);
  for (let from = 0; from < input.count; from += BATCH) {
    const batch: Annotation[] = [];
    for (let i = from; i < Math.min(input.count, from + BATCH); i++) {
      const template = input.templates[i % input.templates.length]!;
      batch.push({ ...template, id: `bench-${String(i).padStart(8, '0')}` as Annotation['id'] });
    }
    try {
      await db.annotations.bulkPut(batch);
    } catch (error) {
      // Playwright passes only the message on; name the failure and where it came.
      const { name, message } = error as Error;
      throw new Error(`Filling failed at annotation ${from}: ${name}: ${message}`, { cause: error });
    }
  }
  const annotations = await db.annotations.count();
  db.close();
  return { annotations };
}

/** Margin's backup: every table in pages, gzip chunks, signed by the device key. */
async function marginBackup(): Promise<{ ms: number; bytes: number; chunks: number }> {
  const db = openDatabase(SOURCE);
  const t0 = performance.now();
  const written = await writeStreamedBackup(db, { now: new Date().toISOString(), sign: (covered) => signCovered(db, covered) });
  const ms = performance.now() - t0;
  file = written.file;
  db.close();
  return { ms, bytes: written.file.size, chunks: written.header.chunks.length };
}

/** The baseline backup: the same tables read in pages of the same size, as JSON lines, each page through CompressionStream into a Blob. */
async function baselineBackup(): Promise<{ ms: number; bytes: number }> {
  const db = openDatabase(SOURCE);
  const t0 = performance.now();
  baselineChunks = [];
  for (const table of STREAM_TABLES.map((name) => db.table(name))) {
    let after: unknown = null;
    for (;;) {
      const records = await (after === null ? table.orderBy(':id') : table.where(':id').above(after)).limit(PAGE).toArray();
      if (records.length === 0) break;
      after = Dexie.getByKeyPath(records[records.length - 1], table.schema.primKey.keyPath as string | string[]);
      let text = '';
      for (const record of records) text += JSON.stringify(record) + '\n';
      const gz = new Uint8Array(await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
      baselineChunks.push({ table: table.name, blob: new Blob([gz]) });
      if (records.length < PAGE) break;
    }
  }
  const ms = performance.now() - t0;
  db.close();
  return { ms, bytes: baselineChunks.reduce((n, c) => n + c.blob.size, 0) };
}

/** Margin's restore: the whole file checked, then written in one transaction (replace) into an empty database. */
async function marginRestore(): Promise<{ ms: number; checkMs: number; annotations: number }> {
  const db = await fresh(TARGET);
  const t0 = performance.now();
  const checked = await checkStreamedBackup(file!);
  if (!checked.ok) throw new Error(checked.reason);
  const checkMs = performance.now() - t0;
  let counts: Awaited<ReturnType<typeof restoreStreamedBackup>>;
  try {
    counts = await restoreStreamedBackup(db, checked.backup, 'replace');
  } catch (error) {
    // Playwright passes on only what it can serialise (a minified class came back as "r"): name it here.
    const { name, message, cause } = error instanceof Error ? error : new Error(String(error));
    const inner = cause instanceof Error ? ` (cause ${cause.name}: ${cause.message})` : '';
    throw new Error(`Restore failed after ${Math.round(performance.now() - t0)} ms: ${name}: ${message}${inner}`, { cause: error });
  }
  const ms = performance.now() - t0;
  db.close();
  return { ms, checkMs, annotations: counts.annotations };
}

/**
 * After a restore, outside the timing: every table holds as many records as the source, `sample`
 * annotations spread over the key range are deep-equal (canonical JSON) to the source's, the
 * target's audit log verifies, and its restore entries account for every annotation.
 */
async function verifyRoundTrip(sample: number): Promise<{ counts: Record<string, [number, number]>; sampled: number; mismatched: string[]; auditEntries: number; auditOk: boolean; annotationsLogged: number }> {
  const source = openDatabase(SOURCE);
  const target = openDatabase(TARGET);
  const counts: Record<string, [number, number]> = Object.create(null) as Record<string, [number, number]>;
  // The device identity and reviewer are the target's own (a restore never takes them), so settings differ by design.
  for (const table of STREAM_TABLES) if (table !== 'audit' && table !== 'settings') counts[table] = [await source.table(table).count(), await target.table(table).count()];
  const total = await source.annotations.count();
  const ids: Annotation['id'][] = [];
  for (let i = 0; i < sample; i++) ids.push(`bench-${String(Math.floor((i * total) / sample)).padStart(8, '0')}` as Annotation['id']);
  const [mine, theirs] = await Promise.all([source.annotations.bulkGet(ids), target.annotations.bulkGet(ids)]);
  const mismatched = ids.filter((_, i) => mine[i] === undefined || canonicalJson(mine[i]) !== canonicalJson(theirs[i]));
  const log = await target.audit.toArray();
  const verified = await verifyAuditLog(log, sha256HexDigest);
  const annotationsLogged = log.reduce((n, entry) => n + (entry.table === 'annotations' ? (restoredChunkOf(entry)?.records ?? 0) : 0), 0);
  source.close();
  target.close();
  return { counts, sampled: ids.length, mismatched, auditEntries: log.length, auditOk: verified.ok, annotationsLogged };
}

/** The baseline restore: each baseline chunk decompressed, split into lines, parsed and bulkPut into an empty database. */
async function baselineRestore(): Promise<{ ms: number; annotations: number }> {
  const db = await fresh(TARGET);
  const t0 = performance.now();
  for (const chunk of baselineChunks) {
    const text = await new Response(chunk.blob.stream().pipeThrough(new DecompressionStream('gzip'))).text();
    const records = text.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as object);
    await db.table(chunk.table).bulkPut(records);
  }
  const ms = performance.now() - t0;
  const annotations = await db.annotations.count();
  db.close();
  return { ms, annotations };
}

/** Frees the files and the databases; `keepSource` keeps the filled source for the next run. */
async function cleanUp(keepSource = false): Promise<void> {
  file = null;
  baselineChunks = [];
  if (!keepSource) await Dexie.delete(SOURCE);
  await Dexie.delete(TARGET);
}

declare global {
  interface Window {
    backupBench: typeof api;
  }
}
const api = { fill, marginBackup, baselineBackup, marginRestore, verifyRoundTrip, baselineRestore, cleanUp };
window.backupBench = api;
