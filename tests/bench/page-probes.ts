// Code the benchmark runs inside Chromium (playwright serialises each function, so each is self-contained):
// probes polling the highlight registry frame by frame, and a trace of IndexedDB, highlights and long frames.
import type { Dexie } from 'dexie';

export type TraceEvent =
  | { kind: 'idb'; stores: string; mode: string; start: number; end: number }
  | { kind: 'highlight'; name: string; size: number; at: number }
  | { kind: 'frame'; start: number; duration: number; blocking: number; renderStart: number; styleAndLayoutStart: number; scripts: { invoker: string; duration: number }[] };

export interface BenchTrace {
  on: boolean;
  events: TraceEvent[];
}

export interface Snapshot {
  /** performance.now() in the animation frame callback that saw this registry content. */
  frame: number;
  /** performance.now() after that frame's rendering (a user-blocking task posted from the frame callback). */
  painted: number;
  keys: string[];
  /** Blocks of the left pane in the DOM at that frame. */
  blocks: number;
}

export interface FirstPaintRecord {
  start: number;
  snapshots: Snapshot[];
  timedOut: boolean;
  events: TraceEvent[];
}

export interface AddRecord {
  start: number;
  frame: number;
  painted: number;
  events: TraceEvent[];
}

type BenchWindow = Window & {
  __benchTrace?: BenchTrace;
  __benchFirstPaint?: Promise<FirstPaintRecord>;
  __benchAdd?: Promise<AddRecord | null>;
};

/**
 * Init script: wraps IDBDatabase.transaction and HighlightRegistry.set to note when each runs and
 * completes, and observes long animation frames, all only while `__benchTrace.on` is set.
 */
export function installTrace(): void {
  const trace: BenchTrace = { on: false, events: [] };
  (window as BenchWindow).__benchTrace = trace;
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, stores: string | string[], mode?: IDBTransactionMode, options?: IDBTransactionOptions) {
    const tx = transaction.call(this, stores, mode, options);
    if (trace.on) {
      const event = { kind: 'idb' as const, stores: (typeof stores === 'string' ? [stores] : [...stores]).join('+'), mode: mode ?? 'readonly', start: performance.now(), end: -1 };
      trace.events.push(event);
      const done = () => {
        event.end = performance.now();
      };
      tx.addEventListener('complete', done);
      tx.addEventListener('abort', done);
    }
    return tx;
  } as typeof transaction;
  const set = HighlightRegistry.prototype.set;
  HighlightRegistry.prototype.set = function (this: HighlightRegistry, name: string, highlight: Highlight) {
    if (trace.on) trace.events.push({ kind: 'highlight', name, size: highlight.size, at: performance.now() });
    return set.call(this, name, highlight);
  };
  interface LongFrame extends PerformanceEntry {
    blockingDuration: number;
    renderStart: number;
    styleAndLayoutStart: number;
    scripts: { invoker: string; duration: number }[];
  }
  new PerformanceObserver((list) => {
    if (!trace.on) return;
    for (const entry of list.getEntries() as LongFrame[]) {
      trace.events.push({
        kind: 'frame',
        start: entry.startTime,
        duration: entry.duration,
        blocking: entry.blockingDuration,
        renderStart: entry.renderStart,
        styleAndLayoutStart: entry.styleAndLayoutStart,
        scripts: entry.scripts.map((s) => ({ invoker: s.invoker, duration: s.duration })),
      });
    }
  }).observe({ type: 'long-animation-frame', buffered: false });
}

/**
 * Arms a probe on the next `change` of the left pane's picker: from that event it turns the trace
 * on and, in every animation frame, notes the ranges registered on the colour layers whenever they
 * change, as `colour:start:end` in text offsets. It stops once the article has finished rendering
 * and the registry has been still for `quietFrames` frames.
 */
