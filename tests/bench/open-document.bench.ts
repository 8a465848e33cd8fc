// The open-document benchmark (issue 9): the 1 MB review with 10,000 annotations opened from the
// library as a reviewer does, measured for main-thread blocking in the 5 s after its text shows and
// for the JS heap it adds, each against a plain Highlight API page in the same run.
// Results in bench-results/open-document.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { HIGHLIGHT_COLORS } from '@shared/model';
import { launchBrowser, openApp } from '../e2e/browser';
import { machineDescription, measure, measuresTable, writeResults } from './bench-report';
import type { Measure } from './bench-report';
import { armOpenProbe, installTaskLog, openRecord, plainPageHtml, showPlainArticle } from './open-document-probes';
import type { LongFrame, OpenRecord } from './open-document-probes';
import { heapByConstructor, heapGrowth, selfTimeByFunction, startRecording, timeByTraceEvent } from './open-document-profile';
import { ANNOTATION_COUNT, BUNDLED_DOCUMENTS, SEED, TITLE, annotations, blocks, rangesByBlock, seedReview, text, waitForApp } from './review-workload';

const RESULTS_PATH = resolve(import.meta.dirname, '../../bench-results/open-document.json');
const PROFILE_PATH = resolve(import.meta.dirname, '../../bench-results/open-document-profile.json');
const TRACE_PATH = resolve(import.meta.dirname, '../../test-results/open-document-trace.json');
/** Set to profile one more open (CPU profile, trace, heap snapshots); its numbers are not measures. */
const PROFILE = process.env.MARGIN_BENCH_PROFILE === '1';
const RUNS = 5;
const WINDOW_MS = 5_000;
const TARGETS = { blockingMs: 100, heapRatio: 2 } as const;
const OPEN_LABEL = `Open ${TITLE}`;
/** The plain baseline page's address, answered by the browser context itself (no server). */
const PLAIN_URL = 'http://plain-baseline.test/';

const measures: Record<string, Measure> = {};
const notes: Record<string, unknown> = {};
let browser: Browser;
let page: Page;
let chromiumVersion = 'unknown';

const round = (x: number) => Math.round(x * 10) / 10;
const MB = 2 ** 20;

/** Long-task time inside [textShownAt, textShownAt + windowMs): each task's whole duration, clipped to the window. */
function blockingIn(record: OpenRecord): { sum: number; tasks: number; longest: number; overFifty: number } {
  const from = record.textShownAt;
  const to = from + record.windowMs;
  let sum = 0;
  let tasks = 0;
  let longest = 0;
  let overFifty = 0;
  for (const task of record.tasks) {
    const inside = Math.min(to, task.start + task.duration) - Math.max(from, task.start);
    if (inside <= 0) continue;
    sum += inside;
    tasks++;
    longest = Math.max(longest, task.duration);
    overFifty += Math.max(0, inside - 50);
  }
  return { sum, tasks, longest, overFifty };
}

/**
 * Long-animation-frame time inside the same window: each frame of 50 ms or more, clipped. Chromium
 * reports a long task only for a task that runs script (with any layout the script forces), not for
 * its own style, layout and paint steps; a long animation frame holds both, so this is the fuller
 * measure of how long the window was unresponsive.
 */
function frameBlockingIn(record: OpenRecord): number {
  const from = record.textShownAt;
  const to = from + record.windowMs;
  let sum = 0;
  for (const frame of record.frames) sum += Math.max(0, Math.min(to, frame.start + frame.duration) - Math.max(from, frame.start));
  return sum;
}

/** The long tasks and frames of a run as offsets from the text showing, for the results file. */
function timeline(record: OpenRecord) {
  const at = (t: number) => round(t - record.textShownAt);
  return {
    clickToTextShownMs: record.clickAt < 0 ? null : round(record.textShownAt - record.clickAt),
    longTasks: record.tasks.map((t) => ({ from: at(t.start), duration: round(t.duration) })),
    longFrames: record.frames.map((f: LongFrame) => ({
      from: at(f.start),
      duration: round(f.duration),
      blocking: round(f.blocking),
      scripts: f.scripts.filter((s) => s.duration >= 5).map((s) => `${s.invoker} → ${s.source} ${round(s.duration)}ms`),
    })),
  };
}

