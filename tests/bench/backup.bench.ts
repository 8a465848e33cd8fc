// The backup benchmark (issue 16 item 6): in Chromium, a database of 1,000,000 annotations (and of
// 100,000) backed up and restored through Margin's real path (streamed backup, whole-file check,
// one-transaction restore with its audit entries), timed and with the JS heap's peak sampled during
// each step, beside a same-run baseline doing the equivalent raw work: the same tables read in the
// same pages as JSON lines through CompressionStream, and the same records decompressed and bulkPut.
// Results in bench-results/backup.json.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { build } from 'vite';
import { launchBrowser, openApp } from '../e2e/browser';
import { machineDescription, measure, measuresTable, ratio, ratiosTable, writeResults } from './bench-report';
import type { Measure, Ratio } from './bench-report';
import { annotations, meta, text, documentId } from './review-workload';

const RESULTS_PATH = resolve(import.meta.dirname, '../../bench-results/backup.json');
/**
 * Runs per size. At 1,000,000 annotations one run (fill, two backups, two restores) takes minutes,
 * so it runs 3 times; 100,000 runs 5 times. MARGIN_BENCH_BACKUP_SIZES overrides ("100000:5").
 */
const SIZES: { annotations: number; runs: number }[] = (process.env.MARGIN_BENCH_BACKUP_SIZES ?? '100000:5,1000000:3').split(',').map((entry) => {
  const [n, runs] = entry.split(':').map(Number);
  return { annotations: n!, runs: runs! };
});
const SAMPLE_MS = 200;
const MB = 2 ** 20;

let browser: Browser;
let page: Page;
let cdp: CDPSession;
let chromiumVersion = 'unknown';
const measures: Record<string, Measure> = {};
const ratios: Record<string, Ratio> = {};
const notes: Record<string, unknown> = {};

/** The page-side code: Margin's modules bundled for the browser as the web build bundles them. */
async function pageBundle(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    // Library mode leaves process.env for the host to define; the browser has none.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    resolve: { alias: { '@shared': resolve(import.meta.dirname, '../../shared') } },
    build: {
      write: false,
      minify: false,
      lib: { entry: resolve(import.meta.dirname, 'backup-page.ts'), formats: ['iife'], name: 'marginBackupBench' },
    },
  });
  const result = Array.isArray(output) ? output[0]! : output;
  if (!('output' in result)) throw new Error('The bench page bundle did not build.');
  return result.output[0]!.code;
}

/** Runs `step` in the page while sampling the JS heap every SAMPLE_MS through CDP; the peak above the start. */
async function sampled<T>(step: () => Promise<T>): Promise<{ result: T; peakHeapMb: number; startHeapMb: number }> {
  const heap = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value;
  };
  await cdp.send('HeapProfiler.collectGarbage');
  const start = await heap();
  let peak = start;
  let running = true;
  const sampler = (async () => {
    while (running) {
      peak = Math.max(peak, await heap());
      await new Promise((done) => setTimeout(done, SAMPLE_MS));
    }
  })();
  try {
    const result = await step();
    peak = Math.max(peak, await heap());
    return { result, peakHeapMb: peak / MB, startHeapMb: start / MB };
  } finally {
    running = false;
    await sampler;
  }
}

beforeAll(async () => {
  browser = await launchBrowser();
  chromiumVersion = browser.version();
  ({ page } = await openApp(browser));
  cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  // Through CDP, which the app's CSP and Trusted Types (rightly) do not let a script tag do.
  await page.evaluate(await pageBundle());
  await page.waitForFunction(() => 'backupBench' in window);
}, 180_000);

afterAll(async () => {
  await page?.evaluate(() => window.backupBench.cleanUp()).catch(() => undefined);
  await browser?.close();
  writeResults(RESULTS_PATH, { machine: machineDescription(), chromium: chromiumVersion, measures, ratios, notes });
  console.log(`\nBackup benchmark (bench-results/backup.json)\n${measuresTable(measures)}\n\n${ratiosTable(ratios)}\n`);
});