export function armFirstPaintProbe(arg: { colors: string[]; quietFrames: number; timeoutMs: number }): void {
  const win = window as BenchWindow;
  const trace = win.__benchTrace!;
  function offsetOf(node: Node, offset: number): number | null {
    const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element);
    const block = element?.closest<HTMLElement>('[data-start]');
    return block ? Number(block.dataset.start) + offset : null;
  }
  // A user-blocking task posted from a frame callback runs once that frame is rendered, ahead of
  // ordinary tasks (React's scheduler, IndexedDB callbacks) queued meanwhile.
  function afterFrame(callback: () => void): void {
    const scheduler = (globalThis as unknown as { scheduler?: { postTask(cb: () => void, options: { priority: string }): Promise<unknown> } }).scheduler;
    if (scheduler) void scheduler.postTask(callback, { priority: 'user-blocking' });
    else {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => callback();
      channel.port2.postMessage(0);
    }
  }
  function registeredKeys(): string[] {
    const keys: string[] = [];
    for (const color of arg.colors) {
      const highlight = CSS.highlights.get(`margin-${color}`);
      if (!highlight) continue;
      for (const range of highlight) {
        const r = range as Range;
        keys.push(`${color}:${offsetOf(r.startContainer, r.startOffset)}:${offsetOf(r.endContainer, r.endOffset)}`);
      }
    }
    return keys;
  }
  win.__benchFirstPaint = new Promise<FirstPaintRecord>((resolve) => {
    const picker = document.querySelector('[aria-label="Reader, left pane"] select');
    const onChange = (event: Event) => {
      if (event.target !== picker) return;
      document.removeEventListener('change', onChange, true);
      const start = performance.now();
      trace.events = [];
      trace.on = true;
      const snapshots: Snapshot[] = [];
      let seen: (Highlight | undefined)[] = [];
      let quiet = 0;
      const onFrame = () => {
        const now = performance.now();
        const current = arg.colors.map((c) => CSS.highlights.get(`margin-${c}`));
        if (current.some((h, i) => h !== seen[i])) {
          seen = current;
          quiet = 0;
          const blocks = document.querySelectorAll('[aria-label="Reader, left pane"] .document-text [data-start]').length;
          const snapshot: Snapshot = { frame: now, painted: -1, keys: registeredKeys(), blocks };
          snapshots.push(snapshot);
          afterFrame(() => {
            snapshot.painted = performance.now();
          });
        } else quiet++;
        const text = document.querySelector('[aria-label="Reader, left pane"] .document-text');
        const rendered = text !== null && text.getAttribute('aria-busy') !== 'true';
        const timedOut = now - start > arg.timeoutMs;
        if ((rendered && quiet >= arg.quietFrames && snapshots.length > 0) || timedOut) {
          trace.on = false;
          resolve({ start, snapshots, timedOut, events: trace.events });
        } else requestAnimationFrame(onFrame);
      };
      requestAnimationFrame(onFrame);
    };
    document.addEventListener('change', onChange, true);
  });
}

export function firstPaintRecord(): Promise<FirstPaintRecord> {
  return (window as BenchWindow).__benchFirstPaint!;
}

export interface ReaderLayout {
  scrollerWidth: number;
  scrollerHeight: number;
  textWidth: number;
  font: string;
  blockMargin: string;
  /** Blocks per group, and the group's content-visibility and contain-intrinsic-size as computed. */
  groupSize: number;
  groupStyle: string;
}

/** The left reader pane's scroll box and text column, so a baseline page can lay the text out the same way. */
export function readerLayout(): ReaderLayout {
  const scroller = document.querySelector<HTMLElement>('[aria-label="Article in the left pane"]')!;
  const text = scroller.querySelector<HTMLElement>('.document-text')!;
  const block = text.querySelector<HTMLElement>('.block')!;
  const group = block.parentElement!;
  const style = getComputedStyle(text);
  const groupStyle = getComputedStyle(group);
  return {
    scrollerWidth: Math.round(scroller.clientWidth),
    scrollerHeight: Math.round(scroller.clientHeight),
    textWidth: Math.round(text.getBoundingClientRect().width),
    font: style.font,
    blockMargin: getComputedStyle(block).margin,
    groupSize: group.querySelectorAll(':scope > [data-start]').length,
    groupStyle: `content-visibility: ${groupStyle.contentVisibility}; contain-intrinsic-size: ${groupStyle.containIntrinsicSize};`,
  };
}

