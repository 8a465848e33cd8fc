// Summaries and the results file of the benchmark: median and p95 over runs, each metric against
// its target, and the machine and browser it ran on, so numbers from different days compare.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, platform, arch, release, loadavg } from 'node:os';
import { dirname } from 'node:path';

export interface Summary {
  runs: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

/** Median and nearest-rank p95 (with few runs the p95 is the slowest run, which is what we want). */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('summarize: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { runs: sorted.length, median, p95: at(0.95), min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

export interface Metric extends Summary {
  unit: 'ms';
  /** What one sample is, so a reader knows what the median is a median of. */
  sample: string;
  /** Upper bound on the p95, or null for a metric reported without a target. */
  targetMs: number | null;
  met: boolean | null;
  /** Every sample, when there are few enough to be worth keeping. */
  samples?: number[];
  detail?: Record<string, unknown>;
}

const MAX_KEPT_SAMPLES = 50;

export function metric(samples: readonly number[], sample: string, targetMs: number | null, detail?: Record<string, unknown>): Metric {
  const summary = summarize(samples);
  const rounded = (x: number) => Math.round(x * 1000) / 1000;
  return {
    unit: 'ms',
    sample,
    ...summary,
    median: rounded(summary.median),
    p95: rounded(summary.p95),
    min: rounded(summary.min),
    max: rounded(summary.max),
    targetMs,
    met: targetMs === null ? null : summary.p95 <= targetMs,
    ...(samples.length <= MAX_KEPT_SAMPLES ? { samples: samples.map(rounded) } : {}),
    ...(detail ? { detail } : {}),
  };
}

/** A metric in any unit (MB, a ratio, ms) with an upper bound on its p95, as `metric` is for times. */
export interface Measure extends Summary {
  unit: string;
  sample: string;
  target: number | null;
  met: boolean | null;
  samples: number[];
  detail?: Record<string, unknown>;
}

export function measure(samples: readonly number[], unit: string, sample: string, target: number | null, detail?: Record<string, unknown>): Measure {
  const summary = summarize(samples);
  const rounded = (x: number) => Math.round(x * 1000) / 1000;
  return {
    unit,
    sample,
    runs: summary.runs,
    median: rounded(summary.median),
    p95: rounded(summary.p95),
    min: rounded(summary.min),
    max: rounded(summary.max),
    target,
    met: target === null ? null : summary.p95 <= target,
    samples: samples.map(rounded),
    ...(detail ? { detail } : {}),
  };
}

/** As resultsTable, for measures in their own units (named in the first column). */
export function measuresTable(measures: Record<string, Measure>): string {
  return table(Object.entries(measures).map(([name, m]) => ({ name: `${name} (${m.unit})`, runs: m.runs, median: m.median, p95: m.p95, target: m.target, met: m.met })), '');
}

export function machineDescription() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    // Other work on the machine slows every run alike; same-run baselines are what compare.
    loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
  };
}

export function writeResults(path: string, results: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}

const format = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(3));

interface TableRow {
  name: string;
  runs: number;
  median: number;
  p95: number;
  target: number | null;
  met: boolean | null;
}

function table(entries: TableRow[], unit: string): string {
  const suffix = unit ? ` ${unit}` : '';
  const rows = [['metric', 'runs', `median${suffix}`, `p95${suffix}`, `target${suffix}`, 'met']];
  for (const m of entries) {
    rows.push([m.name, String(m.runs), format(m.median), format(m.p95), m.target === null ? '–' : `≤ ${m.target}`, m.met === null ? '–' : m.met ? 'yes' : 'NO']);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')).join('\n');
}

/** A fixed-width table: metric, median, p95, target, whether the p95 meets it. */
export function resultsTable(metrics: Record<string, Metric>): string {
  return table(Object.entries(metrics).map(([name, m]) => ({ name, runs: m.runs, median: m.median, p95: m.p95, target: m.targetMs, met: m.met })), 'ms');
}

/** A figure reported as a ratio to a same-run baseline: medians' ratio, and each run's own ratio for the spread. */
export interface Ratio {
  /** median(measured) / median(baseline). */
  ratio: number;
  /** measured[i] / baseline[i] for each run i (the two were timed back to back). */
  perRun: number[];
  min: number;
  max: number;
  target: number | null;
  met: boolean | null;
  measured: string;
  baseline: string;
}

export function ratio(measured: readonly number[], baseline: readonly number[], target: number | null, what: { measured: string; baseline: string }): Ratio {
  const rounded = (x: number) => Math.round(x * 100) / 100;
  const perRun = measured.map((m, i) => m / (baseline[i] as number));
  const value = summarize(measured).median / summarize(baseline).median;
  return {
    ratio: rounded(value),
    perRun: perRun.map(rounded),
    min: rounded(Math.min(...perRun)),
    max: rounded(Math.max(...perRun)),
    target,
    met: target === null ? null : value <= target,
    ...what,
  };
}

/** The ratios as a fixed-width table: name, ratio of medians, per-run spread, target, met. */
export function ratiosTable(ratios: Record<string, Ratio>): string {
  const rows = [['ratio', 'median ratio', 'per-run min–max', 'target', 'met']];
  for (const [name, r] of Object.entries(ratios)) {
    rows.push([name, r.ratio.toFixed(2), `${r.min.toFixed(2)}–${r.max.toFixed(2)}`, r.target === null ? '–' : `≤ ${r.target}`, r.met === null ? '–' : r.met ? 'yes' : 'NO']);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')).join('\n');
}
