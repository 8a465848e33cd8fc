// @vitest-environment jsdom
// jsdom, not node: the report is checked by parsing it the way a browser would.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { collectEvidence } from '@shared/evidence';
import { escapeHtml, familyName, htmlReport } from '@shared/export/html-report';
import { HIGHLIGHT_COLORS } from '@shared/model';
import { buildReview } from './fixtures';
import { HOSTILE, HOSTILE_FIELD, hostileReview } from './hostile';

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

/** Everything a page could run or fetch, in one list of problems (empty when the page is inert). */
function activeContent(html: string): string[] {
  const doc = parse(html);
  const problems: string[] = [];
  if (/<script/i.test(html)) problems.push('a <script');
  for (const element of doc.querySelectorAll('*')) {
    const tag = element.tagName.toLowerCase();
    if (['script', 'iframe', 'object', 'embed', 'img', 'link', 'base', 'form', 'svg', 'video', 'audio', 'source'].includes(tag)) {
      problems.push(`a <${tag}> element`);
    }
    for (const attribute of element.getAttributeNames()) {
      if (attribute.startsWith('on')) problems.push(`an ${attribute} attribute on <${tag}>`);
      if (['src', 'srcset', 'action', 'formaction', 'background', 'poster'].includes(attribute)) problems.push(`a ${attribute} attribute`);
      if (attribute === 'href' && !(tag === 'a' && /^https:\/\/doi\.org\//.test(element.getAttribute('href') ?? ''))) {
        problems.push(`an href that is not a DOI link: ${element.getAttribute('href')}`);
      }
      if (attribute === 'style') problems.push('an inline style attribute');
    }
  }
  const styles = [...doc.querySelectorAll('style')].map((s) => s.textContent ?? '').join('\n');
  if (/url\(|@import/i.test(styles)) problems.push('a stylesheet that loads something');
  if (doc.querySelectorAll('style').length !== 1) problems.push('more than one <style> element');
  // Outside DOI links, no URL a browser could load may appear in markup at all.
  const withoutDoiLinks = html.replace(/<a href="https:\/\/doi\.org\/[^"]*">/g, '');
  const markupOnly = withoutDoiLinks.replace(/>[^<]*</g, '><');
  if (/https?:/i.test(markupOnly)) problems.push('a URL in markup');
  return problems;
}

describe('htmlReport', () => {
  it('is one inert page: no script, no handlers, nothing to load', () => {
    const { input } = buildReview();
    expect(activeContent(htmlReport(input))).toEqual([]);
  });

  it('is print-ready: A4 pages, a page per document, serif body, colour swatches by name', () => {
    const { input } = buildReview();
    const html = htmlReport(input);
    const doc = parse(html);
    const css = doc.querySelector('style')!.textContent ?? '';
    expect(css).toMatch(/@page\s*\{[^}]*size:\s*A4[^}]*margin:/);
    expect(css).toMatch(/article\.document\s*\{[^}]*break-before:\s*page/);
    expect(css).toMatch(/body\s*\{[^}]*font-family:[^;]*serif/);
    for (const color of HIGHLIGHT_COLORS) expect(css).toMatch(new RegExp(`\\.swatch-${color}\\s*\\{\\s*background:\\s*#[0-9a-f]{6}`));
    // Documents with nothing extracted are left out, and said so once, by title.
    const evidence = collectEvidence(input);
    const empty = evidence.filter((e) => e.highlights.length === 0 && e.outsideSchema.length === 0 && e.sections.every((s) => s.fields.every((f) => f.values.length === 0)));
    expect(empty.length).toBeGreaterThan(0);
    expect(doc.querySelectorAll('article.document')).toHaveLength(input.documents.length - empty.length);
    expect(doc.querySelectorAll('.left-out')).toHaveLength(1);
    // The last title here ends in "?", so no full stop is added after it.
    expect(doc.querySelector('.left-out')!.textContent).toBe(`${empty.length} documents with nothing extracted are left out: ${empty.map((e) => e.meta.title).join('; ')}`);
    // Printed, a heading stays with what follows it; on screen, documents are ruled apart.
    expect(css).toMatch(/h1, h2, h3, h4\s*\{[^}]*break-after:\s*avoid/);
    expect(css).toMatch(/@media screen\s*\{[^@]*article\.document\s*\{[^}]*border-top:/);
    const groups = [...doc.querySelectorAll('h4')].filter((h) => h.querySelector('.swatch'));
    expect(groups.map((h) => h.textContent)).toEqual(['Question (magenta)', 'Key finding (yellow)', 'Population (blue)', 'Population (blue)']);
    expect(groups[0]!.querySelector('.swatch')!.classList).toContain('swatch-magenta');
  });

  it('holds the same content as the Markdown summary: every value, quote, range, status, note and tag', () => {
    const { input } = buildReview();
    const text = parse(htmlReport(input)).body.textContent ?? '';
    const html = htmlReport(input);
    // Quotes are cited by section and page, never by character offsets.
    expect(html).not.toMatch(/characters \d+–\d+/);
    expect(html).toContain('<p class="range">— Abstract</p>');
    for (const evidence of collectEvidence(input)) {
      expect(text).toContain(evidence.meta.title);
      const nothing = evidence.highlights.length === 0 && evidence.outsideSchema.length === 0 && evidence.sections.every((s) => s.fields.every((f) => f.values.length === 0));
      if (nothing) continue;
      expect(text).toContain(evidence.completeness.label);
      const values = [...evidence.sections.flatMap((s) => s.fields.flatMap((f) => f.values)), ...evidence.outsideSchema];
      for (const value of values) {
        expect(text).toContain(value.text);
        if (value.quote !== null) expect(text).toContain(value.quote);
      }
      for (const group of evidence.highlights) {
        for (const highlight of group.highlights) {
          expect(text).toContain(highlight.quote);
          if (highlight.note) expect(text).toContain(highlight.note);
          for (const tag of highlight.tags) expect(text).toContain(tag);
        }
      }
    }
    expect(text).toContain('Stale quote: The quote now matches the text only approximately');
    expect(text).toContain('— entered by hand; no source');
    expect(text).toContain('Values outside the schema');
    expect(text).not.toContain('Deleted: duplicate of the safety tag.');
    const doiLink = parse(htmlReport(input)).querySelector('a[href="https://doi.org/10.1002/art.42933"]');
    expect(doiLink?.textContent).toBe('10.1002/art.42933');
  });

  it('escapes hostile document and reviewer text everywhere it appears', () => {
    const input = hostileReview(Object.values(HOSTILE), `${HOSTILE.script}\n${HOSTILE.image}`, {
      title: HOSTILE.image,
      doi: '10.1000/"><img src=x onerror=alert(1)>',
      tags: [HOSTILE.image, HOSTILE.script],
      field: HOSTILE_FIELD,
    });
    const html = htmlReport(input);
    expect(activeContent(html)).toEqual([]);
    const doc = parse(html);
    expect(doc.querySelector('article h2')!.textContent).toBe(HOSTILE.image);
    const quotes = [...doc.querySelectorAll('blockquote')].map((q) => q.textContent);
    expect(quotes).toEqual(expect.arrayContaining(Object.values(HOSTILE)));
    const text = doc.body.textContent ?? '';
    for (const hostile of Object.values(HOSTILE)) expect(text).toContain(hostile);
    expect(doc.querySelector('a')!.getAttribute('href')).toBe('https://doi.org/10.1000/%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E');
  });

  it('stays inert for any text', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 3 }), fc.string(), fc.string({ minLength: 1 }), (quotes, note, title) => {
        const html = htmlReport(hostileReview(quotes, note, { title, tags: [note] }));
        expect(activeContent(html)).toEqual([]);
        expect(parse(html).querySelector('article h2')!.textContent).toBe(title);
      }),
      { numRuns: 60 },
    );
  });
});