/** The page's JS heap after full garbage collections, in bytes (V8's used size; Blink's heap beside it). */
async function heapAfterGc(cdp: CDPSession): Promise<{ used: number; embedder: number | null }> {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; embedderHeapUsedSize?: number };
  return { used: usage.usedSize, embedder: usage.embedderHeapUsedSize ?? null };
}

async function idle(p: Page, ms = 1_000): Promise<void> {
  await p.waitForTimeout(ms);
  await p.evaluate(() => new Promise<void>((done) => requestIdleCallback(() => done(), { timeout: 5_000 })));
}

/** A fresh app, then a click on the document's Open button; resolves once it is open, rendered, listed and painted. */
async function openFromLibrary(p: Page): Promise<{ record: OpenRecord; painted: number }> {
  await p.evaluate(armOpenProbe, { buttonLabel: OPEN_LABEL, windowMs: WINDOW_MS, timeoutMs: 30_000 });
  await p.getByRole('button', { name: OPEN_LABEL, exact: true }).click();
  const record = await p.evaluate(openRecord);
  // The document must really be open and done: all its text rendered, all annotations listed and painted.
  await expect.poll(() => p.locator('[aria-label="Reader, left pane"] .document-text').getAttribute('aria-busy'), { timeout: 30_000 }).toBe('false');
  await expect.poll(() => p.locator('#annotations-heading + .count').textContent(), { timeout: 30_000 }).toContain(String(ANNOTATION_COUNT));
  const painted = await p.evaluate((colors) => colors.reduce((n, c) => n + (CSS.highlights.get(`margin-${c}`)?.size ?? 0), 0), [...HIGHLIGHT_COLORS]);
  expect(painted).toBeGreaterThan(10);
  return { record, painted };
}

beforeAll(async () => {
  browser = await launchBrowser();
  chromiumVersion = browser.version();
  const session = await openApp(browser);
  page = session.page;
  await page.context().addInitScript(installTaskLog);
  await seedReview(page);
});

afterAll(async () => {
  await browser?.close();
  if (Object.keys(measures).length === 0) return;
  const results = {
    benchmark: 'open document',
    date: new Date().toISOString(),
    machine: machineDescription(),
    chromium: chromiumVersion,
    workload: {
      seed: SEED,
      documentLength: text.length,
      blocks: blocks.length,
      annotations: annotations.length,
      opened: `by clicking the library's "${OPEN_LABEL}" button on a freshly loaded app (the document in no pane before)`,
      viewport: '1440 × 900',
    },
    targetsApplyTo: 'the p95 of each measure (with 5 runs, the worst run)',
    measures,
    notes,
  };
  writeResults(RESULTS_PATH, results);
  console.log(`\nOpen-document benchmark — ${results.machine.cpu} × ${results.machine.cores}, Chromium ${chromiumVersion}\n${measuresTable(measures)}\n→ ${RESULTS_PATH}`);
});

