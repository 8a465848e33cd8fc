// @vitest-environment node
// Golden files of every export format over the fixed review in fixtures.ts. A missing golden file is
// written (inspect it before committing); UPDATE_GOLDEN=1 rewrites them all; otherwise the output
// must match byte for byte.
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
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(path, actual, 'utf8');
  }
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
