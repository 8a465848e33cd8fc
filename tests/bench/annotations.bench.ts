// The annotation benchmark: a 1 MB review with 10,000 annotations opened, highlighted and clicked, timed in
// Chromium against the web build (Node for the pure parts); results in bench-results/annotations.json.
// Re-anchoring the same workload after edits is reanchor.bench.ts (bench-results/reanchor.json).
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createIntervalIndex, describe as describeRange } from '@shared/anchoring';
import { HIGHLIGHT_COLORS } from '@shared/model';
import type { Annotation } from '@shared/model';
import type { TextBlock } from '@shared/text/segment';
import { anchorAnnotations } from '../../renderer/src/document/anchored-set';
import { launchBrowser, openApp } from '../e2e/browser';
import { machineDescription, metric, resultsTable, writeResults } from './bench-report';
import type { Metric } from './bench-report';
import {
  addRecord,
  armAddProbe,
  armFirstPaintProbe,
  firstPaintRecord,
  installTrace,
  phraseToSelect,
  readerLayout,
  renderBaselineArticle,
  regroupBlocks,
  timeAnnotationReads,
  timeCaretHitTests,
  timeDexieReads,
  visibleTextWindow,
  wrapHighlights,
} from './page-probes';
import type { ReaderLayout, TraceEvent } from './page-probes';
import { ANNOTATION_COUNT, BUNDLED_DOCUMENTS, SEED, TITLE, annotations, blockIndexAt, blocks, documentId, ranges, seedReview, text, waitForApp } from './review-workload';
import { countOverlapping } from './synthetic-review';
import { seededRandom } from '../helpers/random';
import type { GeneratedRange } from './synthetic-review';

const RESULTS_PATH = resolve(import.meta.dirname, '../../bench-results/annotations.json');

const FIRST_PAINT_RUNS = 5;
const ADD_RUNS = 5;
const HIT_TEST_RUNS = 5;
const HIT_TEST_POINTS = 1_000;
const INDEX_RUNS = 3;
const INDEX_QUERIES = 10_000;
const BASELINE_RUNS = 5;

const TARGETS = { firstPaint: 100, addAnnotation: 16, hitTest: 1 } as const;

/** What each clock in this file measures, from which event to which, written into the results file. */
const CLOCKS = {
  firstPaint: {
    start:
      "performance.now() in a capture-phase 'change' listener on document (page-probes armFirstPaintProbe), which runs before the app's own handler for the left pane's document picker; each run starts from a freshly loaded, idle page",
    frame:
      'toAnimationFrameMs: performance.now() at the start of the first requestAnimationFrame callback in which CSS.highlights holds every annotation overlapping the visible text (the registry is read every frame)',
    end:
      "firstPaint itself: performance.now() in a scheduler.postTask(…, { priority: 'user-blocking' }) task posted from that frame callback; it runs once the main thread has finished that frame (style, layout, paint, handed to the compositor). GPU rasterisation and display latency are not included",
    includes: 'reading the text and the 10,000 annotation records from IndexedDB, anchoring them, React rendering the first slice of blocks, registering the highlights near the viewport',
  },
  addAnnotation: {
    start: "performance.now() in a capture-phase 'keydown' listener on window for the \"1\" key (armAddProbe), before the app's own listener",
    end: 'as firstPaint: a user-blocking task posted from the first frame callback whose margin-yellow highlight holds the new range',
  },
  baselines:
    'the DOM-wrapping pages use the same end event (a user-blocking task posted from the next frame callback); their start is performance.now() just before inserting the HTML or wrapping the ranges, with the data already in the page',
} as const;

const metrics: Record<string, Metric> = {};
const notes: Record<string, unknown> = {};
let browser: Browser;
let page: Page;
let chromiumVersion = 'unknown';

const round = (x: number) => Math.round(x * 10) / 10;

/** What Margin registered at its first complete paint, and how its reader is laid out: the same-work baseline repeats both. */
let marginFirstPaint: { keys: string[]; blocks: number; layout: ReaderLayout } | null = null;

