// Where opening the document spends its time and memory, for `MARGIN_BENCH_PROFILE=1 npm run bench`:
// a V8 CPU profile and a Chrome trace over one open, and heap snapshots before and after, summed up
// by function, trace event and constructor so a regression can be traced to its code.
import { writeFileSync } from 'node:fs';
import type { CDPSession } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

export interface Recording {
  stop(): Promise<{ profile: CpuProfile; events: TraceEvent[] }>;
}

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'blink.user_timing', 'loading'].join(',');

/** `extraCategories`: more trace categories, such as invalidation tracking (what made style dirty). */
export async function startRecording(cdp: CDPSession, extraCategories: readonly string[] = []): Promise<Recording> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (payload) => events.push(...(payload.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { categories: [CATEGORIES, ...extraCategories].join(','), transferMode: 'ReportEvents' });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
      await cdp.send('Profiler.disable');
      const complete = new Promise<void>((done) => cdp.once('Tracing.tracingComplete', () => done()));
      await cdp.send('Tracing.end');
      await complete;
      return { profile, events };
    },
  };
}

const round = (x: number) => Math.round(x * 10) / 10;

/** Self time per function (ms), the `top` largest, from a sampled CPU profile. */
export function selfTimeByFunction(profile: CpuProfile, top = 40): { fn: string; ms: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop() ?? ''}:${lineNumber + 1}:${columnNumber + 1}`;
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([fn, ms]) => ({ fn, ms: round(ms) }));
}

/**
 * The renderer main thread that did the most: with several pages open in one browser, each
 * renderer process has a CrRendererMain, and the first named is not always the traced page's.
 */
function rendererMain(events: TraceEvent[]): { pid: number; tid: number } | undefined {
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const busy = (m: TraceEvent) => events.reduce((sum, e) => (e.pid === m.pid && e.tid === m.tid && e.ph === 'X' ? sum + (e.dur ?? 0) : sum), 0);
  return mains.map((m) => ({ m, busy: busy(m) })).sort((a, b) => b.busy - a.busy)[0]?.m;
}

/**
 * Total time per trace event name on the renderer's main thread (nested events each count their
 * own duration, so a parent includes its children).
 */
export function timeByTraceEvent(events: TraceEvent[], top = 30): { event: string; ms: number; count: number }[] {
  const main = rendererMain(events);
  const totals = new Map<string, { ms: number; count: number }>();
  for (const e of events) {
    if (!main || e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || e.dur === undefined) continue;
    const t = totals.get(e.name) ?? { ms: 0, count: 0 };
    t.ms += e.dur / 1000;
    t.count++;
    totals.set(e.name, t);
  }
  return [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, top).map(([event, t]) => ({ event, ms: round(t.ms), count: t.count }));
}

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Self size (bytes) and count per node type and constructor name in a heap snapshot. */
export async function heapByConstructor(cdp: CDPSession, savePath?: string): Promise<Map<string, { size: number; count: number }>> {
  const chunks: string[] = [];
  const onChunk = (payload: { chunk: string }) => chunks.push(payload.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.disable');
  if (savePath) writeFileSync(savePath, chunks.join(''));
  const snapshot = JSON.parse(chunks.join('')) as HeapSnapshot;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const totals = new Map<string, { size: number; count: number }>();
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt]!]!;
    const rawName = snapshot.strings[snapshot.nodes[i + nameAt]!]!;
    // Strings are grouped by kind, not by content.
    const name = type === 'string' || type === 'concatenated string' || type === 'sliced string' ? '' : rawName.slice(0, 80);
    const key = `${type} ${name}`;
    const t = totals.get(key) ?? { size: 0, count: 0 };
    t.size += snapshot.nodes[i + sizeAt]!;
    t.count++;
    totals.set(key, t);
  }
  return totals;
}

/** What grew between two snapshots, largest first, in KB. */
export function heapGrowth(before: Map<string, { size: number; count: number }>, after: Map<string, { size: number; count: number }>, top = 40) {
  const rows: { what: string; addedKB: number; addedCount: number }[] = [];
  for (const [key, a] of after) {
    const b = before.get(key) ?? { size: 0, count: 0 };
    rows.push({ what: key, addedKB: round((a.size - b.size) / 1024), addedCount: a.count - b.count });
  }
  return rows.sort((x, y) => y.addedKB - x.addedKB).slice(0, top);
}

/**
 * The renderer main thread's tasks longer than `thresholdMs`, each with the events inside it summed
 * by name (script functions named from their call data), largest first: where a dropped frame went.
 */
export function longTasks(events: TraceEvent[], thresholdMs: number, top = 20): { ms: number; inside: { event: string; ms: number }[] }[] {
  const main = rendererMain(events);
  if (!main) return [];
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
  const tasks = onMain.filter((e) => (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.dur! / 1000 > thresholdMs);
  return tasks
    .sort((a, b) => b.dur! - a.dur!)
    .slice(0, top)
    .map((task) => {
      const inside = new Map<string, number>();
      for (const e of onMain) {
        if (e === task || e.ts < task.ts || e.ts + e.dur! > task.ts + task.dur! || e.name === 'RunTask') continue;
        const data = (e.args as { data?: { functionName?: string; url?: string } } | undefined)?.data;
        const key = data?.functionName ? `${e.name} ${data.functionName}` : e.name;
        inside.set(key, (inside.get(key) ?? 0) + e.dur! / 1000);
      }
      return { ms: round(task.dur! / 1000), inside: [...inside.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([event, ms]) => ({ event, ms: round(ms) })) };
    });
}

/** What made style dirty (with invalidation tracking on): invalidation events counted by kind, reason and node. */
export function styleInvalidations(events: TraceEvent[], top = 25): { what: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const e of events) {
    if (!e.name.includes('InvalidationTracking')) continue;
    const data = (e.args as { data?: { reason?: string; nodeName?: string; invalidationList?: { classes?: string[]; id?: string; attribute?: string }[]; changedAttribute?: string; changedClass?: string; changedPseudo?: string } } | undefined)?.data;
    const detail = data?.changedAttribute ?? data?.changedClass ?? data?.changedPseudo ?? JSON.stringify(data?.invalidationList ?? '').slice(0, 80);
    const key = `${e.name} | ${data?.reason ?? ''} | ${data?.nodeName ?? ''} | ${detail}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([what, count]) => ({ what, count }));
}
