// @vitest-environment node
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBundledCorpus } from '../../../electron/main/corpus';

const bundledDir = resolve(import.meta.dirname, '../../../resources/documents');

function entry(file: string, title: string): Record<string, unknown> {
  return {
    file,
    title,
    authors: [],
    journal: null,
    publishedDate: '2024-10',
    doi: null,
    pmid: null,
    trialRegistration: null,
    type: 'case-report',
  };
}

describe('loadBundledCorpus with the real corpus', () => {
  it('loads every document the manifest lists, with its title and exact text', async () => {
    const manifest = JSON.parse(await readFile(join(bundledDir, 'manifest.json'), 'utf8')) as {
      corpusVersion: number;
      documents: { file: string; title: string }[];
    };
    const corpus = await loadBundledCorpus(bundledDir);

    expect(corpus.problems).toEqual([]);
    expect(corpus.corpusVersion).toBe(manifest.corpusVersion);
    expect(corpus.documents).toHaveLength(5);
    expect(corpus.documents.map((document) => document.meta.title)).toEqual(manifest.documents.map((listed) => listed.title));
    for (const [index, document] of corpus.documents.entries()) {
      const listed = manifest.documents[index];
      expect(listed).toBeDefined();
      const raw = await readFile(join(bundledDir, listed?.file ?? ''), 'utf8');
      expect(document.text).toBe(raw.replace(/^\uFEFF/, ''));
      expect(document.meta.fileName).toBe(listed?.file);
      expect(document.meta.origin).toBe('bundled');
      expect(document.meta.corpusVersion).toBe(manifest.corpusVersion);
    }
  });
});

describe('loadBundledCorpus with broken input', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'margin-corpus-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeManifest(documents: unknown[]): Promise<void> {
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ corpusVersion: 3, documents }));
  }

  it('names a broken entry and a missing file while the good documents still load', async () => {
    await writeFile(join(dir, 'good.txt'), '\uFEFFA good article.');
    await writeFile(join(dir, 'also-good.txt'), 'Another article.');
    await writeFile(join(dir, 'broken.txt'), 'Never read: its entry is broken.');
    await writeManifest([
      entry('good.txt', 'Good'),
      { ...entry('broken.txt', 'Broken'), title: '', type: 'novel' },
      entry('missing.txt', 'Missing'),
      entry('also-good.txt', 'Also good'),
    ]);

    const corpus = await loadBundledCorpus(dir);

    expect(corpus.corpusVersion).toBe(3);
    expect(corpus.documents.map((document) => [document.meta.title, document.text])).toEqual([
      ['Good', 'A good article.'],
      ['Also good', 'Another article.'],
    ]);
    expect(corpus.problems.map((problem) => problem.file).sort()).toEqual(['broken.txt', 'missing.txt']);
    expect(corpus.problems.find((problem) => problem.file === 'missing.txt')?.message).toMatch(/missing/i);
  });

  it('names an empty file and a binary file', async () => {
    await writeFile(join(dir, 'empty.txt'), '  \n');
    await writeFile(join(dir, 'binary.txt'), 'PK\u0000\u0003');
    await writeFile(join(dir, 'fine.txt'), 'Fine.');
    await writeManifest([entry('empty.txt', 'Empty'), entry('binary.txt', 'Binary'), entry('fine.txt', 'Fine')]);

    const corpus = await loadBundledCorpus(dir);

    expect(corpus.documents.map((document) => document.meta.title)).toEqual(['Fine']);
    expect(corpus.problems).toEqual([
      { file: 'empty.txt', message: expect.stringMatching(/empty/i) },
      { file: 'binary.txt', message: expect.stringMatching(/binary/i) },
    ]);
  });

  it('reports a folder listed as a document instead of throwing', async () => {
    await mkdir(join(dir, 'folder.txt'));
    await writeManifest([entry('folder.txt', 'Folder')]);
    const corpus = await loadBundledCorpus(dir);
    expect(corpus.documents).toEqual([]);
    expect(corpus.problems).toEqual([{ file: 'folder.txt', message: expect.any(String) }]);
  });

  it.each([
    ['malformed JSON', '{ "corpusVersion": 1, "documents": [ '],
    ['a wrong envelope', JSON.stringify({ version: 1, documents: {} })],
    ['JSON null', 'null'],
  ])('turns %s in manifest.json into one problem, not a throw', async (_case, content) => {
    await writeFile(join(dir, 'manifest.json'), content);
    const corpus = await loadBundledCorpus(dir);
    expect(corpus.documents).toEqual([]);
    expect(corpus.problems).toEqual([{ file: 'manifest.json', message: expect.stringMatching(/manifest/i) }]);
  });

  it('turns a missing manifest.json into one problem', async () => {
    const corpus = await loadBundledCorpus(join(dir, 'nowhere'));
    expect(corpus).toEqual({
      corpusVersion: 0,
      documents: [],
      problems: [{ file: 'manifest.json', message: expect.stringMatching(/could not be read/) }],
    });
  });
});
