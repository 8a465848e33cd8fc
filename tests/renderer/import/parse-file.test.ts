import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseFile } from '../../../renderer/src/features/import/parsers';
import type { ParseFileOptions } from '../../../renderer/src/features/import/parsers';
import { loadNodePdfjs } from '../../fixtures/import/pdfjs-node';
import { BINARY_FILE_REASON, EMPTY_FILE_REASON } from '@shared/import/text';
import { HYPHENATED_PAGES, textPdf } from '../../fixtures/import/pdfs';

const fixture = (name: string): Uint8Array => readFileSync(resolve(import.meta.dirname, '../../fixtures/import', name));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const MB = 1024 * 1024;
const options: ParseFileOptions = {
  maxBytes: 50 * MB,
  loadPdfjs: loadNodePdfjs,
};

let pdf: Uint8Array;

beforeAll(async () => {
  pdf = await textPdf(HYPHENATED_PAGES);
});

describe('parseFile dispatches by extension', () => {
  test.each([
    ['notes.txt', 'Plain notes on CAR-T dosing\n\nLine.', 'Plain notes on CAR-T dosing'],
    ['pdf-notes.txt', 'Notes on the format\n\nEvery such file starts with %PDF-1.7 in its header.', 'Notes on the format'],
    ['summary.MD', '# Cohort summary\n\n*text*', 'Cohort summary'],
    ['page.html', '<h1>Heading of the saved page</h1><p>Body text of the page, long enough.</p>', 'Heading of the saved page'],
    ['export.nbib', 'PMID- 1\nTI  - A MEDLINE title.\n', 'A MEDLINE title'],
    ['pubmed-export.txt', 'PMID- 2\nTI  - MEDLINE saved as text.\n', 'MEDLINE saved as text'],
    ['set.xml', '<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>9</PMID><Article><ArticleTitle>From XML.</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>', 'From XML'],
  ])('%s', async (name, content, title) => {
    const result = await parseFile(name, utf8(content), options);
    expect(result).toMatchObject({ ok: true, documents: [{ meta: { title, fileName: name, origin: 'imported' } }] });
  });

  test('a .txt that starts with PMID- is read as MEDLINE, one document per record', async () => {
    const result = await parseFile('pubmed.txt', fixture('three-records.nbib'), options);
    expect(result.ok && result.documents.map((d) => d.meta.pmid)).toEqual(['39086061', '40851234', '38990001']);
  });

  test('a PDF, also when its name says otherwise', async () => {
    const named = await parseFile('case.pdf', pdf, options);
    const misnamed = await parseFile('case.txt', pdf, options);
    expect(named).toMatchObject({ ok: true, documents: [{ meta: { pageMap: [{ page: 1 }, { page: 2 }] } }] });
    expect(misnamed).toEqual(named.ok ? { ok: true, documents: [{ ...named.documents[0]!, meta: { ...named.documents[0]!.meta, fileName: 'case.txt' } }] } : named);
  });
});

describe('parseFile gives a reason for every broken input and never throws', () => {
  test.each<[string, () => Uint8Array, RegExp | string]>([
    ['truncated.pdf', () => pdf.slice(0, Math.floor(pdf.length / 2)), /not a readable PDF/],
    ['scripts.html', () => fixture('scripts-only.html'), /no readable text/],
    ['feed.xml', () => fixture('not-pubmed.xml'), /not a PubMed export/],
    ['photo.txt', () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), BINARY_FILE_REASON],
    ['empty.txt', () => new Uint8Array(), EMPTY_FILE_REASON],
    ['empty.pdf', () => new Uint8Array(), EMPTY_FILE_REASON],
    ['not-really.pdf', () => utf8('Just text in a file called .pdf'), /named \.pdf but is not a PDF/],
    ['report.docx', () => utf8('PK'), 'Margin cannot import .docx files. It reads plain text (.txt), Markdown (.md), web pages (.html, .htm), PDF (.pdf), PubMed exports (.nbib, or .txt saved from PubMed), PubMed XML (.xml), RIS (.ris) and BibTeX (.bib).'],
    ['README', () => utf8('text'), /^This file has no extension/],
  ])('%s', async (name, bytes, reason) => {
    const result = await parseFile(name, bytes(), options);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  test('the size limit is checked first, before the content is looked at', async () => {
    const huge = new Uint8Array(62 * MB);
    expect(await parseFile('big.pdf', huge, options)).toEqual({ ok: false, reason: 'This file is 62 MB; the limit is 50 MB (change it under “Largest file (MB)” in Import…).' });
  });

  test('an unexpected failure becomes a reason', async () => {
    const failing: ParseFileOptions = { maxBytes: MB, loadPdfjs: () => Promise.reject(new Error('chunk failed to load')) };
    expect(await parseFile('a.pdf', pdf, failing)).toEqual({ ok: false, reason: 'Margin could not read this file (chunk failed to load).' });
  });
});
