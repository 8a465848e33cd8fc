// @vitest-environment node
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { blocksToText, collapseWhitespace, htmlToBlocks } from '@shared/import/html-text';
import type { MarkupNode, TextBlock } from '@shared/import/html-text';

type Child = MarkupNode | string;

function el(tag: string, attributes: Record<string, string>, ...children: Child[]): MarkupNode {
  const nodes = children.map((child) => (typeof child === 'string' ? text(child) : child));
  return { tag, text: '', attribute: (name) => attributes[name] ?? null, children: () => nodes };
}

function text(value: string): MarkupNode {
  return { tag: null, text: value, attribute: () => null, children: () => [] };
}

const h = (tag: string, ...children: Child[]): MarkupNode => el(tag, {}, ...children);

describe('htmlToBlocks', () => {
  test('cuts blocks at block elements and keeps inline elements inside them', () => {
    const root = h(
      'div',
      h('h1', 'CAR-T in ', h('em', 'lupus')),
      h('p', 'All  eight\n   patients met ', h('a', 'LLDAS'), ' criteria.'),
      h('section', h('h2', 'Safety'), h('p', 'No\u00a0deaths.')),
    );
    expect(htmlToBlocks(root)).toEqual([
      { kind: 'heading', text: 'CAR-T in lupus' },
      { kind: 'paragraph', text: 'All eight patients met LLDAS criteria.' },
      { kind: 'heading', text: 'Safety' },
      { kind: 'paragraph', text: 'No deaths.' },
    ]);
  });

  test('text loose in a container becomes its own paragraph around nested blocks', () => {
    const root = h('div', 'Before the list', h('p', 'Inside'), 'after it');
    expect(htmlToBlocks(root).map((b) => b.text)).toEqual(['Before the list', 'Inside', 'after it']);
  });

  test('a <br> is a line break inside its block', () => {
    expect(htmlToBlocks(h('p', 'Line one', h('br'), '  line two ', h('br'), h('br')))).toEqual([
      { kind: 'paragraph', text: 'Line one\nline two' },
    ]);
  });

  test('list items carry bullets or their number, nested lists included', () => {
    const root = h(
      'div',
      el('ol', { start: '3' }, h('li', 'Third'), h('li', h('p', 'Fourth'), h('ul', h('li', 'Nested')))),
      h('ul', h('li', 'Bullet')),
    );
    expect(htmlToBlocks(root)).toEqual([
      { kind: 'list-item', text: 'Third', marker: '3.' },
      { kind: 'list-item', text: 'Fourth', marker: '4.' },
      { kind: 'list-item', text: 'Nested', marker: '•' },
      { kind: 'list-item', text: 'Bullet', marker: '•' },
    ]);
  });

  test('quotes and preformatted text keep their kind; <pre> keeps its spacing', () => {
    const root = h('div', h('blockquote', h('p', 'A living drug.')), h('pre', '\nCD19   CAR\n  BCMA\n'));
    expect(htmlToBlocks(root)).toEqual([
      { kind: 'quote', text: 'A living drug.' },
      { kind: 'pre', text: 'CD19   CAR\n  BCMA' },
    ]);
  });

  test('a table row is one paragraph with its non-empty cells separated', () => {
    const root = h('table', h('tbody', h('tr', h('th', 'Grade'), h('th', ''), h('th', 'n')), h('tr', h('td', '1'), h('td', '3'))));
    expect(htmlToBlocks(root).map((b) => b.text)).toEqual(['Grade | n', '1 | 3']);
  });

  test('leaves out code, styling, controls and hidden elements with all they hold', () => {
    const root = h(
      'div',
      h('script', 'window.pwned = true'),
      h('style', '.x { content: "styled" }'),
      h('noscript', h('p', 'Enable JavaScript')),
      h('button', 'Download PDF'),
      el('p', { hidden: '' }, 'hidden'),
      el('p', { 'aria-hidden': 'true' }, 'aria hidden'),
      el('p', { style: 'color: red; DISPLAY : none' }, 'display none'),
      h('p', 'Visible text'),
    );
    expect(htmlToBlocks(root)).toEqual([{ kind: 'paragraph', text: 'Visible text' }]);
  });

  test.each([
    [h('p', '1 × 10', h('sup', '6'), ' CAR T cells/kg'), '1 × 10⁶ CAR T cells/kg'],
    [h('p', '25 mg/m', h('sup', '2'), ' fludarabine'), '25 mg/m² fludarabine'],
    [h('p', 'Ca', h('sup', '2+'), ' and 10', h('sup', h('span', '−'), '9'), '/L'), 'Ca²⁺ and 10⁻⁹/L'],
    [h('p', 'SpO', h('sub', '2'), ' and C', h('sub', 'max')), 'SpO₂ and C_max'],
    [h('p', 'Nicolai', h('sup', h('a', 'a,b')), ' et al.'), 'Nicolai^a,b et al.'],
    [h('p', 'x', h('sup', el('span', { hidden: '' }, '9'), '3')), 'x³'],
  ])('superscripts and subscripts keep their position: %#', (root, expected) => {
    expect(htmlToBlocks(root)).toEqual([{ kind: 'paragraph', text: expected }]);
  });

  test('a raised cell in a table row still gets its separator', () => {
    const root = h('table', h('tr', h('td', 'Dose'), h('td', h('sup', '6'))));
    expect(htmlToBlocks(root).map((b) => b.text)).toEqual(['Dose | ⁶']);
  });

  test('skipTags leaves out page chrome', () => {
    const root = h('body', h('nav', h('ul', h('li', 'Menu'))), h('p', 'Article'), h('footer', 'Copyright'));
    expect(htmlToBlocks(root, { skipTags: ['nav', 'footer'] }).map((b) => b.text)).toEqual(['Article']);
    expect(htmlToBlocks(root).map((b) => b.text)).toEqual(['Menu', 'Article', 'Copyright']);
  });

  test('walks a tree nested far deeper than the call stack allows', () => {
    let node = h('p', 'deep');
    for (let i = 0; i < 50_000; i += 1) node = h(i % 2 === 0 ? 'div' : 'span', node);
    expect(htmlToBlocks(node)).toEqual([{ kind: 'paragraph', text: 'deep' }]);
  });
});

