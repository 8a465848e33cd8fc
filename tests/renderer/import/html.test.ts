import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { MAX_HTML_DEPTH, NO_READABLE_TEXT_REASON, parseDocument, parseHtml, pruneToText } from '../../../renderer/src/features/import/parsers/html';

const fixture = (name: string): Uint8Array => readFileSync(resolve(import.meta.dirname, '../../fixtures/import', name));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const page = window as unknown as { pwned?: boolean };

afterEach(() => {
  delete page.pwned;
});

describe('parseHtml on an article page with menus, ads and scripts', () => {
  const bodyBefore = document.body.innerHTML;
  const result = parseHtml('car-t-remission.html', fixture('article-with-chrome.html'));
  const document0 = result.ok ? result.documents[0] : undefined;
  const text = document0?.text ?? '';

  test('finds the article and keeps headings, paragraphs and list items as blocks', () => {
    expect(result.ok).toBe(true);
    const paragraphs = text.split('\n\n');
    expect(paragraphs[0]).toBe('CAR-T Cells: Are We Closer to Drug-Free Remission Than We Think?');
    expect(paragraphs).toContain('A Trial Worth Reading');
    expect(paragraphs).toContain('Safety');
    expect(paragraphs).toContain(
      'Adverse effects of CAR-T cell therapy were minimal and tolerable. No patients died. No moderate- or high-grade cytokine release syndrome or immune effector cell-associated neurotoxicity syndrome occurred.',
    );
    expect(paragraphs).toContain('• Mild infections occurred in several patients.\n• New-onset hypogammaglobulinemia was uncommon.');
    expect(text).toContain('Read the full trial report for details.');
  });

  test('leaves out the menu, the ads, the footer and everything scripts or styles hold', () => {
    for (const unwanted of ['FocusRheum', 'Practice Support', 'ADVERTISEMENT', 'Privacy Policy', 'Copyright', 'pwned', 'INJECTED', 'AD SCRIPT', 'STYLE CONTENT', 'JSON-LD', 'SCRIPT REPLACED', 'javascript:', 'alert']) {
      expect(text).not.toContain(unwanted);
    }
  });

  test('runs nothing and adds nothing to the live document', () => {
    expect(page.pwned).toBeUndefined();
    expect(document.body.innerHTML).toBe(bodyBefore);
  });

  test('reads the citation meta tags', () => {
    expect(document0?.meta).toMatchObject({
      title: 'CAR-T Cells: Are We Closer to Drug-Free Remission Than We Think?',
      authors: ['Samantha C. Shapiro', 'Matthew Frigault'],
      journal: 'The Rheumatologist',
      publishedDate: '2024-07-08',
      doi: '10.1002/trh.12345',
      origin: 'imported',
      fileName: 'car-t-remission.html',
      corpusVersion: null,
      pageMap: null,
    });
  });
});

describe('parseHtml on a journal page whose abstract sits outside the article element', () => {
  const result = parseHtml('lupus-car-t.html', fixture('journal-article-sections.html'));
  const text = result.ok ? result.documents[0]!.text : '';
  const paragraphs = text.split('\n\n');

  test('keeps the abstract, the keywords and every labelled section, in the order of the page', () => {
    expect(paragraphs.map((p) => p.split(/[:.]/)[0]!.slice(0, 40))).toEqual([
      'CD19 CAR T cells in refractory systemic ',
      'Abstract',
      'Background',
      'Results',
      'Keywords',
      '• CAR T cells\n• systemic lupus erythemat',
      'Introduction',
      'Systemic lupus erythematosus is an autoi',
      'CD19-directed chimeric antigen receptor ',
      'Methods',
      'Autologous T cells were transduced with ',
      'The oxygen saturation (SpO₂) and vital s',
      'Results',
      'All five patients reached a SLEDAI-2K of',
      'Discussion',
      'In this series, a single infusion of CD1',
      'Follow-up is short and the series is sma',
      'Data availability',
      'The data underlying this article will be',
    ]);
  });

  test('writes superscript doses and subscripts as they are printed', () => {
    expect(text).toContain('received 1 × 10⁶ CAR T cells/kg after lymphodepletion with fludarabine 25 mg/m² on three days.');
    expect(text).toContain('(SpO₂)');
    expect(text).not.toContain('106 CAR T');
  });

  test('leaves out the site\'s sections: menu, related articles, footer', () => {
    for (const unwanted of ['Related articles', 'CAR T cells in myositis', 'Issues', 'Copyright']) expect(text).not.toContain(unwanted);
  });
});