/** Text offsets covered by the blocks of the left pane that intersect its visible scroll area. */
export function visibleTextWindow(): { start: number; end: number; blocks: number } | null {
  const scroller = document.querySelector('[aria-label="Article in the left pane"]');
  if (!scroller) return null;
  const view = scroller.getBoundingClientRect();
  let start = Infinity;
  let end = -Infinity;
  let blocks = 0;
  for (const block of scroller.querySelectorAll<HTMLElement>('.document-text [data-start]')) {
    const rect = block.getBoundingClientRect();
    if (rect.top > view.bottom) break;
    if (rect.bottom < view.top || rect.height === 0) continue;
    start = Math.min(start, Number(block.dataset.start));
    end = Math.max(end, Number(block.dataset.end));
    blocks++;
  }
  return blocks === 0 ? null : { start, end, blocks };
}

/**
 * Where to drag the mouse to select a few words of the `nth` paragraph that is fully visible in the
 * left pane, with the offsets of that phrase in the stored text.
 */
export function phraseToSelect(arg: { nth: number; words: number }): { x1: number; y1: number; x2: number; y2: number; start: number; end: number; phrase: string } {
  const scroller = document.querySelector('[aria-label="Article in the left pane"]')!;
  const view = scroller.getBoundingClientRect();
  const candidates = [...scroller.querySelectorAll<HTMLElement>('.document-text p[data-start]')].filter((block) => {
    const rect = block.getBoundingClientRect();
    return rect.top >= view.top && rect.bottom <= view.bottom && (block.textContent ?? '').length > 200;
  });
  const block = candidates[arg.nth % candidates.length];
  const node = block?.firstChild;
  if (!block || !node || node.nodeType !== Node.TEXT_NODE) throw new Error('no visible paragraph to select in');
  const content = node.textContent ?? '';
  // Start at the word after the nth space, so successive runs select different phrases.
  const spaces = [...content.matchAll(/ /g)].map((m) => m.index);
  const first = spaces[1 + arg.nth * (arg.words + 1)]! + 1;
  const last = spaces[1 + arg.nth * (arg.words + 1) + arg.words]!;
  const range = document.createRange();
  range.setStart(node, first);
  range.setEnd(node, last);
  const rects = range.getClientRects();
  const a = rects[0]!;
  const b = rects[rects.length - 1]!;
  const blockStart = Number(block.dataset.start);
  return {
    x1: a.left + 1,
    y1: a.top + a.height / 2,
    x2: b.right - 1,
    y2: b.top + b.height / 2,
    start: blockStart + first,
    end: blockStart + last,
    phrase: content.slice(first, last),
  };
}

/**
 * Arms a probe on the next "1" keydown (seen before the app's own listener): from then it traces,
 * and polls `margin-yellow` every frame until a range at [start, end) is registered.
 */
export function armAddProbe(arg: { start: number; end: number; timeoutMs: number }): void {
  const win = window as BenchWindow;
  const trace = win.__benchTrace!;
  function offsetOf(node: Node, offset: number): number | null {
    const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element);
    const block = element?.closest<HTMLElement>('[data-start]');
    return block ? Number(block.dataset.start) + offset : null;
  }
  // A user-blocking task posted from a frame callback runs once that frame is rendered, ahead of
  // ordinary tasks (React's scheduler, IndexedDB callbacks) queued meanwhile.
  function afterFrame(callback: () => void): void {
    const scheduler = (globalThis as unknown as { scheduler?: { postTask(cb: () => void, options: { priority: string }): Promise<unknown> } }).scheduler;
    if (scheduler) void scheduler.postTask(callback, { priority: 'user-blocking' });
    else {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => callback();
      channel.port2.postMessage(0);
    }
  }
  function registered(): boolean {
    for (const range of CSS.highlights.get('margin-yellow') ?? []) {
      const r = range as Range;
      if (offsetOf(r.startContainer, r.startOffset) === arg.start && offsetOf(r.endContainer, r.endOffset) === arg.end) return true;
    }
    return false;
  }
  win.__benchAdd = new Promise<AddRecord | null>((resolve) => {
    if (registered()) throw new Error('the phrase is already highlighted in yellow');
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '1') return;
      window.removeEventListener('keydown', onKey, true);
      const start = performance.now();
      trace.events = [];
      trace.on = true;
      const onFrame = () => {
        const frame = performance.now();
        if (registered()) {
          afterFrame(() => {
            const painted = performance.now();
            // Long-animation-frame entries arrive after their frame; give them a moment.
            setTimeout(() => {
              trace.on = false;
              resolve({ start, frame, painted, events: trace.events });
            }, 300);
          });
        } else if (frame - start > arg.timeoutMs) {
          trace.on = false;
          resolve(null);
        } else requestAnimationFrame(onFrame);
      };
      requestAnimationFrame(onFrame);
    };
    window.addEventListener('keydown', onKey, true);
  });
}

