// @vitest-environment node
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeInline, markdownSummary } from '@shared/export/markdown';
import { buildReview } from './fixtures';
import { HOSTILE, HOSTILE_FIELD, hostileReview } from './hostile';

/** Reads escaped Markdown text back: a backslash before ASCII punctuation stands for the character. */
function unescape(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** A line that, as written, would open a Markdown block (heading, list, quote, rule, fence, HTML). */
const BLOCK_START = /^(?:#{1,6}(?:\s|$)|[-+*](?:\s|$)|>|\d{1,9}[.)](?:\s|$)|[=-]+\s*$|```|~~~|<|\s{4})/;
/** An inline marker not preceded by an escaping backslash: emphasis, code, link or HTML. */
const UNESCAPED_INLINE = /(?:^|[^\\])(?:\\\\)*[*`[\]<]/;

const noLineBreaks = fc.string({ unit: 'grapheme', maxLength: 30 }).filter((s) => !/[\r\n]/.test(s) && s.trim().length > 0);

describe('markdownSummary', () => {
  const { input, doc } = buildReview();
  const markdown = markdownSummary(input);

  it('gives each document its metadata under its title', () => {
    expect(markdown).toContain('## Autologous CD19-Targeting CAR T Cells in a Patient With Refractory Juvenile Dermatomyositis\n\n- **Authors:** Rebecca Nicolai et al.');
    expect(markdown).toContain('- **DOI:** [10.1002/art.42933](https://doi.org/10.1002/art.42933)');
    expect(markdown).toContain('- **Trial registration:** NCT04146051');
    expect(markdown).toContain('- **Review status:** In progress');
    expect(markdown).toMatch(/- \*\*Completeness:\*\* \d+ of \d+ fields \(\d+%\); \d+ of \d+ required/);
    expect(markdown.match(/^## /gm)).toHaveLength(input.documents.length);
  });

  it('follows every value with its quote as a blockquote and its character range', () => {
    const start = doc('001').text.indexOf('1 × 106 CAR T cells/kg');
    expect(markdown).toContain(
      `**Dose:** 1 × 10⁶ cells/kg — needs confirmation\n\n*Why:* “106” read as 10⁶: a superscript flattened by scraping\n\n> 1 × 106 CAR T cells/kg\n\n— characters ${start}–${start + 22}`,
    );
    expect(markdown).toContain('**Cytopenias:** Grade 4 (CTCAE) (neutropenia) — machine-read\n\n> neutropenia (grade 4)');
    expect(markdown).toContain('**Responders:** 5/7 (Month 12) — machine-read');
  });

  it('lists values in schema order by section', () => {
    const jdm = markdown.slice(markdown.indexOf('## Autologous'), markdown.indexOf('## CD19 CAR-T'));
    const order = ['#### Population', '#### Intervention', '#### Outcomes', '#### Safety', '#### Values outside the schema', '### Highlights', '### Tags'];
    const positions = order.map((heading) => jdm.indexOf(heading));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('marks stale and unsourced values, and lists values outside the schema under their key', () => {
    expect(markdown).toContain('**Follow-up duration:** 10 months — machine-read; stale quote\n\n**Stale quote:** ');
    expect(markdown).toContain('> ten months after a single infusion\n\n— recorded at characters');
    expect(markdown).toContain('**Number of patients:** 1 — entered by hand; no source\n\n*Review:* Entered by hand by an unknown reviewer\n\n*No source.*');
    expect(markdown).toContain('**1 value with a stale quote:**');
    expect(markdown).toContain('#### Values outside the schema\n\n**peak_expansion_day:** 7 days — machine-read');
  });

  it('names who confirmed a value and when, and a Done set over empty required fields', () => {
    expect(markdown).toContain('**CRS grade:** Grade 1 (ASTCT CRS) — confirmed\n\n*Review:* Confirmed by Ana Ruiz, 2026-11-21 09:45 UTC\n\n> mild cytokine');
    expect(markdown).toContain('- **Review status:** Done (override: 1 required field empty)\n- **Done override:** Marked Done by Ana Ruiz, 2026-11-21 11:00 UTC, with CRS grade empty: Safety reported only in the full text.');
  });

  it('groups highlights by colour meaning, with notes and tags, and leaves out deleted ones', () => {
    expect(markdown).toContain('#### Key finding (yellow)\n\n> achieved sustained B cell depletion');
    expect(markdown).toContain('#### Question (magenta)');
    expect(markdown).toContain('*Tags:* efficacy, key finding');
    expect(markdown).toContain('### Tags\n\nCRS (1) · efficacy (1)');
    expect(markdown).not.toContain('Neither infection nor neurotoxicity');
    expect(markdown).not.toContain('Deleted: duplicate');
  });

  it('uses the colour meanings it is given', () => {
    const renamed = markdownSummary({ ...input, colorMeanings: { ...input.colorMeanings, yellow: 'Primary outcome' } });
    expect(renamed).toContain('#### Primary outcome (yellow)');
  });

  it('keeps hostile text from becoming structure or markup', () => {
    const hostile = markdownSummary(
      hostileReview(Object.values(HOSTILE), '# heading\n> quote\n- item\n1. item\n===\n    code\n```\n<div>', {
        title: 'Title # with\nbreak ###',
        field: HOSTILE_FIELD,
      }),
    );
    expect(hostile).toContain('## Title \\# with break \\#\\#\\#\n');
    expect(hostile).toContain('> \\<script\\>alert("x")\\</script\\>');
    expect(hostile).toContain('> \\[click\\](javascript:alert(1))');
    expect(hostile).toContain('> \\# Not a heading');
    expect(hostile).toContain('> \\&lt;b\\&gt; \\&amp; \\&#x3C;');
    expect(hostile).toContain('*Note:* # heading\n\\> quote\n\\- item\n1\\. item\n\\===\ncode\n\\`\\`\\`\n\\<div\\>');
    expect(hostile).not.toMatch(/^<|^#{1,6} (?!Margin|Title|Extracted|Highlights|Tags|Safety|Outcomes|Values|"|\\)/m);
  });

  it('prints any note line by line, faithfully and without structure', () => {
    fc.assert(
      fc.property(fc.array(noLineBreaks, { minLength: 1, maxLength: 4 }), (lines) => {
        const out = markdownSummary(hostileReview(['quote'], lines.join('\n'), { tags: [] }));
        const start = out.indexOf('*Note:* ') + '*Note:* '.length;
        const rendered = out.slice(start, out.indexOf('\n\n', start)).split('\n');
        expect(rendered.map(unescape)).toEqual(lines.map((l) => l.trim()));
        rendered.forEach((line, i) => {
          if (i > 0) expect(line).not.toMatch(BLOCK_START);
          expect(line).not.toMatch(UNESCAPED_INLINE);
        });
      }),
    );
  });

  it('prints any quote as one blockquote, faithfully', () => {
    fc.assert(
      fc.property(fc.array(noLineBreaks, { minLength: 1, maxLength: 3 }), (lines) => {
        const quote = lines.join('\n');
        const out = markdownSummary(hostileReview([quote], '', { tags: [] }));
        const start = out.indexOf('\n> ') + 1;
        const block = out.slice(start, out.indexOf('\n\n', start)).split('\n');
        expect(block).toHaveLength(lines.length);
        for (const line of block) expect(line.startsWith('> ')).toBe(true);
        const contents = block.map((line) => line.slice(2));
        expect(contents.map(unescape)).toEqual(lines.map((l) => l.trim()));
        for (const content of contents) {
          expect(content).not.toMatch(BLOCK_START);
          expect(content).not.toMatch(UNESCAPED_INLINE);
        }
      }),
    );
  });
});

describe('escapeInline', () => {
  it('leaves ordinary article text alone', () => {
    for (const text of ['1 × 10⁶ cells/kg', 'Arthritis & Rheumatology 2024;76(10):1560-1565', 'peak_expansion_day', '52.5 × 106 CAR+ cells/kg', 'grade 1–2']) {
      expect(escapeInline(text)).toBe(text);
    }
  });
});
