// The sync benchmark (issue 11 item 5), with the real sync server process on loopback:
// (1) a document with 500 annotations synced from one replica to another through the server, and
// (2) a review of 10,000 annotations (20 documents × 500) opened once the store is warm: the app in
// Chromium with Dexie already holding what sync delivered, from pressing the Review tab to the
// adjudication and the whole review's agreement on screen. Each beside a same-run baseline, raw
// Automerge loading the same data; also, for reference, an automerge-repo reload of every document
// (what opening must not wait for). Results: bench-results/sync.json.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs';
import * as A from '@automerge/automerge';
import type { Annotation, AnnotationId, DocumentId, ReviewerId } from '@shared/model';
import type { Review, ReviewId } from '@shared/review/model';
import { readSyncDoc, seedDoc, writeRecords } from '@shared/sync/automerge-doc';
import type { SyncDocShape } from '@shared/sync/automerge-doc';
import { readRecords, reviewDocRecords, reviewerDocRecords, syncDocumentId } from '@shared/sync/layout';
import type { SyncDocMeta } from '@shared/sync/layout';
import { sha256Hex } from '@shared/hash';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp } from '../e2e/browser';
import { makeReplica } from '../renderer/workers/sync-fixtures';
import { annotationRecords, generateRanges, generateReview } from './synthetic-review';
import { buildSyncServer, startServerProcess } from '../scripts/sync-server-process';
import type { ServerProcess } from '../scripts/sync-server-process';
import { machineDescription, metric, ratio, ratiosTable, resultsTable, writeResults } from './bench-report';

const RESULTS_PATH = resolve(import.meta.dirname, '../../bench-results/sync.json');
const RUNS = 5;
const TOKEN = 'bench-token-0a9f';
const ANN = 'bench-ann' as ReviewerId;
const CAL = 'bench-cal' as ReviewerId;
const PER_DOC = 500;
const DOCS_IN_REVIEW = 20;

let file = '';
let server: ServerProcess;

beforeAll(async () => {
  file = buildSyncServer();
  server = await startServerProcess(file, { dataDir: mkdtempSync(join(tmpdir(), 'margin-sync-bench-')), token: TOKEN });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (file) rmSync(dirname(file), { recursive: true, force: true });
});

function review(id: ReviewId, documents: number): Review {
  return {
    id,
    name: 'Bench review',
    protocolId: null,
    schemaKey: 'core@1',
    documentIds: Array.from({ length: documents }, (_, i) => `bench-doc-${i}` as DocumentId),
    members: [
      { reviewerId: ANN, name: 'Ann', role: 'extractor', joinedAt: '2026-12-01T09:00:00.000Z' },
      { reviewerId: CAL, name: 'Cal', role: 'adjudicator', joinedAt: '2026-12-01T09:00:01.000Z' },
    ],
    blinded: true,
    createdAt: '2026-12-01T09:00:00.000Z',
    createdBy: CAL,
  };
}