export function addRecord(): Promise<AddRecord | null> {
  return (window as BenchWindow).__benchAdd!;
}

/**
 * The DOM half of the app's click hit-test (renderer text-ranges' offsetAtPoint), timed per call at
 * the given points, which are fractions of the visible part of `container` (inside `scroller`, or
 * the window). Counts the points that landed in text, and gives offsets where blocks carry them.
 */
export function timeCaretHitTests(arg: { points: [number, number][]; container: string; scroller: string | null }): {
  durations: number[];
  totalMs: number;
  inText: number;
  offsets: (number | null)[];
} {
  const container = document.querySelector(arg.container)!;
  const view = arg.scroller ? document.querySelector(arg.scroller)!.getBoundingClientRect() : new DOMRect(0, 0, innerWidth, innerHeight);
  const article = container.getBoundingClientRect();
  const left = Math.max(view.left, article.left);
  const right = Math.min(view.right, article.right);
  const top = Math.max(view.top, article.top);
  const bottom = Math.min(view.bottom, article.bottom);
  const durations: number[] = [];
  const offsets: (number | null)[] = [];
  let inText = 0;
  const begin = performance.now();
  for (const [fx, fy] of arg.points) {
    const x = left + fx * (right - left);
    const y = top + fy * (bottom - top);
    const t = performance.now();
    const position = document.caretPositionFromPoint(x, y);
    let offset: number | null = null;
    if (position && position.offsetNode.nodeType === Node.TEXT_NODE) {
      const block = position.offsetNode.parentElement?.closest<HTMLElement>('[data-start]');
      if (block && container.contains(block)) offset = Number(block.dataset.start) + position.offset;
      if (container.contains(position.offsetNode)) inText++;
    }
    durations.push(performance.now() - t);
    offsets.push(offset);
  }
  return { durations, totalMs: performance.now() - begin, inText, offsets };
}

/**
 * The baseline highlighter, in the manner of Hypothesis's: for each range, split the text nodes at
 * its edges and wrap every text node inside it in a <mark>; where ranges overlap, the inner pieces
 * (already inside a mark) are wrapped again. Ranges arrive as (block, offset) pairs and each block's
 * text nodes are walked from the block, not the document, which is the fast variant of the idea.
 * Times the wrapping and the next frame.
 */