describe('parseHtml on other pages', () => {
  test('a page with only scripts and event handlers gives a reason', () => {
    expect(parseHtml('app.html', fixture('scripts-only.html'))).toEqual({ ok: false, reason: NO_READABLE_TEXT_REASON });
    expect(page.pwned).toBeUndefined();
  });

  test('falls back to the body when there is no article to find, without its chrome', () => {
    const html = '<html><body><nav>Home | Journals</nav><p>Short note: CAR-T in SSc.</p><div>Second line of the note.</div><footer>Contact</footer></body></html>';
    const result = parseHtml('note.html', utf8(html));
    expect(result).toMatchObject({ ok: true, documents: [{ text: 'Short note: CAR-T in SSc.\n\nSecond line of the note.' }] });
  });

  test('takes <title> and the text when there are no meta tags; the title leads the text', () => {
    const paragraph = 'Descartes-08 was given as six weekly infusions without lymphodepletion. '.repeat(6).trim();
    const html = `<html><head><title>Durability of response in MG</title><meta name="author" content="Jane Doe, MD"></head><body><article><p>${paragraph}</p><p>Registered as NCT04146051, doi: 10.1002/acn3.70167.</p></article></body></html>`;
    const result = parseHtml('mg.htm', utf8(html));
    expect(result).toMatchObject({
      ok: true,
      documents: [
        {
          meta: { title: 'Durability of response in MG', authors: ['Jane Doe, MD'], trialRegistration: 'NCT04146051', doi: '10.1002/acn3.70167' },
        },
      ],
    });
    expect(result.ok && result.documents[0]?.text.startsWith('Durability of response in MG\n\nDescartes-08')).toBe(true);
  });

  test('decodes a Windows-1252 page that says so in its <meta>', () => {
    const head = utf8('<html><head><meta charset="windows-1252"><title>Caf');
    const rest = utf8('</title></head><body><p>Na');
    const tail = utf8('ve patients were enrolled in the study.</p></body></html>');
    const bytes = new Uint8Array([...head, 0xe9, ...rest, 0xef, ...tail]);
    const result = parseHtml('legacy.html', bytes);
    expect(result).toMatchObject({ ok: true, documents: [{ meta: { title: 'Café' } }] });
    expect(result.ok && result.documents[0]?.text).toContain('Naïve patients were enrolled in the study.');
  });

  test('text that looks like markup stays text', () => {
    const html = '<p>Dose &lt;script&gt;alert(1)&lt;/script&gt; 10&nbsp;mg/kg &amp; more, p&lt;0.05.</p>';
    const result = parseHtml('escaped.html', utf8(html));
    expect(result).toMatchObject({ ok: true, documents: [{ text: 'Dose <script>alert(1)</script> 10 mg/kg & more, p<0.05.' }] });
  });

  test('binary data named .html gives the decoding reason', () => {
    const result = parseHtml('image.html', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    expect(result.ok).toBe(false);
  });
});

describe('a page built to stall a parser', () => {
  test('nesting far past any article is cut to its text, scripts inside still left out', () => {
    const depth = 20_000;
    const html = `<html><head><title>Deep page</title></head><body>${'<div><span>'.repeat(depth / 2)}<p>The cohort had 15 patients treated with CAR-T cells.</p><script>window.pwned = "DEEP SCRIPT"</script>${'</span></div>'.repeat(depth / 2)}</body></html>`;
    const result = parseHtml('deep.html', utf8(html));
    expect(result.ok).toBe(true);
    const text = result.ok ? result.documents[0]!.text : '';
    expect(text).toContain('The cohort had 15 patients treated with CAR-T cells.');
    expect(text).not.toContain('DEEP SCRIPT');
    expect(page.pwned).toBeUndefined();
  });
});

describe('pruneToText', () => {
  test('drops scripts, styles, templates and form controls with their content; keeps a form\'s text', async () => {
    const { DOMParser: Parser } = await import('linkedom/worker');
    const doc = new Parser().parseFromString(
      '<html><head></head><body><p>kept</p><!-- c --><script>s1</script><style>s2</style><template>s3</template><form><label>in form</label><textarea>s4</textarea><select><option>s5</option></select></form><svg><text>s6</text></svg></body></html>',
      'text/html',
    ) as unknown as Document;
    pruneToText(doc.body);
    expect(doc.body.textContent).toBe('keptin form');
    expect(doc.body.querySelector('form')).toBeNull();
  });

  test(`a page is built ${MAX_HTML_DEPTH} levels deep at most, and a body is implied as browsers do`, () => {
    const doc = parseDocument(`${'<i>'.repeat(1000)}x${'</i>'.repeat(1000)}`);
    let depth = 0;
    for (let node: Element | null = doc.body; node !== null; node = node.firstElementChild) depth += 1;
    expect(depth).toBe(MAX_HTML_DEPTH);
    expect(doc.body.textContent).toBe('x');
  });
});