describe('blocksToText', () => {
  test('a blank line between blocks, one line per item within a list', () => {
    const blocks: TextBlock[] = [
      { kind: 'heading', text: 'Safety' },
      { kind: 'paragraph', text: 'Adverse effects were minimal.' },
      { kind: 'list-item', text: 'Mild infections', marker: '•' },
      { kind: 'list-item', text: 'Hypogammaglobulinemia', marker: '•' },
      { kind: 'quote', text: 'A living drug.' },
      { kind: 'list-item', text: 'First', marker: '1.' },
    ];
    expect(blocksToText(blocks)).toBe(
      'Safety\n\nAdverse effects were minimal.\n\n• Mild infections\n• Hypogammaglobulinemia\n\nA living drug.\n\n1. First',
    );
  });

  test('skips empty blocks and adds no separator for them', () => {
    expect(blocksToText([{ kind: 'paragraph', text: ' ' }, { kind: 'paragraph', text: 'Only' }, { kind: 'pre', text: '' }])).toBe('Only');
  });

  test('every block appears in order and blocks never run together', () => {
    const block = fc.record({
      kind: fc.constantFrom('heading', 'paragraph', 'list-item', 'quote') as fc.Arbitrary<TextBlock['kind']>,
      text: fc.string({ minLength: 1, maxLength: 30 }).map(collapseWhitespace).filter((t) => t.length > 0),
    });
    fc.assert(
      fc.property(fc.array(block, { maxLength: 12 }), (blocks) => {
        const output = blocksToText(blocks);
        let from = 0;
        for (const b of blocks) {
          const at = output.indexOf(b.text, from);
          expect(at).toBeGreaterThanOrEqual(from);
          from = at + b.text.length;
        }
        expect(output).not.toMatch(/\n{3}/);
        expect(output.split('\n').length).toBeGreaterThanOrEqual(blocks.length);
      }),
    );
  });
});

test('collapseWhitespace folds every kind of white space into one space', () => {
  expect(collapseWhitespace('  a\t\tb\n\u00a0c\u2003 d  ')).toBe('a b c d');
});
