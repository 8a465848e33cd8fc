// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { assembleCorpus, parseManifest, toIncomingDocument } from '@shared/corpus';
import { readCorpusFile, readManifestJson } from '../helpers/corpus';

const validEntry = {
  file: 'a.txt',
  title: 'A title',
  authors: [],
  journal: null,
  publishedDate: '2024-10',
  doi: '10.1002/art.42933',
  pmid: null,
  trialRegistration: null,
  type: 'case-report' as const,
};

describe('parseManifest', () => {
  it('accepts the bundled manifest: five documents, no problems', () => {
    const result = parseManifest(readManifestJson());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.manifest.corpusVersion).toBe(1);
    expect(result.manifest.entries.map((e) => e.file)).toHaveLength(5);
    expect(result.manifest.problems).toEqual([]);
    expect(result.manifest.entries.find((e) => e.trialRegistration)?.trialRegistration).toBe('NCT04146051');
  });

  it.each([
    ['a missing title', { ...validEntry, title: undefined }, /title/],
    ['a folder in the file name', { ...validEntry, file: '../secrets.txt' }, /file: a plain file name/],
    ['a malformed DOI', { ...validEntry, doi: 'doi:10.1/x' }, /doi: a DOI/],
    ['an unknown type', { ...validEntry, type: 'blog' }, /type/],
    ['a malformed date', { ...validEntry, publishedDate: '30 Jan 2025' }, /publishedDate: a date/],
  ])('names a broken entry with %s and keeps the others', (_name, broken, pattern) => {
    const result = parseManifest({ corpusVersion: 2, documents: [validEntry, broken] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.manifest.entries).toHaveLength(1);
    expect(result.manifest.problems).toHaveLength(1);
    expect(result.manifest.problems[0]!.message).toMatch(/Manifest entry 2/);
    expect(result.manifest.problems[0]!.message).toMatch(pattern);
  });

  it('refuses a duplicate file and an unsound envelope', () => {
    const dup = parseManifest({ corpusVersion: 1, documents: [validEntry, validEntry] });
    expect(dup.ok && dup.manifest.problems[0]!.message).toMatch(/a second time/);
    const bad = parseManifest({ version: 1, documents: 'nope' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/corpusVersion/);
  });
});

describe('assembleCorpus', () => {
  it('loads the other documents when one file is missing, naming the missing one', async () => {
    const manifest = JSON.stringify({ corpusVersion: 1, documents: [validEntry, { ...validEntry, file: 'gone.txt' }] });
    const corpus = await assembleCorpus(manifest, async (file) => {
      if (file === 'gone.txt') throw new Error('ENOENT: no such file');
      return '\uFEFFSome text';
    });
    expect(corpus.documents).toHaveLength(1);
    expect(corpus.documents[0]!.text).toBe('Some text');
    expect(corpus.problems).toEqual([{ file: 'gone.txt', message: expect.stringMatching(/gone\.txt could not be read \(ENOENT/) }]);
  });

  it('reports an empty or binary file and a manifest that is not JSON', async () => {
    const manifest = JSON.stringify({ corpusVersion: 1, documents: [validEntry, { ...validEntry, file: 'b.txt' }] });
    const corpus = await assembleCorpus(manifest, async (file) => (file === 'a.txt' ? '   ' : 'x\u0000y'));
    expect(corpus.documents).toHaveLength(0);
    expect(corpus.problems.map((p) => p.message)).toEqual([expect.stringMatching(/empty/), expect.stringMatching(/binary/)]);
    const broken = await assembleCorpus('{"corpusVersion": 1,', async () => '');
    expect(broken.problems).toEqual([{ file: 'manifest.json', message: expect.stringMatching(/not valid JSON/) }]);
    const missing = await assembleCorpus(null, async () => '');
    expect(missing.problems[0]!.file).toBe('manifest.json');
  });

  it('keeps the file text exactly, so offsets match the file', () => {
    const text = readCorpusFile('001_6102b45430287510.txt');
    const incoming = toIncomingDocument({ ...validEntry, file: '001_6102b45430287510.txt' }, text, 1);
    expect(incoming.text).toBe(text);
    expect(incoming.meta.origin).toBe('bundled');
  });
});
