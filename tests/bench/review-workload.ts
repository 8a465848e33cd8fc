// The 1 MB review with 10,000 annotations that the annotation and open-document benchmarks share:
// built once from a seed with the app's own shared modules, seeded into the web build's database.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { sha256Hex } from '@shared/hash';
import type { DocumentId, DocumentMeta } from '@shared/model';
import { segmentText } from '@shared/text/segment';
import type { TextBlock } from '@shared/text/segment';
import { openDatabase } from '../../renderer/src/db/database';
import { seedDatabase } from './page-probes';
import { annotationRecords, generateRanges, generateReview } from './synthetic-review';

export const SEED = 20_250_314;
export const TEXT_LENGTH = 1_000_000;
export const ANNOTATION_COUNT = 10_000;
export const TITLE = 'Benchmark: CAR T cell therapy in autoimmune disease (1 MB synthetic review)';
export const BUNDLED_DOCUMENTS = (JSON.parse(readFileSync(resolve(import.meta.dirname, '../../resources/documents/manifest.json'), 'utf8')) as { documents: unknown[] }).documents.length;

export const text = generateReview(SEED, TEXT_LENGTH);
export const documentId = sha256Hex(text) as DocumentId;
export const ranges = generateRanges(text, ANNOTATION_COUNT, SEED + 1);
export const annotations = annotationRecords(text, documentId, ranges, SEED + 2);
export const blocks = segmentText(text);
export const meta: DocumentMeta = {
  id: documentId,
  title: TITLE,
  authors: ['Benchmark Generator'],
  journal: null,
  publishedDate: '2025',
  doi: null,
  pmid: null,
  trialRegistration: null,
  type: 'review',
  origin: 'imported',
  fileName: 'benchmark-review.txt',
  corpusVersion: null,
  addedAt: '2025-03-14T09:00:00.000Z',
  textLength: text.length,
  pageMap: null,
};

/** After a (re)load: the left pane's picker lists `documents` documents and the page is idle. */
export async function waitForApp(page: Page, documents: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll('[aria-label="Reader, left pane"] select option').length > n, documents, { timeout: 30_000 });
  await page.evaluate(() => new Promise<void>((done) => requestIdleCallback(() => done(), { timeout: 3_000 })));
}

/**
 * Writes the review and its annotations into the app's database (which the app has created on its
 * first start, storing the bundled corpus), reloads, and checks the library lists it.
 */
export async function seedReview(page: Page): Promise<void> {
  await waitForApp(page, BUNDLED_DOCUMENTS);
  const seeded = await page.evaluate(seedDatabase, { meta, text: { id: documentId, text }, annotations });
  // Dexie stores its version n as n × 10 in IndexedDB; the seed must meet the app's current schema.
  expect(seeded.version).toBe(openDatabase('margin-bench-probe').verno * 10);
  expect(seeded.stores).toEqual(expect.arrayContaining(['documents', 'texts', 'annotations']));
  await page.reload();
  await waitForApp(page, BUNDLED_DOCUMENTS + 1);
}

/** The block holding `offset`, by binary search (ranges start and end on words, never between blocks). */
export function blockIndexAt(list: readonly TextBlock[], offset: number, isEnd: boolean): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (list[mid]!.start < offset || (!isEnd && list[mid]!.start === offset)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The ranges as (start block, offset in it, end block, offset in it, colour index), five numbers each. */
export function rangesByBlock(colors: readonly string[]): number[] {
  const flat: number[] = [];
  for (const r of ranges) {
    const startBlock = blockIndexAt(blocks, r.start, false);
    const endBlock = blockIndexAt(blocks, r.end, true);
    flat.push(startBlock, r.start - blocks[startBlock]!.start, endBlock, r.end - blocks[endBlock]!.start, colors.indexOf(r.color));
  }
  return flat;
}
