// Random and damaged files through every parser: each call must come back (never throw), within a
// bound, with documents or a reason. Bounds are generous so a busy machine does not make this flaky.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import fc from 'fast-check';
import { parseFile } from '../../../renderer/src/features/import/parsers';
import type { ParseFileOptions } from '../../../renderer/src/features/import/parsers';
import { loadNodePdfjs } from '../../fixtures/import/pdfjs-node';
import type { ImportResult } from '@shared/import/types';
import { HYPHENATED_PAGES, textPdf } from '../../fixtures/import/pdfs';

const PER_CALL_MS = 2000;
const options: ParseFileOptions = {
  maxBytes: 1024 * 1024,
  loadPdfjs: loadNodePdfjs,
  pdfTimeoutMs: PER_CALL_MS,
};
const NAMES = ['a.txt', 'a.md', 'a.html', 'a.htm', 'a.pdf', 'a.nbib', 'a.xml', 'a.ris', 'a.bib', 'a.docx'];
const fixture = (name: string): Uint8Array => readFileSync(resolve(import.meta.dirname, '../../fixtures/import', name));

let seeds: { name: string; bytes: Uint8Array }[] = [];

beforeAll(async () => {
  seeds = [
    { name: 'article.html', bytes: fixture('article-with-chrome.html') },
    { name: 'scripts.html', bytes: fixture('scripts-only.html') },
    { name: 'records.nbib', bytes: fixture('three-records.nbib') },
    { name: 'records.txt', bytes: fixture('three-records.nbib') },
    { name: 'set.xml', bytes: fixture('two-articles.xml') },
    { name: 'feed.xml', bytes: fixture('not-pubmed.xml') },
    { name: 'case.pdf', bytes: await textPdf(HYPHENATED_PAGES) },
  ];
});

function checkResult(result: ImportResult): void {
  if (result.ok) {
    expect(result.documents.length).toBeGreaterThan(0);
    for (const document of result.documents) {
      expect(typeof document.text).toBe('string');
      expect(document.meta.title.length).toBeGreaterThan(0);
      for (const span of document.meta.pageMap ?? []) {
        expect(0 <= span.start && span.start <= span.end && span.end <= document.text.length).toBe(true);
      }
    }
  } else {
    expect(typeof result.reason).toBe('string');
    expect(result.reason.length).toBeGreaterThan(10);
  }
}

async function timedParse(name: string, bytes: Uint8Array): Promise<void> {
  const started = performance.now();
  const result = await parseFile(name, bytes, options);
  expect(performance.now() - started).toBeLessThan(PER_CALL_MS);
  checkResult(result);
}

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; flips: { at: number; byte: number }[] }
  | { kind: 'duplicate-slice'; from: number; length: number; to: number }
  | { kind: 'duplicate-tag'; which: number; times: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), flips: fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 20 }) }),
  fc.record({ kind: fc.constant('duplicate-slice' as const), from: fc.nat(), length: fc.integer({ min: 1, max: 400 }), to: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-tag' as const), which: fc.nat(), times: fc.integer({ min: 1, max: 200 }) }),
);

function mutate(bytes: Uint8Array, change: Mutation): Uint8Array {
  const length = bytes.length;
  switch (change.kind) {
    case 'truncate':
      return bytes.slice(0, change.at % (length + 1));
    case 'flip': {
      const copy = bytes.slice();
      for (const flip of change.flips) copy[flip.at % length] = flip.byte;
      return copy;
    }
    case 'duplicate-slice': {
      const from = change.from % length;
      const piece = bytes.subarray(from, from + change.length);
      const to = change.to % (length + 1);
      return new Uint8Array([...bytes.subarray(0, to), ...piece, ...bytes.subarray(to)]);
    }
    case 'duplicate-tag': {
      const opens = bytes.reduce<number[]>((found, byte, index) => (byte === 0x3c ? [...found, index] : found), []);
      if (opens.length === 0) return bytes;
      const start = opens[change.which % opens.length]!;
      const close = bytes.indexOf(0x3e, start);
      const tag = bytes.subarray(start, close < 0 ? start + 1 : close + 1);
      const copies = new Uint8Array(tag.length * change.times);
      for (let i = 0; i < change.times; i += 1) copies.set(tag, i * tag.length);
      return new Uint8Array([...bytes.subarray(0, start), ...copies, ...bytes.subarray(start)]);
    }
  }
}

test('random bytes under any name', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...NAMES), fc.uint8Array({ maxLength: 4096 }), async (name, bytes) => {
      await timedParse(name, bytes);
    }),
    { numRuns: 120 },
  );
});

test('random text under any name', async () => {
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 2000 }),
    fc.array(fc.constantFrom('<p>', '</p>', '<h1>', 'PMID- 1\n', 'TI  - x\n', '      cont\n', '<PubmedArticleSet>', '<PubmedArticle>', '%PDF-1.7\n', 'text ', '\n\n', '<script>', '&amp;', '<!--', ']]>', 'TY  - JOUR\n', 'TI  - t\n', 'ER  - \n', '@article{k,', 'title = {', '}', '"', ' # ', '@string{a = "b"}'), { maxLength: 200 }).map((parts) => parts.join('')),
  );
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...NAMES), text, async (name, content) => {
      await timedParse(name, new TextEncoder().encode(content));
    }),
    { numRuns: 120 },
  );
});

test('damaged copies of every fixture: truncated, bytes flipped, slices and tags duplicated', async () => {
  await fc.assert(
    fc.asyncProperty(fc.nat(), mutation, async (which, change) => {
      const seed = seeds[which % seeds.length]!;
      await timedParse(seed.name, mutate(seed.bytes, change));
    }),
    { numRuns: 200 },
  );
  expect((window as unknown as { pwned?: boolean }).pwned).toBeUndefined();
});
