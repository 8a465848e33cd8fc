// @vitest-environment node
// The pdf.js the app ships: its current major, and no run-time code evaluation in the library or
// its two workers, the parser and the page renderer (pdf.js 5.7 dropped the isEvalSupported switch
// because nothing is left to switch off), so the Content-Security-Policy never needs 'unsafe-eval'.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';

const require = createRequire(import.meta.url);
const root = dirname(require.resolve('pdfjs-dist/package.json'));
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

describe('the bundled pdf.js', () => {
  test('is on major version 6', () => {
    expect(Number(version.split('.')[0])).toBe(6);
  });

  test.each(['build/pdf.min.mjs', 'build/pdf.worker.min.mjs', 'build/pdf.renderer.min.mjs'])('%s calls neither eval nor the Function constructor', (file) => {
    const code = readFileSync(join(root, file), 'utf8');
    expect(code.length).toBeGreaterThan(100_000);
    expect(code.match(/(?<![\w$.])(?:eval|Function)\s*\(/g)).toBeNull();
  });
});