export function wrapHighlights(arg: { ranges: number[]; colors: string[] }): Promise<{ wrapMs: number; frameMs: number; paintedMs: number; marks: number }> {
  const blocks = [...document.querySelectorAll<HTMLElement>('#article [data-block]')];
  const lengths = blocks.map((b) => (b.textContent ?? '').length);
  function wrapInBlock(block: HTMLElement, from: number, to: number, className: string): number {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    const inside: { node: Text; start: number }[] = [];
    let position = 0;
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const start = position;
      position += node.length;
      if (position <= from) continue;
      if (start >= to) break;
      inside.push({ node, start });
    }
    for (const { node, start } of inside) {
      const a = Math.max(from, start) - start;
      const b = Math.min(to, start + node.length) - start;
      if (b < node.length) node.splitText(b);
      const piece = a > 0 ? node.splitText(a) : node;
      const mark = document.createElement('mark');
      mark.className = className;
      piece.parentNode!.insertBefore(mark, piece);
      mark.appendChild(piece);
    }
    return inside.length;
  }
  // A user-blocking task posted from a frame callback runs once that frame is rendered, ahead of
  // ordinary tasks (React's scheduler, IndexedDB callbacks) queued meanwhile.
  function afterFrame(callback: () => void): void {
    const scheduler = (globalThis as unknown as { scheduler?: { postTask(cb: () => void, options: { priority: string }): Promise<unknown> } }).scheduler;
    if (scheduler) void scheduler.postTask(callback, { priority: 'user-blocking' });
    else {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => callback();
      channel.port2.postMessage(0);
    }
  }
  const begin = performance.now();
  let marks = 0;
  for (let i = 0; i < arg.ranges.length; i += 5) {
    const [startBlock, startOffset, endBlock, endOffset, color] = arg.ranges.slice(i, i + 5) as [number, number, number, number, number];
    for (let b = startBlock; b <= endBlock; b++) {
      const from = b === startBlock ? startOffset : 0;
      const to = b === endBlock ? endOffset : lengths[b]!;
      if (to > from) marks += wrapInBlock(blocks[b]!, from, to, `hl-${arg.colors[color]}`);
    }
  }
  const wrapped = performance.now();
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const frame = performance.now();
      afterFrame(() => resolve({ wrapMs: wrapped - begin, frameMs: frame - begin, paintedMs: performance.now() - begin, marks }));
    });
  });
}

/**
 * Writes the benchmark's document and annotations straight into the app's database with raw
 * IndexedDB, in one transaction. The app must have opened the database once (so Dexie created it);
 * opening it here without a version never upgrades it.
 */
export function seedDatabase(arg: { meta: unknown; text: unknown; annotations: unknown[] }): Promise<{ version: number; stores: string[] }> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('margin');
    request.onupgradeneeded = () => {
      request.transaction?.abort();
      reject(new Error('the app has not created its database yet'));
    };
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const tx = db.transaction(['documents', 'texts', 'annotations'], 'readwrite');
      tx.objectStore('documents').put(arg.meta);
      tx.objectStore('texts').put(arg.text);
      const annotations = tx.objectStore('annotations');
      for (const record of arg.annotations) annotations.put(record);
      tx.oncomplete = () => {
        const info = { version: db.version, stores: [...db.objectStoreNames] };
        db.close();
        resolve(info);
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** Inserts the baseline article's HTML into #article and times it to the frame after it is drawn. */
export function renderBaselineArticle(arg: { html: string }): Promise<number> {
  // A user-blocking task posted from a frame callback runs once that frame is rendered, ahead of
  // ordinary tasks (React's scheduler, IndexedDB callbacks) queued meanwhile.
  function afterFrame(callback: () => void): void {
    const scheduler = (globalThis as unknown as { scheduler?: { postTask(cb: () => void, options: { priority: string }): Promise<unknown> } }).scheduler;
    if (scheduler) void scheduler.postTask(callback, { priority: 'user-blocking' });
    else {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => callback();
      channel.port2.postMessage(0);
    }
  }
  const article = document.getElementById('article')!;
  const begin = performance.now();
  article.innerHTML = arg.html;
  return new Promise((resolve) => {
    requestAnimationFrame(() => afterFrame(() => resolve(performance.now() - begin)));
  });
}

/**
 * Reads one document's annotations from the app's database with raw IndexedDB, two ways: one
 * getAll on the documentId index, and a cursor over the same index (what Dexie does when a query
 * carries a JavaScript filter, as listAnnotations does). Times each, in ms.
 */
export async function timeAnnotationReads(arg: { documentId: string; runs: number }): Promise<{ getAll: number[]; cursor: number[]; records: number }> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open('margin');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const index = () => db.transaction('annotations', 'readonly').objectStore('annotations').index('documentId');
  const getAll: number[] = [];
  const cursor: number[] = [];
  let records = 0;
  for (let run = 0; run < arg.runs; run++) {
    let begin = performance.now();
    records = await new Promise<number>((resolve, reject) => {
      const request = index().getAll(IDBKeyRange.only(arg.documentId));
      request.onsuccess = () => resolve((request.result as { deletedAt: string | null }[]).filter((a) => a.deletedAt === null).length);
      request.onerror = () => reject(request.error);
    });
    getAll.push(performance.now() - begin);
    begin = performance.now();
    await new Promise<void>((resolve, reject) => {
      const found: unknown[] = [];
      const request = index().openCursor(IDBKeyRange.only(arg.documentId));
      request.onsuccess = () => {
        const at = request.result;
        if (!at) return resolve();
        if ((at.value as { deletedAt: string | null }).deletedAt === null) found.push(at.value);
        at.continue();
      };
      request.onerror = () => reject(request.error);
    });
    cursor.push(performance.now() - begin);
  }
  db.close();
  return { getAll, cursor, records };
}