function pickerOf(p: Page) {
  return p.getByRole('combobox', { name: 'Document in the left pane' });
}

/** Events of a trace as offsets in ms from `start`, for the results file. */
function timeline(events: TraceEvent[], start: number) {
  return events.map((e) =>
    e.kind === 'idb'
      ? { kind: e.kind, stores: e.stores, mode: e.mode, from: round(e.start - start), to: e.end < 0 ? 'not finished' : round(e.end - start) }
      : e.kind === 'highlight'
        ? { kind: e.kind, name: e.name, size: e.size, at: round(e.at - start) }
        : {
            kind: e.kind,
            from: round(e.start - start),
            duration: round(e.duration),
            blocking: round(e.blocking),
            scripts: e.scripts.filter((s) => s.duration >= 5).map((s) => `${s.invoker} ${round(s.duration)}ms`),
          },
  );
}

function rangeKey(range: GeneratedRange): string {
  return `${range.color}:${range.start}:${range.end}`;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

beforeAll(async () => {
  browser = await launchBrowser();
  chromiumVersion = browser.version();
  const session = await openApp(browser);
  page = session.page;
  await page.context().addInitScript(installTrace);
  // The bundled corpus is stored, so Dexie has created the database.
  await seedReview(page);
  expect(await pickerOf(page).locator('option', { hasText: TITLE }).count()).toBe(1);
});

afterAll(async () => {
  await browser?.close();
  if (Object.keys(metrics).length === 0) return;
  const results = {
    benchmark: 'annotations',
    date: new Date().toISOString(),
    machine: machineDescription(),
    chromium: chromiumVersion,
    workload: {
      seed: SEED,
      documentLength: text.length,
      blocks: blocks.length,
      annotations: annotations.length,
      overlappingAnnotations: countOverlapping(ranges),
      rangeLengths: '5–200 code units on word boundaries',
      colors: HIGHLIGHT_COLORS.length,
    },
    targetsApplyTo: 'the p95 of each metric',
    clocks: CLOCKS,
    metrics,
    notes,
  };
  writeResults(RESULTS_PATH, results);
  console.log(`\nAnnotation benchmark — ${results.machine.cpu} × ${results.machine.cores}, Chromium ${chromiumVersion}\n${resultsTable(metrics)}\n→ ${RESULTS_PATH}`);
});

describe('annotation drawing and anchoring benchmark', () => {
  it('paints the visible highlights after the document is chosen in the picker', async () => {
    const toFrame: number[] = [];
    const toPaint: number[] = [];
    const phases: unknown[] = [];
    let lastTimeline: unknown = null;
    // Run 0 is a warm-up, not counted: it follows the 6 MB seeding write, whose aftermath in the
    // database backend made it an outlier (seconds) in trial runs.
    for (let run = -1; run < FIRST_PAINT_RUNS; run++) {
      // Every run starts from a freshly loaded app, as a reviewer opening the document would.
      await page.reload();
      await waitForApp(page, BUNDLED_DOCUMENTS + 1);
      await page.evaluate(armFirstPaintProbe, { colors: [...HIGHLIGHT_COLORS], quietFrames: 30, timeoutMs: 20_000 });
      await pickerOf(page).selectOption({ label: TITLE });
      const record = await page.evaluate(firstPaintRecord);
      expect(record.timedOut).toBe(false);
      const visible = await page.evaluate(visibleTextWindow);
      expect(visible).not.toBeNull();
      const expected = ranges.filter((r) => r.start < visible!.end && r.end > visible!.start).map(rangeKey);
      expect(expected.length).toBeGreaterThan(10);
      const covers = (keys: string[]) => {
        const set = new Set(keys);
        return expected.every((k) => set.has(k));
      };
      // The registry must end up holding every visible annotation, or the timing means nothing.
      expect(covers(record.snapshots.at(-1)!.keys)).toBe(true);
      const first = record.snapshots.find((s) => covers(s.keys))!;
      if (run < 0) continue;
      toFrame.push(first.frame - record.start);
      toPaint.push(first.painted - record.start);
      const idb = record.events.filter((e): e is Extract<TraceEvent, { kind: 'idb' }> => e.kind === 'idb');
      const textRead = idb.find((e) => e.stores === 'texts');
      const annotationReads = idb.filter((e) => e.stores === 'annotations');
      const firstSet = record.events.find((e) => e.kind === 'highlight' && e.name.startsWith('margin-') && e.size > 0);
      const at = (t: number | undefined) => (t === undefined ? null : round(t - record.start));
      phases.push({
        documentTextReadMs: at(textRead?.end),
        // The open document's one live query (document/open-documents.tsx), plus the preview read.
        annotationReadsDoneMs: annotationReads.map((e) => (e.end < 0 ? 'not finished' : at(e.end))),
        firstHighlightSetMs: firstSet?.kind === 'highlight' ? at(firstSet.at) : null,
        frameMs: round(first.frame - record.start),
        paintedMs: round(first.painted - record.start),
        visibleAnnotations: expected.length,
        registeredRanges: first.keys.length,
      });
      if (run === FIRST_PAINT_RUNS - 1) {
        lastTimeline = timeline(record.events.filter((e) => e.kind !== 'highlight' || e.at <= first.painted), record.start);
        marginFirstPaint = { keys: first.keys, blocks: first.blocks, layout: await page.evaluate(readerLayout) };
      }
    }
    // Where the wait for the records comes from: the same read alone, with raw IndexedDB and with
    // Dexie, in a page of the same origin that does not run the app (a JSON file of the corpus).
    await page.waitForTimeout(3_000);
    await page.evaluate(() => new Promise<void>((done) => requestIdleCallback(() => done(), { timeout: 10_000 })));
    const probe = await page.context().newPage();
    let reads: Awaited<ReturnType<typeof timeAnnotationReads>>;
    let dexie: Awaited<ReturnType<typeof timeDexieReads>>;
    try {
      await probe.goto(new URL('documents/manifest.json', inject('baseUrl')).href);
      reads = await probe.evaluate(timeAnnotationReads, { documentId, runs: 3 });
      await probe.addScriptTag({ path: resolve(import.meta.dirname, '../../node_modules/dexie/dist/dexie.min.js') });
      dexie = await probe.evaluate(timeDexieReads, { documentId, runs: 3 });
    } finally {
      await probe.close();
    }
    expect(reads.records).toBeGreaterThanOrEqual(ANNOTATION_COUNT);
    notes.annotationReadsInPage = {
      what: "the document's 10,000 annotation records read in the page, alone (nothing else reading)",
      rawGetAll: metric(reads.getAll, 'one index.getAll', null),
      rawCursor: metric(reads.cursor, 'a cursor over the index', null),
      dexieWithFilter: metric(dexie.withFilter, "where('documentId').equals(id).filter(not deleted).toArray(): Dexie iterates a cursor", null),
      dexieFilterAfter: metric(dexie.filterAfter, "where('documentId').equals(id).toArray(), then filtered in JavaScript: Dexie uses getAll", null),
      dexieLiveQueryWithFilter: metric(dexie.liveQueryWithFilter, 'the .filter() query through liveQuery, to its first result', null),
      dexieLiveQueryFilterAfter: metric(dexie.liveQueryFilterAfter, 'the plain query filtered afterwards, through liveQuery, to its first result', null),
    };
    metrics.firstPaint = metric(toPaint, 'change event on the picker → end of the first frame whose highlight registry holds every visible annotation (fresh page load per run)', TARGETS.firstPaint, {
      toAnimationFrameMs: metric(toFrame, 'change event → first animation frame callback that sees the ranges', TARGETS.firstPaint),
      phases,
      timelineOfLastRun: lastTimeline,
    });
  });

  it('registers a new highlight after a phrase is selected with the mouse and "1" is pressed', async () => {
    if ((await pickerOf(page).inputValue()) !== documentId) await pickerOf(page).selectOption({ label: TITLE });
    await expect.poll(() => page.locator('[aria-label="Reader, left pane"] .document-text').getAttribute('aria-busy')).toBe('false');
    const samples: number[] = [];
    const toFrame: number[] = [];
    const breakdowns: unknown[] = [];
    let lastTimeline: unknown = null;
    for (let run = 0; run < ADD_RUNS; run++) {
      const target = await page.evaluate(phraseToSelect, { nth: run, words: 4 });
      expect(text.slice(target.start, target.end)).toBe(target.phrase);
      await page.mouse.move(target.x1, target.y1);
      await page.mouse.down();
      await page.mouse.move(target.x2, target.y2, { steps: 5 });
      await page.mouse.up();
      await expect.poll(() => page.evaluate(() => document.getSelection()?.toString())).toBe(target.phrase);
      await page.getByRole('toolbar', { name: 'Annotate the selected text' }).waitFor();
      await page.evaluate(() => new Promise<void>((done) => requestIdleCallback(() => done(), { timeout: 2_000 })));
      await page.evaluate(armAddProbe, { start: target.start, end: target.end, timeoutMs: 20_000 });
      await page.keyboard.press('1');
      const record = await page.evaluate(addRecord);
      expect(record).not.toBeNull();
      samples.push(record!.painted - record!.start);
      toFrame.push(record!.frame - record!.start);
      const at = (t: number) => round(t - record!.start);
      const idb = record!.events.filter((e): e is Extract<TraceEvent, { kind: 'idb' }> => e.kind === 'idb');
      const write = idb.find((e) => e.mode === 'readwrite' && e.stores.includes('annotations'));
      const textRead = idb.find((e) => e.mode === 'readonly' && e.stores === 'texts');
      const rereads = idb.filter((e) => e.mode === 'readonly' && e.stores.includes('annotations') && write !== undefined && e.start >= write.start);
      const yellowSets = record!.events.filter((e): e is Extract<TraceEvent, { kind: 'highlight' }> => e.kind === 'highlight' && e.name === 'margin-yellow' && e.at <= record!.frame);
      const frames = record!.events.filter((e): e is Extract<TraceEvent, { kind: 'frame' }> => e.kind === 'frame');
      breakdowns.push({
        documentTextReadMs: textRead ? { from: at(textRead.start), to: at(textRead.end) } : null,
        dexieWriteMs: write ? { from: at(write.start), to: at(write.end) } : null,
        liveQueryRereads: rereads.map((e) => ({ from: at(e.start), to: e.end < 0 ? 'not finished when painted' : at(e.end) })),
        // Earlier sets repaint the old annotations (the new one becoming "selected"); the last is the new range.
        yellowSetsAtMs: yellowSets.map((e) => at(e.at)),
        frameMs: at(record!.frame),
        paintedMs: at(record!.painted),
        longFrames: frames.map((f) => ({ from: at(f.start), duration: round(f.duration), blocking: round(f.blocking), topScripts: f.scripts.filter((s) => s.duration >= 5).map((s) => `${s.invoker} ${round(s.duration)}ms`) })),
      });
      if (run === ADD_RUNS - 1) lastTimeline = timeline(record!.events, record!.start);
      await expect.poll(() => page.evaluate(() => document.getSelection()?.isCollapsed)).toBe(true);
    }
    // The JavaScript the open document's set runs when its one live query hands over the
    // records: anchoring them (all of them, or with a warm cache only the new one) and indexing.
    const withNew: Annotation[] = [...annotations, { ...annotations[0]!, id: 'bench-new' as Annotation['id'], target: describeRange(text, 100, 140) }];
    const anchorTimes: number[] = [];
    const cachedTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      let t = performance.now();
      anchorAnnotations(text, withNew);
      anchorTimes.push(performance.now() - t);
      const previous = anchorAnnotations(text, annotations);
      t = performance.now();
      anchorAnnotations(text, withNew, previous);
      cachedTimes.push(performance.now() - t);
    }
    metrics.addAnnotation = metric(samples, 'keydown "1" → end of the first frame whose margin-yellow highlight holds the new range', TARGETS.addAnnotation, {
      toAnimationFrameMs: metric(toFrame, 'keydown → first animation frame callback that sees the new range', TARGETS.addAnnotation),
      breakdownPerRun: breakdowns,
      anchorAnnotationsInNodeMs: metric(anchorTimes, 'anchorAnnotations(text, 10,001 records) in Node, no cache: what opening a document does once', null),
      anchorAnnotationsCachedInNodeMs: metric(cachedTimes, 'anchorAnnotations(text, 10,001 records, the previous set holding the other 10,000) in Node: one new anchor, sort and index', null),
      timelineOfLastRun: lastTimeline,
    });
  });

  it('hit-tests a click: caret position in the page plus the interval index lookup', async () => {
    const random = seededRandom(SEED + 3);
    const domDurations: number[] = [];
    const perRunMeans: number[] = [];
    let resolved = 0;
    // Let the live queries and renders started by the last highlight finish first.
    await page.waitForTimeout(2_000);
    await page.evaluate(() => new Promise<void>((done) => requestIdleCallback(() => done(), { timeout: 5_000 })));
    for (let run = 0; run < HIT_TEST_RUNS; run++) {
      const points = Array.from({ length: HIT_TEST_POINTS }, () => [random(), random()] as [number, number]);
      const result = await page.evaluate(timeCaretHitTests, { points, container: '[aria-label="Reader, left pane"] .document-text', scroller: '[aria-label="Article in the left pane"]' });
      domDurations.push(...result.durations);
      perRunMeans.push(result.totalMs / HIT_TEST_POINTS);
      resolved += result.offsets.filter((o) => o !== null).length;
    }
    // Most points over the article must land in its text, or the DOM part timed something else.
    expect(resolved / (HIT_TEST_RUNS * HIT_TEST_POINTS)).toBeGreaterThan(0.5);
    // Experiment: the same lookups once the blocks sit in groups of 50 (this leaves the page unusable).
    const groups = await page.evaluate(regroupBlocks, { size: 50 });
    const grouped: number[] = [];
    const groupedMeans: number[] = [];
    for (let run = 0; run < 2; run++) {
      const points = Array.from({ length: HIT_TEST_POINTS }, () => [random(), random()] as [number, number]);
      const result = await page.evaluate(timeCaretHitTests, { points, container: '[aria-label="Reader, left pane"] .document-text', scroller: '[aria-label="Article in the left pane"]' });
      expect(result.offsets.filter((o) => o !== null).length / HIT_TEST_POINTS).toBeGreaterThan(0.5);
      grouped.push(...result.durations);
      groupedMeans.push(Math.round((result.totalMs / HIT_TEST_POINTS) * 1000) / 1000);
    }

    const items = annotations.map((a, i) => ({ id: a.id, start: ranges[i]!.start, end: ranges[i]!.end }));
    const buildStart = performance.now();
    const index = createIntervalIndex(items);
    const buildMs = performance.now() - buildStart;
    const indexDurations: number[] = [];
    let hits = 0;
    for (let run = 0; run < INDEX_RUNS; run++) {
      for (let q = 0; q < INDEX_QUERIES; q++) {
        const offset = Math.floor(random() * text.length);
        const t = process.hrtime.bigint();
        const ids = index.at(offset);
        indexDurations.push(Number(process.hrtime.bigint() - t) / 1e6);
        hits += ids.length;
        if (q < 50) expect(ids.length).toBe(items.filter((it) => it.start <= offset && offset < it.end).length);
      }
    }
    const paired = domDurations.map((d, i) => d + indexDurations[i % indexDurations.length]!);
    metrics.hitTestCaret = metric(domDurations, 'one caretPositionFromPoint + block offset lookup in the page (performance.now() is coarsened to 0.1 ms in Chromium)', null, {
      perRunMeanMs: perRunMeans.map((x) => Math.round(x * 1000) / 1000),
      resolvedToText: resolved,
      blocks: blocks.length,
    });
    metrics.hitTestCaretGroupedBlocks = metric(grouped, `experiment: the same caret lookup after moving the ${blocks.length} blocks into ${groups} groups of 50 with content-visibility on the groups`, null, {
      perRunMeanMs: groupedMeans,
    });
    metrics.hitTestIndex = metric(indexDurations, 'one IntervalIndex.at(offset) over the 10,000 ranges in Node', null, {
      buildMs: round(buildMs),
      meanHitsPerQuery: round(hits / (INDEX_RUNS * INDEX_QUERIES)),
    });
    metrics.hitTest = metric(paired, 'caret lookup + index query (paired samples of the two above)', TARGETS.hitTest);
  });

  it('draws the same highlights with a DOM-wrapping highlighter: the same work as Margin, and the old all-ranges variant', async () => {
    expect(marginFirstPaint).not.toBeNull();
    const { keys, layout, blocks: blocksInDom } = marginFirstPaint!;
    const blockHtml = (b: TextBlock) => {
      const tag = b.kind === 'heading' ? 'h3' : 'p';
      return `<${tag} class="block" data-block>${escapeHtml(text.slice(b.start, b.end))}</${tag}>`;
    };
    // What Margin had in the DOM at that frame: as many blocks, in groups of the same size that skip
    // layout off screen as its groups do (content-visibility), in a scroll box the size of its pane.
    const shown = blocks.slice(0, blocksInDom);
    const groupSize = layout.groupSize;
    const groupedHtml = Array.from({ length: Math.ceil(shown.length / groupSize) }, (_, g) =>
      `<div class="block-group">${shown.slice(g * groupSize, (g + 1) * groupSize).map(blockHtml).join('')}</div>`,
    ).join('');
    const flatHtml = blocks.map(blockHtml).join('');
    const flatten = (list: { start: number; end: number; color: string }[]) => {
      const flat: number[] = [];
      for (const r of list) {
        const startBlock = blockIndexAt(blocks, r.start, false);
        const endBlock = blockIndexAt(blocks, r.end, true);
        flat.push(startBlock, r.start - blocks[startBlock]!.start, endBlock, r.end - blocks[endBlock]!.start, HIGHLIGHT_COLORS.indexOf(r.color as (typeof HIGHLIGHT_COLORS)[number]));
      }
      return flat;
    };
    // Exactly the ranges Margin had registered when it first painted (visible ± one viewport).
    const painted = keys.map((key) => {
      const [color, start, end] = key.split(':');
      return { color: color!, start: Number(start), end: Number(end) };
    });
    expect(painted.every((r) => blockIndexAt(blocks, r.end, true) < shown.length)).toBe(true);
    const swatches = ['#fde68a', '#fca5a5', '#86efac', '#93c5fd', '#c4b5fd', '#fdba74', '#f0abfc', '#d1d5db'];
    const marks = HIGHLIGHT_COLORS.map((c, i) => `mark.hl-${c} { background: ${swatches[i]}99; color: inherit; }`).join('\n');
    const sameWorkStyle = [
      'body { margin: 0; }',
      `#scroller { width: ${layout.scrollerWidth}px; height: ${layout.scrollerHeight}px; overflow: auto; }`,
      `#article { font: ${layout.font}; max-width: ${layout.textWidth}px; white-space: normal; }`,
      `.block { margin: ${layout.blockMargin}; white-space: pre-wrap; overflow-wrap: anywhere; }`,
      `.block-group { ${layout.groupStyle} }`,
      marks,
    ].join('\n');
    const allStyle = ['body { margin: 0; font: 17px/1.6 Georgia, serif; }', '#article { max-width: 46rem; margin: 0 auto; padding: 1rem 2rem; }', marks].join('\n');
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const plain = await context.newPage();
    const sameWrap: number[] = [];
    const sameWithText: number[] = [];
    const allWrap: number[] = [];
    const allWithText: number[] = [];
    const details: unknown[] = [];
    const caretRandom = seededRandom(SEED + 5);
    const plainCaret: number[] = [];
    try {
      for (let run = 0; run < BASELINE_RUNS; run++) {
        await plain.setContent(`<!doctype html><html><head><style>${sameWorkStyle}</style></head><body><div id="scroller"><div id="article"></div></div></body></html>`);
        const sameRender = await plain.evaluate(renderBaselineArticle, { html: groupedHtml });
        const same = await plain.evaluate(wrapHighlights, { ranges: flatten(painted), colors: [...HIGHLIGHT_COLORS] });
        expect(same.marks).toBeGreaterThanOrEqual(painted.length);
        sameWrap.push(same.paintedMs);
        sameWithText.push(sameRender + same.paintedMs);

        await plain.setContent(`<!doctype html><html><head><style>${allStyle}</style></head><body><div id="article"></div></body></html>`);
        const allRender = await plain.evaluate(renderBaselineArticle, { html: flatHtml });
        // The same caret lookup over a page holding only the article, to tell its cost from the app's DOM.
        const points = Array.from({ length: HIT_TEST_POINTS }, () => [caretRandom(), caretRandom()] as [number, number]);
        const caret = await plain.evaluate(timeCaretHitTests, { points, container: '#article', scroller: null });
        expect(caret.inText / HIT_TEST_POINTS).toBeGreaterThan(0.5);
        plainCaret.push(...caret.durations);
        const all = await plain.evaluate(wrapHighlights, { ranges: flatten(ranges), colors: [...HIGHLIGHT_COLORS] });
        expect(await plain.evaluate(() => document.querySelectorAll('#article mark').length)).toBe(all.marks);
        expect(all.marks).toBeGreaterThanOrEqual(ANNOTATION_COUNT);
        allWrap.push(all.paintedMs);
        allWithText.push(allRender + all.paintedMs);
        details.push({
          sameWork: { textRenderMs: round(sameRender), wrapMs: round(same.wrapMs), paintedMs: round(same.paintedMs), marks: same.marks },
          allRanges: { textRenderMs: round(allRender), wrapMs: round(all.wrapMs), paintedMs: round(all.paintedMs), marks: all.marks },
        });
      }
    } finally {
      await context.close();
    }
    const sameWork = `the ${painted.length} ranges Margin had registered at its first complete paint (visible ± one viewport), over the ${shown.length} blocks it had in the DOM then, in groups of ${groupSize} with ${layout.groupStyle} in a ${layout.scrollerWidth}×${layout.scrollerHeight} px scroll box with the reader's font (${layout.font})`;
    metrics.baselineFirstPaint = metric(sameWrap, `DOM-wrapping highlighter, same work as Margin: wrapping ${sameWork} → end of the next frame (text already rendered)`, null, { runs: details });
    metrics.baselineWithTextRender = metric(sameWithText, `DOM-wrapping highlighter, same work as Margin, including inserting those ${shown.length} blocks first (data in memory: no IndexedDB read, no anchoring, no React)`, null);
    metrics.baselineAllRangesFirstPaint = metric(allWrap, 'DIFFERENT WORK from Margin (kept to compare with earlier results): wrapping all 10,000 ranges over the whole article, every block laid out, no content-visibility → end of the next frame', null);
    metrics.baselineAllRangesWithTextRender = metric(allWithText, 'DIFFERENT WORK from Margin: as baselineAllRangesFirstPaint, including rendering the whole 1 MB article first', null);
    metrics.baselineHitTestCaret = metric(plainCaret, 'caretPositionFromPoint over the plain all-blocks article page (no app around it)', null);
    if (metrics.firstPaint) {
      const over = (a: Metric) => Math.round((a.median / metrics.firstPaint!.median) * 100) / 100;
      notes.baselineOverMarginFirstPaint = {
        sameWorkWrappingOnly: over(metrics.baselineFirstPaint),
        sameWorkIncludingTextRender: over(metrics.baselineWithTextRender),
        allRangesWrappingOnly: over(metrics.baselineAllRangesFirstPaint),
        meaning:
          'median baseline / median Margin first paint; below 1 means the baseline was faster. Margin\'s figure also includes reading the text and 10,000 records from ' +
          'IndexedDB, anchoring them and rendering with React (see firstPaint.detail.phases); the baselines start with the text and ranges in memory.',
      };
    }
  });
});
