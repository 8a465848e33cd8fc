// Where a cold start spends the time from navigation to the library rows, for
// `MARGIN_BENCH_PROFILE=1` runs of the cold-start bench: one traced start, read back as a timeline of
// the main thread's tasks (what script ran, parsed or compiled in each), the idle gaps between them
// (waiting on the network, IndexedDB or a worker), and each fetched file's request and response times.
import { writeFileSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';

interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time, where the trace has it: wall time less the time the thread was not running. */
  tdur?: number;
  args?: { name?: string; data?: Record<string, unknown>; frame?: string };
}

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink', 'blink.user_timing', 'loading', 'disabled-by-default-v8.compile'].join(',');

const round = (x: number) => Math.round(x * 10) / 10;

export interface StartProfile {
  rowsVisibleMs: number;
  /** Main-thread CPU time by kind (trace event, own time less what is nested in it) between navigation start and the rows (ms). */
  busy: Record<string, number>;
  /** Main-thread time with no task running between navigation start and the rows (ms). */
  idleMs: number;
  /** The main thread's CPU time in those tasks (ms): on a loaded machine, less than their wall time. */
  cpuMs: number;
  /** The main thread's tasks over 2 ms, in order: start (ms from navigation start), length, what ran inside. */
  tasks: { at: number; ms: number; inside: string[] }[];
  /** Every file fetched before the rows: request start and response end (ms from navigation start). */
  resources: { name: string; start: number; end: number; kind: string }[];
  /** Sampled script self time by function before the rows (ms), the largest first. */
  scriptSelfTime: { fn: string; ms: number }[];
  /** The same by script file. */
  scriptByFile: { file: string; ms: number }[];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function and per file from a sampled profile, up to `untilMs` after its start. */
function scriptTime(profile: CpuProfile, untilUs: number): Pick<StartProfile, 'scriptSelfTime' | 'scriptByFile'> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at > untilUs) return;
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    const file = frame.url.split('/').pop() || '(native)';
    const fn = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + delta / 1000);
    byFile.set(file, (byFile.get(file) ?? 0) + delta / 1000);
  });
  const top = (m: Map<string, number>, n: number) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { scriptSelfTime: top(byFn, 40).map(([fn, ms]) => ({ fn, ms: round(ms) })), scriptByFile: top(byFile, 20).map(([file, ms]) => ({ file, ms: round(ms) })) };
}

/** Traces one navigation of `page` to `url` until `done` resolves, and reads it back. */
export async function profileStart(page: Page, cdp: CDPSession, url: string, done: () => Promise<number>, savePath?: string): Promise<StartProfile> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (payload) => events.push(...(payload.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Profiler.start');
  await page.goto(url);
  const rowsVisibleMs = await done();
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
  const resources = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => {
      const r = e as PerformanceResourceTiming;
      return { name: r.name.split('/').pop() ?? r.name, start: Math.round(r.startTime), end: Math.round(r.responseEnd), kind: r.initiatorType };
    }),
  );
  const complete = new Promise<void>((resolveComplete) => cdp.once('Tracing.tracingComplete', () => resolveComplete()));
  await cdp.send('Tracing.end');
  await complete;
  // The profile's clock is the trace clock (monotonic µs); navigation start is found in the trace.
  const summary = summarize(events, rowsVisibleMs);
  // For DevTools (Performance panel: load profile); rowsAtUs is when the rows showed, on its clock.
  if (savePath) writeFileSync(savePath, JSON.stringify({ ...profile, rowsAtUs: summary.navigationTs + rowsVisibleMs * 1000 }));
  return {
    rowsVisibleMs: round(rowsVisibleMs),
    ...summary.timeline,
    resources: resources.filter((r) => r.start <= rowsVisibleMs),
    ...scriptTime(profile, summary.navigationTs + rowsVisibleMs * 1000),
  };
}

function summarize(events: TraceEvent[], rowsVisibleMs: number): { timeline: Pick<StartProfile, 'busy' | 'idleMs' | 'cpuMs' | 'tasks'>; navigationTs: number } {
  // The navigated page's main thread: the one that marked navigationStart for a real URL last.
  const starts = events.filter((e) => e.name === 'navigationStart' && typeof e.args?.data?.documentLoaderURL === 'string' && (e.args.data.documentLoaderURL as string).startsWith('http'));
  const nav = starts[starts.length - 1];
  if (!nav) return { timeline: { busy: {}, idleMs: 0, cpuMs: 0, tasks: [] }, navigationTs: Infinity };
  const t0 = nav.ts;
  const end = t0 + rowsVisibleMs * 1000;
  const onMain = events.filter((e) => e.pid === nav.pid && e.tid === nav.tid && e.ph === 'X' && e.dur !== undefined && e.ts >= t0 && e.ts <= end).sort((a, b) => a.ts - b.ts);
  const tasks = onMain.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  const busy = new Map<string, number>();
  let busyTotal = 0;
  let cpuTotal = 0;
  const described: StartProfile['tasks'] = [];
  for (const task of tasks) {
    busyTotal += task.dur!;
    cpuTotal += task.tdur ?? task.dur!;
    const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur! && e.name !== 'RunTask');
    // Each event's own time, less what is nested in it, summed by kind.
    for (const e of inside) {
      const nested = inside.filter((c) => c !== e && c.ts >= e.ts && c.ts + c.dur! <= e.ts + e.dur!);
      const direct = nested.filter((c) => !nested.some((p) => p !== c && c.ts >= p.ts && c.ts + c.dur! <= p.ts + p.dur!));
      const cpu = (x: TraceEvent) => x.tdur ?? x.dur!;
      const self = cpu(e) - direct.reduce((sum, c) => sum + cpu(c), 0);
      busy.set(e.name, (busy.get(e.name) ?? 0) + self / 1000);
    }
    if (task.dur! < 2000) continue;
    const label = (e: TraceEvent) => {
      const data = e.args?.data as { url?: string; functionName?: string; fileName?: string } | undefined;
      const where = (data?.url ?? data?.fileName ?? '').split('/').pop();
      return `${e.name}${data?.functionName ? ` ${data.functionName}` : ''}${where ? ` ${where}` : ''} ${round(e.dur! / 1000)}`;
    };
    const top = inside.filter((e) => e.dur! >= 1000 && ['EvaluateScript', 'v8.compile', 'v8.compileModule', 'v8.evaluateModule', 'FunctionCall', 'TimerFire', 'FireAnimationFrame', 'ParseHTML', 'Layout', 'UpdateLayoutTree', 'Paint', 'ParseAuthorStyleSheet', 'RunMicrotasks', 'EventDispatch', 'v8.parseOnBackground', 'V8.CompileCode', 'V8.CompileLazy'].includes(e.name));
    described.push({ at: round((task.ts - t0) / 1000), ms: round(task.dur! / 1000), inside: top.slice(0, 12).map(label) });
  }
  const busyRounded: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [name, ms] of [...busy.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) busyRounded[name] = round(ms);
  busyRounded['(all tasks)'] = round(busyTotal / 1000);
  return { timeline: { busy: busyRounded, idleMs: round(rowsVisibleMs - busyTotal / 1000), tasks: described, cpuMs: round(cpuTotal / 1000) }, navigationTs: t0 };
}