/** 500 realistic annotations: a quote selector, a note, tags and a typed value each. */
function annotations(reviewId: ReviewId, documentId: DocumentId, count: number): Annotation[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${documentId}-a${i}` as AnnotationId,
    documentId,
    target: {
      quote: { exact: `grade ${i % 5} cytokine release syndrome in ${i % 12} of 12 patients`, prefix: 'we observed ', suffix: ' after infusion' },
      position: { start: i * 120, end: i * 120 + 60 },
    } as never,
    color: 'red',
    note: `Value ${i}: checked against table 2`,
    tags: ['safety', `batch-${i % 7}`],
    field: { fieldKey: 'crs', schemaId: 'core', value: { kind: 'grade', scale: 'ASTCT', grade: i % 5 } as never, status: 'parsed', reason: null, qualifier: null },
    creator: 'Ann',
    creatorId: ANN,
    createdAt: '2026-12-01T10:00:00.000Z',
    modifiedAt: '2026-12-01T10:00:00.000Z',
    deletedAt: null,
    reviewId,
  }));
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

const BEN = 'bench-ben' as ReviewerId;
const VALUES_PER_SIDE = 10;

/** Puts records into the app's own object stores in one transaction (run inside the page). */
function seedStores(arg: { stores: [string, unknown[]][] }): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('margin');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const tx = db.transaction(arg.stores.map(([name]) => name), 'readwrite');
      for (const [name, records] of arg.stores) for (const record of records) tx.objectStore(name).put(record);
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** From pressing the Review tab to the document's and the whole review's agreement on screen (in the page). */
function timeOpenReview(): Promise<number> {
  const tab = (name: string) => [...document.querySelectorAll<HTMLElement>('[role="tab"]')].find((t) => t.textContent === name)!;
  return new Promise((resolve, reject) => {
    tab('Annotations').click();
    requestAnimationFrame(() =>
      setTimeout(() => {
        const started = performance.now();
        tab('Review').click();
        const deadline = started + 60_000;
        const poll = () => {
          const shown = document.querySelector('[aria-label="Agreement on this document"]') && document.querySelector('.review-agreement .agreement-line') && document.querySelectorAll('.adjudication-table tr[data-row]').length > 0;
          if (shown) resolve(performance.now() - started);
          else if (performance.now() > deadline) reject(new Error('the review did not open'));
          else requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
      }, 50),
    );
  });
}

/**
 * A review of 20 documents, each with 250 annotations by each extractor (10 of them field values:
 * a CRS grade per patient, most agreeing), as Dexie holds it once sync has delivered it; and the
 * same annotations as the Automerge documents sync keeps, saved, for the baseline.
 */
function warmReview(adjudicator: ReviewerId) {
  const reviewId = 'bench-warm-review' as ReviewId;
  const documents: unknown[] = [];
  const texts: unknown[] = [];
  const records: Annotation[] = [];
  const progress: unknown[] = [];
  const documentIds: DocumentId[] = [];
  const byDoc: Annotation[][] = [];
  for (let d = 0; d < DOCS_IN_REVIEW; d++) {
    const text = generateReview(91_000 + d, 40_000);
    const id = sha256Hex(text) as DocumentId;
    documentIds.push(id);
    documents.push({ id, title: `Benchmark review document ${String(d + 1).padStart(2, '0')}`, authors: ['Benchmark Generator'], journal: null, publishedDate: '2025', doi: null, pmid: null, trialRegistration: null, type: 'review', origin: 'imported', fileName: `bench-${d}.txt`, corpusVersion: null, addedAt: '2025-03-14T09:00:00.000Z', textLength: text.length, pageMap: null });
    texts.push({ id, text });
    const made = annotationRecords(text, id, generateRanges(text, PER_DOC, 92_000 + d), 93_000 + d);
    const mine: Annotation[] = made.map((a, i) => {
      const side = i < PER_DOC / 2 ? { creatorId: ANN, creator: 'Ann' } : { creatorId: BEN, creator: 'Ben' };
      const k = i % (PER_DOC / 2);
      const grade = k % 3 === 0 && side.creatorId === BEN ? 2 : 1;
      const field = k < VALUES_PER_SIDE ? { fieldKey: 'patient_crs', schemaId: 'car-t-autoimmune@3', value: { type: 'graded-event' as const, event: 'cytokine release syndrome', scale: 'ASTCT-CRS' as const, grade, bound: 'exact' as const, timePoint: null }, status: 'parsed' as const, reason: null, qualifier: null, instance: `patient-${k + 1}` } : null;
      return { ...a, ...side, field: field as never, reviewId };
    });
    records.push(...mine);
    byDoc.push(mine);
    for (const reviewer of [ANN, BEN]) progress.push({ id: JSON.stringify([reviewId, id, reviewer]), reviewId, documentId: id, reviewerId: reviewer, status: 'done', updatedAt: '2026-12-01T11:00:00.000Z' });
  }
  const review: Review = {
    id: reviewId,
    name: 'Bench review, warm',
    protocolId: null,
    schemaKey: 'car-t-autoimmune@3',
    documentIds,
    members: [
      { reviewerId: ANN, name: 'Ann', role: 'extractor', joinedAt: '2026-12-01T09:00:00.000Z' },
      { reviewerId: BEN, name: 'Ben', role: 'extractor', joinedAt: '2026-12-01T09:00:00.001Z' },
      { reviewerId: adjudicator, name: 'Cal', role: 'adjudicator', joinedAt: '2026-12-01T09:00:00.002Z' },
    ],
    blinded: true,
    createdAt: '2026-12-01T09:00:00.000Z',
    createdBy: adjudicator,
  };
  // The baseline's bytes: the same records in the Automerge documents sync keeps (one per document and extractor).
  const binaries: Uint8Array[] = [];
  for (const list of byDoc) {
    for (const reviewer of [ANN, BEN]) {
      const meta: SyncDocMeta = { kind: 'reviewer', reviewId, documentId: list[0]!.documentId, reviewerId: reviewer };
      const records = reviewerDocRecords(list.filter((a) => a.creatorId === reviewer), null);
      binaries.push(A.save(A.change(seedDoc(meta), (d) => void writeRecords(d, records))));
    }
  }
  const stores: [string, unknown[]][] = [
    ['documents', documents],
    ['texts', texts],
    ['annotations', records],
    ['reviews', [review]],
    ['progress', progress],
    ['settings', [{ key: 'activeReview', value: reviewId }]],
  ];
  return { stores, binaries, firstTitle: 'Benchmark review document 01' };
}


describe('sync benchmark', () => {
  it('syncs 500 annotations over loopback and opens a 10,000-annotation review from a warm store', { timeout: 600_000 }, async () => {
    const syncMs: number[] = [];
    const syncBaselineMs: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const reviewId = `bench-sync-${run}-${Date.now()}` as ReviewId;
      const url = `${server.url}/?token=${TOKEN}`;
      const ann = makeReplica(ANN, { reviewId, network: [new WebSocketClientAdapter(url, 200)] });
      const meta: SyncDocMeta = { kind: 'reviewer', reviewId, documentId: 'bench-doc-0' as DocumentId, reviewerId: ANN };
      await ann.write(ann.reviewMeta, reviewDocRecords(review(reviewId, 1)));
      await ann.write(meta, reviewerDocRecords(annotations(reviewId, meta.documentId, PER_DOC), null));
      // Let Ann's device hand everything to the server before the clock starts.
      await wait(1500);
      const cal = makeReplica(CAL, { reviewId, network: [new WebSocketClientAdapter(url, 200)] });
      const started = performance.now();
      for (;;) {
        await cal.openWanted();
        const content = await cal.readLocal(syncDocumentId(meta));
        if (content !== null && content.records.size === PER_DOC) break;
        await wait(5);
      }
      syncMs.push(performance.now() - started);
      // Baseline: the same document's bytes loaded by raw Automerge (what any sync must at least do).
      const bytes = A.save((await ann.open(meta)).doc());
      const b0 = performance.now();
      const loaded = A.load<SyncDocShape>(bytes);
      expect(readSyncDoc(loaded)?.records.size).toBe(PER_DOC);
      syncBaselineMs.push(performance.now() - b0);
      await ann.repo.shutdown();
      await cal.repo.shutdown();
    }

    // A review of 20 documents × 500 annotations on disk; opened once to warm the store, then timed.
    const storeDir = mkdtempSync(join(tmpdir(), 'margin-sync-store-'));
    const reviewId = 'bench-open' as ReviewId;
    const seed = makeReplica(ANN, { reviewId, storage: new NodeFSStorageAdapter(storeDir) });
    await seed.write(seed.reviewMeta, reviewDocRecords(review(reviewId, DOCS_IN_REVIEW)));
    const binaries: Uint8Array[] = [];
    for (let d = 0; d < DOCS_IN_REVIEW; d++) {
      const meta: SyncDocMeta = { kind: 'reviewer', reviewId, documentId: `bench-doc-${d}` as DocumentId, reviewerId: ANN };
      await seed.write(meta, reviewerDocRecords(annotations(reviewId, meta.documentId, PER_DOC), null));
      binaries.push(A.save((await seed.open(meta)).doc()));
    }
    await seed.repo.flush();
    await seed.repo.shutdown();
    const openMs: number[] = [];
    const openBaselineMs: number[] = [];
    for (let run = 0; run < RUNS + 1; run++) {
      const replica = makeReplica(ANN, { reviewId, storage: new NodeFSStorageAdapter(storeDir) });
      const started = performance.now();
      let count = 0;
      for (const meta of await replica.openWanted()) count += (await replica.read(meta))?.annotations.length ?? 0;
      const elapsed = performance.now() - started;
      expect(count).toBe(DOCS_IN_REVIEW * PER_DOC);
      await replica.repo.shutdown();
      // Baseline: raw Automerge loading the same 20 documents' bytes and reading their records.
      const b0 = performance.now();
      let baselineCount = 0;
      for (const bytes of binaries) baselineCount += readRecords(readSyncDoc(A.load<SyncDocShape>(bytes))!).annotations.length;
      const baselineElapsed = performance.now() - b0;
      expect(baselineCount).toBe(DOCS_IN_REVIEW * PER_DOC);
      // The first run warms the store (file cache, JIT); it is not counted.
      if (run === 0) continue;
      openMs.push(elapsed);
      openBaselineMs.push(baselineElapsed);
    }
    rmSync(storeDir, { recursive: true, force: true });

    // The product path: the app in Chromium, Dexie already holding the review as sync delivered it.
    const warmOpenMs: number[] = [];
    const warmBaselineMs: number[] = [];
    const chromium: Browser = await launchBrowser();
    try {
      const session = await openApp(chromium, { reviewer: 'Cal' });
      const page: Page = session.page;
      await page.getByRole('list', { name: 'Documents' }).waitFor();
      const cal = (await page.evaluate(() => new Promise<string>((done) => {
        const open = indexedDB.open('margin');
        open.onsuccess = () => {
          const get = open.result.transaction('settings').objectStore('settings').get('reviewer');
          get.onsuccess = () => {
            done((get.result as { value: { id: string } }).value.id);
            open.result.close();
          };
        };
      }))) as ReviewerId;
      const warm = warmReview(cal);
      await page.evaluate(seedStores, { stores: warm.stores });
      await page.reload();
      await page.getByRole('button', { name: `Open ${warm.firstTitle}`, exact: true }).click();
      await page.getByRole('region', { name: 'Reader, left pane' }).locator('.document-text').waitFor();
      await page.evaluate(() => new Promise<void>((done) => requestIdleCallback(() => done(), { timeout: 3_000 })));
      for (let run = 0; run < RUNS + 1; run++) {
        const elapsed = await page.evaluate(timeOpenReview);
        const b0 = performance.now();
        let loaded = 0;
        for (const bytes of warm.binaries) loaded += readRecords(readSyncDoc(A.load<SyncDocShape>(bytes))!).annotations.length;
        const baselineElapsed = performance.now() - b0;
        expect(loaded).toBe(DOCS_IN_REVIEW * PER_DOC);
        // The first run warms the JIT and Chromium's IndexedDB cache; it is not counted.
        if (run === 0) continue;
        warmOpenMs.push(elapsed);
        warmBaselineMs.push(baselineElapsed);
      }
      expect(await page.getByLabel('Agreement on this document').textContent()).toMatch(/^This document: \d+ of 10 agree/);
      expect(session.errors).toEqual([]);
      await session.context.close();
    } finally {
      await chromium.close();
    }

    const metrics = {
      syncDocument500: metric(syncMs, 'one run: a second device connects to the sync server and holds all 500 annotations of a document the first device wrote', 1000),
      syncDocument500Baseline: metric(syncBaselineMs, 'one run: raw Automerge A.load of the same document’s saved bytes and reading its records (no network, no repo)', null),
      openReview10000: metric(warmOpenMs, 'one run, in Chromium: the adjudicator presses the Review tab with a document of a 20-document, 10,000-annotation review open, Dexie already holding what sync delivered; until the document’s agreement, its adjudication rows and the whole review’s agreement are on screen', 200),
      openReview10000Baseline: metric(warmBaselineMs, 'one run, in Node in the same run: raw Automerge A.load of the same 10,000 annotations’ sync documents (40 documents, 250 each) from saved bytes in memory, and reading their records', null),
      reloadReview10000FromAutomerge: metric(openMs, 'for reference, one run: an automerge-repo Repo on a warm file store opening the review’s 21 documents and reading 10,000 annotations back (what opening a review must not wait for)', null),
      reloadReview10000FromAutomergeBaseline: metric(openBaselineMs, 'one run: raw Automerge A.load of those 20 documents’ bytes, in memory, and reading their records', null),
    };
    const ratios = {
      syncVsRawLoad: ratio(syncMs, syncBaselineMs, null, { measured: 'sync over loopback through the server', baseline: 'raw Automerge load of the same bytes' }),
      openVsRawLoad: ratio(warmOpenMs, warmBaselineMs, null, { measured: 'open the review in the app from warm Dexie, to the agreement on screen', baseline: 'raw Automerge load of the same 10,000 annotations’ sync documents' }),
      reloadVsRawLoad: ratio(openMs, openBaselineMs, null, { measured: 'reload every document of the review through automerge-repo from a warm file store', baseline: 'raw Automerge load of the same bytes' }),
    };
    writeResults(RESULTS_PATH, {
      benchmark: 'sync',
      when: new Date().toISOString(),
      machine: machineDescription(),
      note: 'Sync: Node, real sync server process on 127.0.0.1, automerge-repo’s file-system adapter (the app keeps the same documents in IndexedDB in its sync worker). Opening a review “once the store is warm”: the web build in Chromium with Dexie already holding the review (what the screens query; sync has written it there), timed in the page from the Review tab press to the agreement on screen; its baseline is raw Automerge loading the same annotations’ sync documents in Node in the same run, the least any path that reloaded Automerge would do. The automerge-repo reload is kept for reference. Targets are on the p95 of the absolute times.',
      metrics,
      ratios,
    });
    process.stdout.write(`${resultsTable(metrics)}\n${ratiosTable(ratios)}\n`);
  });
});
