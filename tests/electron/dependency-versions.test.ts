// @vitest-environment node
// Electron and pdf.js are the two dependencies that parse hostile input in-process; they stay on
// their newest releases (issue 16; pdf.js on its current major, issue 12). These floors move up with each update, so
// an accidental downgrade (a stale lockfile, a bad merge) fails here rather than in the field.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const versionOf = (pkg: string): string => (JSON.parse(readFileSync(resolve(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
const parts = (version: string): number[] => version.split('.').map((part) => Number.parseInt(part, 10));

function atLeast(version: string, floor: string): boolean {
  const [a, b] = [parts(version), parts(floor)];
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

describe('dependency floors', () => {
  it.each([
    // Electron 45's newest release when this was written.
    ['electron', '45.5.0', 45],
    // pdf.js's current major (issue 12): the app runs it in Chromium; Node 20 tests polyfill what it lacks.
    ['pdfjs-dist', '6.5.438', 6],
  ])('%s is at least %s and still major %i', (pkg, floor, major) => {
    const installed = versionOf(pkg);
    expect(atLeast(installed, floor), `${pkg} ${installed}`).toBe(true);
    expect(parts(installed)[0]).toBe(major);
    const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    const range = manifest['dependencies']?.[pkg] ?? manifest['devDependencies']?.[pkg];
    expect(range).toBe(`^${floor}`);
  });
});
