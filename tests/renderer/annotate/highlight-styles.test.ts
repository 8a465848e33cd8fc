// @vitest-environment node
// Meaning never by colour alone (issue 15.13): each highlight colour and field values have their own
// line pattern, backgrounds are opaque so overlaps never mix into another meaning's colour, field
// values look unlike any highlight, and the selected annotation unlike any of them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HIGHLIGHT_COLORS } from '@shared/model';
import { layerOf } from '../../../renderer/src/document/highlight-painter';

const css = readFileSync(new URL('../../../renderer/src/styles/annotate.css', import.meta.url), 'utf8');
const tokens = readFileSync(new URL('../../../renderer/src/styles/tokens.css', import.meta.url), 'utf8');

function rule(layer: string): Map<string, string> {
  const match = new RegExp(`::highlight\\(margin-${layer}\\)\\s*\\{([^}]*)\\}`).exec(css);
  expect(match, `a ::highlight(margin-${layer}) rule`).not.toBeNull();
  return new Map(
    match![1]!
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.slice(0, d.indexOf(':')).trim(), d.slice(d.indexOf(':') + 1).trim()] as [string, string]),
  );
}

function tokenValue(value: string): string {
  const name = /^var\((--[\w-]+)\)$/.exec(value)?.[1];
  if (!name) return value;
  return new RegExp(`${name}:\\s*([^;]+);`).exec(tokens)?.[1]?.trim() ?? '';
}

/** The line pattern alone: which lines and their style, whatever their colour and thickness. */
function pattern(decoration: string): string {
  return decoration
    .split(/\s+/)
    .filter((word) => ['underline', 'overline', 'line-through', 'solid', 'double', 'dotted', 'dashed', 'wavy'].includes(word))
    .join(' ');
}

describe('highlight styles', () => {
  const layers = [...HIGHLIGHT_COLORS, 'field'];

  it('give every meaning and field values a line pattern of their own', () => {
    const patterns = layers.map((layer) => pattern(rule(layer).get('text-decoration') ?? ''));
    for (const [i, p] of patterns.entries()) expect(p, layers[i]).toMatch(/(underline|overline)/);
    expect(new Set(patterns).size).toBe(layers.length);
  });

  it('paint opaque backgrounds, so overlapping highlights never blend into a third colour', () => {
    for (const layer of layers) {
      const background = tokenValue(rule(layer).get('background-color') ?? '');
      expect(background, layer).toMatch(/^#[0-9a-f]{6}$/i);
    }
  });

  it('draw field values unlike any highlight, and the selected annotation unlike all of them', () => {
    const field = rule('field');
    const colours = HIGHLIGHT_COLORS.map((c) => tokenValue(rule(c).get('background-color')!));
    expect(colours).not.toContain(tokenValue(field.get('background-color')!));
    const selected = rule('selected');
    expect(selected.get('color')).toBeDefined();
    expect([...colours, tokenValue(field.get('background-color')!)]).not.toContain(tokenValue(selected.get('background-color')!));
  });

  it('put field values on their own layer, whatever colour they were stored with', () => {
    expect(layerOf({ color: 'green' })).toBe('green');
    expect(layerOf({ color: 'green', field: { fieldKey: 'dose' } })).toBe('field');
  });
});