describe('opening a 1 MB document with 10,000 annotations from the library', () => {
  it('blocks the main thread little in the 5 s after its text shows, and adds a bounded JS heap', async () => {
    const cdp = await page.context().newCDPSession(page);
    const blocking: number[] = [];
    const frameBlocking: number[] = [];
    const heapAdded: number[] = [];
    const perRun: unknown[] = [];
    let lastTimeline: unknown = null;
    // Run -1 is a warm-up, not counted: the first read after the 6 MB seeding write is an outlier.
    for (let run = -1; run < RUNS; run++) {
      // Each run opens the document from the library of a fresh start: forget the workspace the
      // last run left (the desk reopens the documents that were open, issue 15).
      await page.evaluate(
        () =>
          new Promise<void>((done, fail) => {
            const request = indexedDB.open('margin');
            request.onerror = () => fail(request.error);
            request.onsuccess = () => {
              const tx = request.result.transaction('settings', 'readwrite');
              tx.objectStore('settings').delete('workspace');
              tx.oncomplete = () => {
                request.result.close();
                done();
              };
              tx.onerror = () => fail(tx.error);
            };
          }),
      );
      await page.reload();
      await waitForApp(page, BUNDLED_DOCUMENTS + 1);
      // Playwright injects its selector engine (~0.6 MB of heap) at the first locator after a load:
      // find the button before measuring, so that is not counted as the document's.
      await page.getByRole('button', { name: OPEN_LABEL, exact: true }).waitFor();
      await idle(page);
      const before = await heapAfterGc(cdp);
      const { record, painted } = await openFromLibrary(page);
      await idle(page, 2_000);
      const after = await heapAfterGc(cdp);
      if (run < 0) continue;
      const b = blockingIn(record);
      blocking.push(b.sum);
      frameBlocking.push(frameBlockingIn(record));
      heapAdded.push((after.used - before.used) / MB);
      perRun.push({
        blockingMs: round(b.sum),
        longTasksInWindow: b.tasks,
        longestTaskMs: round(b.longest),
        totalBlockingTimeMs: round(b.overFifty),
        longAnimationFrameMs: round(frameBlockingIn(record)),
        clickToTextShownMs: record.clickAt < 0 ? null : round(record.textShownAt - record.clickAt),
        heapBeforeMB: round(before.used / MB),
        heapAfterMB: round(after.used / MB),
        blinkHeapAddedMB: before.embedder === null || after.embedder === null ? null : round((after.embedder - before.embedder) / MB),
        highlightsRegistered: painted,
      });
      if (run === RUNS - 1) lastTimeline = timeline(record);
      console.log(`open-document run ${run}: blocking ${round(b.sum)} ms, heap added ${round(heapAdded.at(-1)!)} MB`);
    }
    await cdp.detach();
    measures.blocking = measure(blocking, 'ms', `sum of long-task time (PerformanceObserver 'longtask', buffered, from before the click) inside the ${WINDOW_MS / 1000} s after the first block of the article is in the DOM; each task's whole duration as Chromium reports it (tasks ≥ 50 ms), clipped to the window; document opened by clicking its Open button in the library of a freshly loaded app`, TARGETS.blockingMs, {
      perRun,
      timelineOfLastRun: lastTimeline,
    });
    measures.frameBlocking = measure(frameBlocking, 'ms', `for reference: long-animation-frame time (frames of 50 ms or more, rendering included) inside the same ${WINDOW_MS / 1000} s, clipped to it`, null);
    measures.heapAdded = measure(heapAdded, 'MB', "V8 heap used (CDP Runtime.getHeapUsage after 3 × HeapProfiler.collectGarbage) with the document open, done and idle, minus the same on the freshly loaded app just before the click", null);
  }, 900_000);

  it('against a plain page with the same text and Highlight API ranges, in the same browser', async () => {
    expect(measures.blocking, 'the Margin measurement ran first').toBeDefined();

    // The baseline, in the same browser: a plain page (no app) showing the same text as the same
    // paragraphs with the same 10,000 ranges on the CSS Custom Highlight API, from a blank page.
    const flat = rangesByBlock(HIGHLIGHT_COLORS);
    const plainBlocks = blocks.map((b) => ({ start: b.start, end: b.end, heading: b.kind === 'heading' }));
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    // A page of its own origin, with the same task log from its start as the app's page.
    await context.route(`${PLAIN_URL}**`, (route) => route.fulfill({ body: plainPageHtml(HIGHLIGHT_COLORS), contentType: 'text/html' }));
    await context.addInitScript(installTaskLog);
    const plainBlocking: number[] = [];
    const plainFrameBlocking: number[] = [];
    const plainHeap: number[] = [];
    const plainHeapNoText: number[] = [];
    const plainRuns: unknown[] = [];
    try {
      for (let run = -1; run < RUNS; run++) {
        for (const keepText of [true, false]) {
          const plain = await context.newPage();
          await plain.goto(PLAIN_URL);
          const plainCdp = await context.newCDPSession(plain);
          await idle(plain, 300);
          const before = await heapAfterGc(plainCdp);
          const record = await plain.evaluate(showPlainArticle, { text, blocks: plainBlocks, ranges: flat, colors: [...HIGHLIGHT_COLORS], keepText, windowMs: WINDOW_MS });
          const registered = await plain.evaluate(() => [...CSS.highlights.values()].reduce((n, h) => n + h.size, 0));
          expect(registered).toBe(ANNOTATION_COUNT);
          await idle(plain, 300);
          const after = await heapAfterGc(plainCdp);
          await plainCdp.detach();
          await plain.close();
          if (run < 0) continue;
          const added = (after.used - before.used) / MB;
          if (keepText) {
            const b = blockingIn(record);
            plainBlocking.push(b.sum);
            plainFrameBlocking.push(frameBlockingIn(record));
            plainHeap.push(added);
            plainRuns.push({ blockingMs: round(b.sum), longTasksInWindow: b.tasks, longestTaskMs: round(b.longest), longAnimationFrameMs: round(frameBlockingIn(record)), heapAddedMB: round(added), blinkHeapAddedMB: before.embedder === null || after.embedder === null ? null : round((after.embedder - before.embedder) / MB) });
          } else plainHeapNoText.push(added);
        }
      }
    } finally {
      await context.close();
    }

    const heapAdded = measures.heapAdded!.samples;
    const blocking = measures.blocking!.samples;
    const ratios = heapAdded.map((m, i) => m / plainHeap[i]!);
    const median = (xs: number[]) => measure(xs, '', '', null).median;
    measures.baselineBlocking = measure(plainBlocking, 'ms', `the same sum on the plain page: from a blank page of its own origin, one task of the page creates the ${blocks.length} paragraphs and headings with the same text, then 10,000 Range objects on 8 Highlights (CSS Custom Highlight API), and the browser lays out and paints it all; the window starts when the paragraphs are in the DOM`, null, { perRun: plainRuns });
    measures.baselineFrameBlocking = measure(plainFrameBlocking, 'ms', 'for reference: the long-animation-frame time of the plain page in its window (its layout of the whole text is one long frame, not a long task)', null);
    measures.baselineHeapAdded = measure(plainHeap, 'MB', 'the same difference for the plain page with its text and ranges over the blank page; the page keeps the text string (as a page placing ranges by offset must)', null, {
      withoutKeepingTheTextMB: measure(plainHeapNoText, 'MB', 'the plain page dropping its text string once the DOM holds it (for reference, not the baseline)', null),
    });
    measures.heapRatio = measure(ratios, '×', "Margin's added heap / the plain page's added heap, paired run by run", TARGETS.heapRatio, {
      ratioOfMedians: Math.round((median(heapAdded) / median(plainHeap)) * 100) / 100,
    });
    notes.blockingOverBaseline = Math.round((median(blocking) / Math.max(1, median(plainBlocking))) * 100) / 100;
    notes.longTasksAndFrames =
      "Chromium reports a long task (PerformanceObserver 'longtask') for a task that runs script, with any style and layout that script forces, but not for its own rendering steps; a long animation frame includes them. The target is on long tasks, as the issue sets it; frameBlocking and baselineFrameBlocking show the fuller picture beside it.";
    notes.baselineMeaning = 'the plain page shows the same text and the same highlights with nothing else: no database, no React, no annotation list';
  }, 600_000);

  // Not a measure, so only on request (MARGIN_BENCH_PROFILE=1): profiling slows the page it watches.
  it.runIf(PROFILE)('profile: where one open spends its time and heap', async () => {
    await page.reload();
    await waitForApp(page, BUNDLED_DOCUMENTS + 1);
    await page.getByRole('button', { name: OPEN_LABEL, exact: true }).waitFor();
    await idle(page);
    const cdp = await page.context().newCDPSession(page);
    mkdirSync(resolve(TRACE_PATH, '..'), { recursive: true });
    // Both snapshots are saved: node ids persist between snapshots of one page, so what the open
    // added can be told apart object by object (ids in after but not in before), with its retainers.
    const before = await heapByConstructor(cdp, resolve(TRACE_PATH, '../open-document-before.heapsnapshot'));
    const recording = await startRecording(cdp);
    const { record } = await openFromLibrary(page);
    const { profile, events } = await recording.stop();
    await idle(page, 2_000);
    // The snapshot itself, to open in DevTools' Memory panel for retainers.
    const after = await heapByConstructor(cdp, resolve(TRACE_PATH, '../open-document-after.heapsnapshot'));
    await cdp.detach();
    writeFileSync(TRACE_PATH, JSON.stringify({ traceEvents: events }));
    writeFileSync(resolve(TRACE_PATH, '../open-document.cpuprofile'), JSON.stringify(profile));
    writeResults(PROFILE_PATH, {
      what: 'one profiled open (times inflated by the profiler); in test-results/: the trace (open-document-trace.json), the CPU profile (open-document.cpuprofile) and the heap snapshots before and after (open-document-before/after.heapsnapshot), each for DevTools',
      blockingMs: round(blockingIn(record).sum),
      timeline: timeline(record),
      selfTimeByFunction: selfTimeByFunction(profile),
      mainThreadByTraceEvent: timeByTraceEvent(events),
      heapGrowthByConstructor: heapGrowth(before, after),
    });
    console.log(`profile → ${PROFILE_PATH}`);
  }, 600_000);
});
