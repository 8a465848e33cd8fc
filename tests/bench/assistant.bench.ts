// The assistant benchmark (issue 14): suggesting values for a 50 KB article in the assistant's own
// worker, in Chromium against the web build, beside a same-run baseline of wink-nlp's sentence
// splitting alone in the same worker; results in bench-results/assistant.json.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { launchBrowser } from '../e2e/browser';
import { machineDescription, metric, ratio, ratiosTable, resultsTable, writeResults } from './bench-report';
import type { Metric, Ratio } from './bench-report';

const ROOT = resolve(import.meta.dirname, '../..');
const RESULTS_PATH = resolve(ROOT, 'bench-results/assistant.json');
const RUNS = 7;
const ARTICLE_CHARS = 50_000;
const TARGET_MS = 300;

/** A 50 KB article made of the bundled corpus and the labelled articles, repeated paragraph by paragraph. */
function article(): string {
  const files = [
    ...readdirSync(resolve(ROOT, 'resources/documents')).filter((f) => f.endsWith('.txt')).map((f) => resolve(ROOT, 'resources/documents', f)),
    ...readdirSync(resolve(ROOT, 'tests/fixtures/assistant/articles')).map((f) => resolve(ROOT, 'tests/fixtures/assistant/articles', f)),
  ].sort();
  const paragraphs = files.flatMap((f) => readFileSync(f, 'utf8').split('\n\n'));
  let text = '';
  for (let i = 0; text.length < ARTICLE_CHARS; i += 1) text += `${paragraphs[i % paragraphs.length]}\n\n`;
  return text.slice(0, ARTICLE_CHARS);
}

let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(inject('baseUrl'));
});
afterAll(async () => {
  await browser?.close();
});

const metrics: Record<string, Metric> = {};
const ratios: Record<string, Ratio> = {};

afterAll(() => {
  if (Object.keys(metrics).length === 0) return;
  writeResults(RESULTS_PATH, {
    benchmark: 'assistant',
    date: new Date().toISOString(),
    machine: machineDescription(),
    workload: { articleChars: ARTICLE_CHARS, article: 'the five bundled articles and the seven labelled ones, paragraph by paragraph, repeated to 50,000 characters', schema: `${DEFAULT_SCHEMA.id}@${DEFAULT_SCHEMA.version}` },
    worker: "the web build's own assistant worker (dist/web/assets/assistant.worker-*.js), started in the page as the app starts it",
    clock: `performance.now() inside the worker around the work of one request (the worker reports it), and around postMessage→answer in the page; suggest and the baseline back to back in each of ${RUNS} runs, order alternating, after one warm-up of each`,
    target: `suggesting the 50 KB article in the worker ≤ ${TARGET_MS} ms (p95 of the runs)`,
    metrics,
    ratios,
  });
  console.log(`\nAssistant benchmark — ${machineDescription().cpu}\n${resultsTable(metrics)}\n\n${ratiosTable(ratios)}\n→ ${RESULTS_PATH}`);
});

describe('assistant', () => {
  it('suggests values for a 50 KB article in the worker, beside wink-nlp sentence splitting alone', async () => {
    const worker = readdirSync(resolve(ROOT, 'dist/web/assets')).find((f) => /^assistant\.worker-.*\.js$/.test(f));
    expect(worker, 'the web build has the assistant worker').toBeDefined();
    const text = article();
    const samples = await page.evaluate(
      async ({ url, text, schema, runs }) => {
        const w = new Worker(url, { type: 'module', name: 'margin-assistant' });
        let id = 0;
        const ask = (request: Record<string, unknown>) =>
          new Promise<{ inWorker: number; roundTrip: number; found: number }>((resolve, reject) => {
            const mine = ++id;
            const started = performance.now();
            w.onmessage = (event: MessageEvent) => {
              const answer = event.data as { id: number; error?: string; elapsedMs: number; result?: { suggestions: unknown[] }; count?: number };
              if (answer.id !== mine) return;
              if (answer.error) reject(new Error(answer.error));
              else resolve({ inWorker: answer.elapsedMs, roundTrip: performance.now() - started, found: answer.result?.suggestions.length ?? answer.count ?? 0 });
            };
            w.postMessage({ ...request, id: mine });
          });
        const suggest = () => ask({ kind: 'suggest', text, schema, rejected: [] });
        const split = () => ask({ kind: 'sentences', text });
        await suggest();
        await split();
        const out = { suggest: [] as number[], suggestRoundTrip: [] as number[], sentences: [] as number[], found: 0, sentenceCount: 0 };
        for (let run = 0; run < runs; run += 1) {
          const pair = run % 2 === 0 ? [suggest, split] : [split, suggest];
          for (const step of pair) {
            const answer = await step();
            if (step === suggest) {
              out.suggest.push(answer.inWorker);
              out.suggestRoundTrip.push(answer.roundTrip);
              out.found = answer.found;
            } else {
              out.sentences.push(answer.inWorker);
              out.sentenceCount = answer.found;
            }
          }
        }
        w.terminate();
        return out;
      },
      { url: `/assets/${worker}`, text, schema: DEFAULT_SCHEMA, runs: RUNS },
    );
    metrics.suggest50kb = metric(samples.suggest, 'suggestValues on the 50 KB article, inside the worker', TARGET_MS, { suggestions: samples.found });
    metrics.suggest50kbRoundTrip = metric(samples.suggestRoundTrip, 'the same request, postMessage to answer in the page', null);
    metrics.sentences50kbBaseline = metric(samples.sentences, 'wink-nlp sentence splitting alone on the same article, inside the same worker', null, { sentences: samples.sentenceCount });
    ratios.suggestToSentences = ratio(samples.suggest, samples.sentences, null, { measured: 'suggest50kb', baseline: 'sentences50kbBaseline' });
    expect(samples.found).toBeGreaterThan(0);
    expect(samples.sentenceCount).toBeGreaterThan(0);
  });
});