describe('the table across studies', () => {
  it('has a row per study with something extracted and a column per field filled in any, worded as the CSV words it', () => {
    const { input } = buildReview();
    const doc = parse(htmlReport(input));
    const table = doc.querySelector('section.across table')!;
    expect(doc.querySelector('section.across h2')!.textContent).toBe('Across the studies');
    const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
    expect(headers.slice(0, 2)).toEqual(['Study', 'Type']);
    expect(headers).toContain('Dose');
    const rows = [...table.querySelectorAll('tbody tr')];
    expect(rows).toHaveLength(doc.querySelectorAll('article.document').length);
    const jdm = rows.find((r) => r.querySelector('th')!.textContent!.includes('Autologous CD19-Targeting'))!;
    expect(jdm.querySelector('.study')!.textContent).toBe('Nicolai 2024');
    const dose = [...jdm.querySelectorAll('td')][headers.indexOf('Dose') - 1]!;
    expect(dose.textContent).toBe('1 × 10⁶ cells/kg [needs confirmation]');
    // A field a study has no value for says so, not a blank that reads as lost.
    expect(jdm.querySelector('td.empty')!.textContent).toBe('—');
  });

  it('names studies by the family name of the first author, however it is written', () => {
    expect(familyName('Müller F')).toBe('Müller');
    expect(familyName('Fabian Müller')).toBe('Müller');
    expect(familyName('Müller, Fabian')).toBe('Müller');
    expect(familyName('Michele B. Kaufman, PharmD, BCGP')).toBe('Kaufman');
    expect(familyName('Rebecca Nicolai et al.')).toBe('Nicolai');
    expect(familyName('van der Berg JM')).toBe('van der Berg');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });
});