/**
 * Reads the document's annotations through Dexie (the same release as the app, loaded beside it)
 * two ways, each awaited directly and through liveQuery to its first result: the query with a
 * JavaScript filter for tombstones, and the plain index query filtered afterwards. Times in ms.
 */
export async function timeDexieReads(arg: { documentId: string; runs: number }): Promise<Record<'withFilter' | 'filterAfter' | 'liveQueryWithFilter' | 'liveQueryFilterAfter', number[]>> {
  const DexieClass = (window as unknown as { Dexie: typeof Dexie }).Dexie;
  const db = new DexieClass('margin');
  // The app's schema (renderer/src/db/database.ts), so this connection opens without an upgrade.
  db.version(1).stores({
    documents: 'id, title, type, origin, addedAt',
    texts: 'id',
    annotations: 'id, documentId, modifiedAt, *tags, field.fieldKey',
    statuses: 'documentId, status',
    schemas: 'key, active',
    settings: 'key',
  });
  await db.open();
  const table = db.table<{ deletedAt: string | null }>('annotations');
  const withFilter = () =>
    table
      .where('documentId')
      .equals(arg.documentId)
      .filter((a) => a.deletedAt === null)
      .toArray();
  const filterAfter = async () => (await table.where('documentId').equals(arg.documentId).toArray()).filter((a) => a.deletedAt === null);
  const times = { withFilter: [] as number[], filterAfter: [] as number[], liveQueryWithFilter: [] as number[], liveQueryFilterAfter: [] as number[] };
  const timeLive = (query: () => Promise<unknown>) =>
    new Promise<number>((resolve, reject) => {
      const begin = performance.now();
      const subscription = DexieClass.liveQuery(query).subscribe({
        next: () => {
          resolve(performance.now() - begin);
          setTimeout(() => subscription.unsubscribe());
        },
        error: reject,
      });
    });
  for (let run = 0; run < arg.runs; run++) {
    let begin = performance.now();
    await withFilter();
    times.withFilter.push(performance.now() - begin);
    begin = performance.now();
    await filterAfter();
    times.filterAfter.push(performance.now() - begin);
    times.liveQueryWithFilter.push(await timeLive(withFilter));
    times.liveQueryFilterAfter.push(await timeLive(filterAfter));
  }
  db.close();
  return times;
}

/**
 * An experiment, not the app: moves the left pane's blocks into groups of `size`, with
 * content-visibility: auto on the groups instead of on every block. Hit-testing then visits a few
 * dozen groups rather than every block. React no longer owns this DOM afterwards; reload to reuse it.
 */
export function regroupBlocks(arg: { size: number }): number {
  const style = document.createElement('style');
  style.textContent = '.block { content-visibility: visible !important; } .bench-group { content-visibility: auto; contain-intrinsic-size: auto 2000px; }';
  document.head.append(style);
  const text = document.querySelector('[aria-label="Reader, left pane"] .document-text')!;
  const blocks = [...text.children];
  let groups = 0;
  for (let i = 0; i < blocks.length; i += arg.size) {
    const group = document.createElement('div');
    group.className = 'bench-group';
    text.insertBefore(group, blocks[i]!);
    group.append(...blocks.slice(i, i + arg.size));
    groups++;
  }
  return groups;
}
