import { describe, expect, it } from 'vitest';
import { DOCUMENT_TYPES } from '@shared/model';
import type { DocumentId, DocumentMeta } from '@shared/model';
import { pickerChoices } from '../../../renderer/src/features/reader/document-picker';

const meta = (i: number): DocumentMeta => ({
  id: `doc-${i}` as DocumentId,
  title: `Document ${i}`,
  authors: [],
  journal: null,
  publishedDate: null,
  doi: null,
  pmid: null,
  trialRegistration: null,
  type: DOCUMENT_TYPES[0]!,
  origin: 'imported',
  fileName: `doc-${i}.txt`,
  corpusVersion: null,
  addedAt: '2025-01-01T00:00:00.000Z',
  textLength: 1,
  pageMap: null,
});
const library = (n: number) => Array.from({ length: n }, (_, i) => meta(i));
const id = (i: number) => `doc-${i}` as DocumentId;

describe('the document picker’s choices', () => {
  it('lists every document, in library order, up to the limit', () => {
    const documents = library(5);
    expect(pickerChoices(documents, [id(3), null], [id(1)], { limit: 5 })).toEqual({ listed: documents, unlisted: 0 });
  });

  it('beyond the limit lists the open documents, then the most lately read, and counts the rest', () => {
    const documents = library(100);
    const { listed, unlisted } = pickerChoices(documents, [id(40), id(7)], [id(9), id(40), id(12), id(3)], { limit: 50, recent: 2 });
    // Open first (left, right), then lately read without the open one repeated, at most two.
    expect(listed.map((d) => d.id)).toEqual([id(40), id(7), id(9), id(12)]);
    expect(unlisted).toBe(96);
  });

  it('leaves out what is no longer stored and empty panes', () => {
    const { listed, unlisted } = pickerChoices(library(10), [null, 'gone' as DocumentId], ['gone' as DocumentId, id(2)], { limit: 3 });
    expect(listed.map((d) => d.id)).toEqual([id(2)]);
    expect(unlisted).toBe(9);
  });
});