describe('backup and restore of many annotations', () => {
  for (const size of SIZES) {
    const label = size.annotations >= 1_000_000 ? `${size.annotations / 1_000_000}M` : `${size.annotations / 1_000}k`;
    it(
      `backs up and restores ${size.annotations.toLocaleString('en')} annotations, ${size.runs} runs`,
      async () => {
        const samples = { backupMs: [] as number[], baseBackupMs: [] as number[], restoreMs: [] as number[], checkMs: [] as number[], baseRestoreMs: [] as number[] };
        const heap = { backup: [] as number[], baseBackup: [] as number[], restore: [] as number[], baseRestore: [] as number[] };
        const sizes: Record<string, number>[] = [];
        for (let run = 0; run < size.runs; run++) {
          const filled = await page.evaluate((input) => window.backupBench.fill(input), { meta, text: { id: documentId, text }, templates: annotations, count: size.annotations });
          expect(filled.annotations).toBe(size.annotations);
          const backup = await sampled(() => page.evaluate(() => window.backupBench.marginBackup()));
          const base = await sampled(() => page.evaluate(() => window.backupBench.baselineBackup()));
          const restore = await sampled(() => page.evaluate(() => window.backupBench.marginRestore()));
          // Round trip: every annotation came back, and each restored record has its audit entry.
          expect(restore.result.annotations).toBe(size.annotations);
          expect(restore.result.audit).toBeGreaterThanOrEqual(size.annotations);
          const baseRestore = await sampled(() => page.evaluate(() => window.backupBench.baselineRestore()));
          expect(baseRestore.result.annotations).toBe(size.annotations);
          samples.backupMs.push(backup.result.ms);
          samples.baseBackupMs.push(base.result.ms);
          samples.restoreMs.push(restore.result.ms);
          samples.checkMs.push(restore.result.checkMs);
          samples.baseRestoreMs.push(baseRestore.result.ms);
          heap.backup.push(backup.peakHeapMb - backup.startHeapMb);
          heap.baseBackup.push(base.peakHeapMb - base.startHeapMb);
          heap.restore.push(restore.peakHeapMb - restore.startHeapMb);
          heap.baseRestore.push(baseRestore.peakHeapMb - baseRestore.startHeapMb);
          sizes.push({ fileMb: backup.result.bytes / MB, baselineMb: base.result.bytes / MB, chunks: backup.result.chunks, auditEntries: restore.result.audit });
          console.log(`${label} run ${run + 1}: backup ${Math.round(backup.result.ms)} ms (baseline ${Math.round(base.result.ms)}), restore ${Math.round(restore.result.ms)} ms of which check ${Math.round(restore.result.checkMs)} (baseline ${Math.round(baseRestore.result.ms)}), peak heap +${Math.round(backup.peakHeapMb - backup.startHeapMb)} / +${Math.round(restore.peakHeapMb - restore.startHeapMb)} MB`);
          await page.evaluate(() => window.backupBench.cleanUp());
        }
        measures[`backup ${label}`] = measure(samples.backupMs, 'ms', 'writeStreamedBackup, signed', null);
        measures[`backup baseline ${label}`] = measure(samples.baseBackupMs, 'ms', 'raw pages + JSON lines + CompressionStream', null);
        measures[`restore ${label}`] = measure(samples.restoreMs, 'ms', 'checkStreamedBackup + restoreStreamedBackup (replace, into an empty database)', null);
        measures[`restore check ${label}`] = measure(samples.checkMs, 'ms', 'checkStreamedBackup alone', null);
        measures[`restore baseline ${label}`] = measure(samples.baseRestoreMs, 'ms', 'DecompressionStream + JSON.parse + bulkPut', null);
        measures[`backup peak heap ${label}`] = measure(heap.backup, 'MB', 'JSHeapUsedSize peak above start (CDP, every 200 ms)', null);
        measures[`backup baseline peak heap ${label}`] = measure(heap.baseBackup, 'MB', 'JSHeapUsedSize peak above start', null);
        measures[`restore peak heap ${label}`] = measure(heap.restore, 'MB', 'JSHeapUsedSize peak above start', null);
        measures[`restore baseline peak heap ${label}`] = measure(heap.baseRestore, 'MB', 'JSHeapUsedSize peak above start', null);
        ratios[`backup ${label}`] = ratio(samples.backupMs, samples.baseBackupMs, null, { measured: 'Margin backup', baseline: 'raw pages + CompressionStream' });
        ratios[`restore ${label}`] = ratio(samples.restoreMs, samples.baseRestoreMs, null, { measured: 'Margin check + restore', baseline: 'raw decompress + bulkPut' });
        notes[`files ${label}`] = sizes;
      },
      // Tens of minutes per run at a million on a loaded 2-core machine (a 20,000-annotation run
      // took 63 s there); the bench config's default is for the small benches.
      size.runs * Math.max(180_000, size.annotations * 4),
    );
  }
});
