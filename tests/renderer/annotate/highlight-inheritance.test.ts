// @vitest-environment node
// Highlight styles reach the text by highlight inheritance from :root, never by rules that match each
// element: with bare `::highlight()` rules and a per-element `::selection` rule (the page view's text
// layer had `.textLayer ::selection`), Chromium resolved every highlight style anew for every span,
// 1,742 style resolutions for a 93-element text layer, and scrolling the page view dropped frames.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('../../../renderer/src/styles/', import.meta.url);
const sheets = readdirSync(dir)
  .filter((name) => name.endsWith('.css'))
  .map((name) => ({ name, css: readFileSync(new URL(name, dir), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '') }));

/** Every selector of every rule in a sheet (comments removed), trimmed. */
function selectors(css: string): string[] {
  const found: string[] = [];
  for (const match of css.matchAll(/([^{}]+)\{/g)) for (const selector of match[1]!.split(',')) found.push(selector.trim());
  return found.filter((s) => s.length > 0 && !s.startsWith('@'));
}

describe('highlight styles and highlight inheritance', () => {
  it('has ::highlight() rules to check, in the sheets that style highlights', () => {
    const all = sheets.flatMap((sheet) => selectors(sheet.css).filter((s) => s.includes('::highlight(')));
    expect(all.length).toBeGreaterThanOrEqual(17);
  });

  it('sets every ::highlight() rule on :root alone', () => {
    for (const sheet of sheets) {
      for (const selector of selectors(sheet.css).filter((s) => s.includes('::highlight('))) {
        expect(selector, sheet.name).toMatch(/^:root::highlight\([\w-]+\)$/);
      }
    }
  });

  it('never matches ::selection on every descendant of an element', () => {
    for (const sheet of sheets) {
      for (const selector of selectors(sheet.css).filter((s) => s.includes('::selection'))) {
        expect(selector, sheet.name).not.toMatch(/(\s|>|\+|~)::selection/);
      }
    }
  });
});
