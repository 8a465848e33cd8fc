// @vitest-environment node
// Golden files of every export format over the fixed review in fixtures.ts: the output must match
// byte for byte. A missing golden file fails the run; only UPDATE_GOLDEN=1 (re)writes them, and the
// diff is to be reviewed before committing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evidenceTableCsv, longFormCsv } from '@shared/export/csv';
import { htmlReport } from '@shared/export/html-report';
import { markdownSummary } from '@shared/export/markdown';
import { webAnnotationJsonLd } from '@shared/export/web-annotation';
import { buildReview, GOLDEN_DIR } from './fixtures';

function expectGolden(name: string, actual: string): void {
  const path = resolve(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(path, actual, 'utf8');
  }
  // A golden file written by the run that checks it could never fail.
  if (!existsSync(path)) throw new Error(`The golden file ${name} is missing; run with UPDATE_GOLDEN=1 to write it, then review it.`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('golden files', () => {
  const { input } = buildReview();

  it.each([
    ['summary.md', markdownSummary],
    ['report.html', htmlReport],
    ['evidence.csv', evidenceTableCsv],
    ['values.csv', longFormCsv],
    ['annotations.jsonld', webAnnotationJsonLd],
  ] as const)('%s', (name, render) => {
    expectGolden(name, render(input));
  });

  it('is deterministic: the same records give the same bytes', () => {
    const again = buildReview().input;
    expect(markdownSummary(again)).toBe(markdownSummary(input));
    expect(webAnnotationJsonLd(again)).toBe(webAnnotationJsonLd(input));
  });
});
