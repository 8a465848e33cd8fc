// The ingest benchmark's page: Margin's import path (enqueueImport with file sources, what the drop
// target and the import dialog call; the parse Worker; storeImportBatch through the change funnel)
// and two baselines, a minimal importer and a raw bulkPut, in one page so they share one browser,
// one origin's IndexedDB and one set of File objects. Built by ingest.bench.ts with Vite.
import { Dexie } from 'dexie';
import type { DocumentMeta, DocumentText } from '@shared/model';
import { openDatabase } from '../../../renderer/src/db/database';
import { enqueueImport, fileSource, resetImportStore, useImportStore } from '../../../renderer/src/features/import/import-queue';
import { DEFAULT_IMPORT_MAX_BYTES } from '../../../renderer/src/db/imports';

/** The same batch the import queue stores in one transaction (BATCH_FILES in import-queue.ts). */
const MINIMAL_BATCH = 200;

const WORDS = (
  'patients cohort trial randomised placebo remission cytokine release syndrome infusion neutropenia grade dose ' +
  'follow-up months lymphodepletion fludarabine cyclophosphamide b cell depletion lupus nephritis sclerosis myositis ' +
  'vasculitis antibody titres proteinuria creatinine baseline week response outcome adverse event serious infection ' +
  'hospitalisation median interquartile range confidence interval hazard ratio significant analysis protocol'
).split(' ');

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One synthetic article of `size` ASCII characters: a title line, then paragraphs of clinical words. */
function article(index: number, size: number, random: () => number): string {
  const parts = [`Synthetic article ${index + 1}: ${WORDS[index % WORDS.length]} in ${WORDS[(index * 7) % WORDS.length]}\n\n`];
  let length = parts[0]!.length;
  let sentence = 0;
  while (length < size) {
    const count = 8 + Math.floor(random() * 14);
    const words: string[] = [];
    for (let i = 0; i < count; i++) words.push(WORDS[Math.floor(random() * WORDS.length)]!);
    const text = `${words.join(' ')}.${++sentence % 6 === 0 ? '\n\n' : ' '}`;
    parts.push(text);
    length += text.length;
  }
  return parts.join('').slice(0, size);
}

let files: File[] = [];
/** What Margin stored in its first run, for the raw bulkPut of the same records. */
let storedRecords: { documents: DocumentMeta[]; texts: DocumentText[] } | null = null;

function hex(buffer: ArrayBuffer): string {
  let out = '';
  for (const byte of new Uint8Array(buffer)) out += byte.toString(16).padStart(2, '0');
  return out;
}

async function fresh(name: string) {
  await Dexie.delete(name);
  const db = openDatabase(name);
  await db.open();
  return db;
}

async function counts(db: ReturnType<typeof openDatabase>) {
  return { documents: await db.documents.count(), texts: await db.texts.count(), audit: await db.audit.count() };
}

const api = {
  /** Makes the files in the page, so 250 MB never crosses the DevTools protocol. */
  generate(count: number, size: number, seed: number): { files: number; bytes: number } {
    const random = mulberry32(seed);
    files = Array.from({ length: count }, (_, i) => new File([article(i, size, random)], `article-${String(i + 1).padStart(5, '0')}.txt`, { type: 'text/plain' }));
    return { files: files.length, bytes: files.reduce((sum, file) => sum + file.size, 0) };
  },

  /** Margin's import of every file into a new database, timed from the call to the last file stored. */
  async margin(name: string): Promise<{ ms: number; imported: number; failed: string[]; stored: { documents: number; texts: number; audit: number } }> {
    const db = await fresh(name);
    resetImportStore();
    const begin = performance.now();
    await enqueueImport(db, files.map(fileSource), DEFAULT_IMPORT_MAX_BYTES);
    const ms = performance.now() - begin;
    const rows = useImportStore.getState().rows;
    const stored = await counts(db);
    if (storedRecords === null) storedRecords = { documents: await db.documents.toArray(), texts: await db.texts.toArray() };
    db.close();
    await Dexie.delete(name);
    resetImportStore();
    return { ms, imported: rows.filter((row) => row.state === 'imported').length, failed: rows.filter((row) => row.state === 'failed').map((row) => row.reason ?? ''), stored };
  },

  /**
   * The minimal importer: per file, read its bytes, decode them as UTF-8, hash them with WebCrypto;
   * per 200 files, one transaction putting a document record and its text into the same tables.
   */
  async minimal(name: string): Promise<{ ms: number; stored: { documents: number; texts: number; audit: number } }> {
    const db = await fresh(name);
    const decoder = new TextDecoder();
    const now = new Date().toISOString();
    const begin = performance.now();
    for (let from = 0; from < files.length; from += MINIMAL_BATCH) {
      const documents: DocumentMeta[] = [];
      const texts: DocumentText[] = [];
      for (const file of files.slice(from, from + MINIMAL_BATCH)) {
        const bytes = new Uint8Array(await file.arrayBuffer());
        const text = decoder.decode(bytes);
        const id = hex(await crypto.subtle.digest('SHA-256', bytes)) as DocumentMeta['id'];
        documents.push({
          id,
          title: text.slice(0, text.indexOf('\n')),
          authors: [],
          journal: null,
          publishedDate: null,
          doi: null,
          pmid: null,
          trialRegistration: null,
          type: 'other',
          origin: 'imported',
          fileName: file.name,
          corpusVersion: null,
          addedAt: now,
          textLength: text.length,
          pageMap: null,
        });
        texts.push({ id, text });
      }
      await db.transaction('rw', db.documents, db.texts, async () => {
        await db.documents.bulkPut(documents);
        await db.texts.bulkPut(texts);
      });
    }
    const ms = performance.now() - begin;
    const stored = await counts(db);
    db.close();
    await Dexie.delete(name);
    return { ms, stored };
  },

  /** The records Margin stored in its first run, written with one bulkPut per table in one transaction. */
  async bulkPut(name: string): Promise<{ ms: number; stored: { documents: number; texts: number; audit: number } }> {
    if (storedRecords === null) throw new Error('bulkPut needs a Margin run first');
    const { documents, texts } = storedRecords;
    const db = await fresh(name);
    const begin = performance.now();
    await db.transaction('rw', db.documents, db.texts, async () => {
      await db.documents.bulkPut(documents);
      await db.texts.bulkPut(texts);
    });
    const ms = performance.now() - begin;
    const stored = await counts(db);
    db.close();
    await Dexie.delete(name);
    return { ms, stored };
  },
};

export type IngestApi = typeof api;
(window as unknown as { __ingest: IngestApi }).__ingest = api;
document.title = 'ingest bench ready';
