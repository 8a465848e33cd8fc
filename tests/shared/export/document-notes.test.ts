// @vitest-environment node
// Notes on a whole document (issue 15 point 15): an annotation with no quote, area or value is
// listed apart, with its author and times, in the Markdown summary and the HTML report, and travels
// through JSON-LD as a Web Annotation whose target is the document itself.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { collectEvidence, documentNoteByline, documentNoteEntries, isDocumentNote } from '@shared/evidence';
import { markdownSummary } from '@shared/export/markdown';
import { htmlReport } from '@shared/export/html-report';
import { documentSource, importWebAnnotations, toWebAnnotationCollection } from '@shared/export/web-annotation';
import type { Annotation, ReviewerId } from '@shared/model';
import { annotate, buildReview, selectorsFor } from './fixtures';

const ANA = 'r0000000-0000-4000-8000-0000000000b1' as ReviewerId;
const BEN = 'r0000000-0000-4000-8000-0000000000b2' as ReviewerId;

function withNotes() {
  const review = buildReview();
  const jdm = review.doc('001');
  const excluded: Annotation = {
    ...annotate(jdm, null, { note: 'Excluded at full text: wrong population' }),
    creator: 'Ana (old name)',
    creatorId: ANA,
    createdAt: '2026-11-22T08:05:00.000Z',
    modifiedAt: '2026-11-22T08:05:00.000Z',
  };
  const asked: Annotation = {
    ...annotate(jdm, null, { note: 'Asked the authors for the per-patient table.\nReply due in May.' }),
    creator: 'Ben',
    creatorId: BEN,
    modifiedBy: ANA,
    createdAt: '2026-11-22T08:01:00.000Z',
    modifiedAt: '2026-11-22T09:30:00.000Z',
  };
  const deleted: Annotation = { ...annotate(jdm, null, { note: 'Deleted thought', deleted: true }) };
  const input = {
    ...review.input,
    annotations: [...review.input.annotations, excluded, asked, deleted],
    reviewers: new Map([...(review.input.reviewers ?? []), [ANA, 'Ana Lima'], [BEN, 'Ben Okafor']]),
  };
  return { review, jdm, excluded, asked, input };
}

describe('isDocumentNote', () => {
  it('is a note with no quote, no area of a page and no field value', () => {
    const { review, jdm } = withNotes();
    expect(isDocumentNote(annotate(jdm, null, { note: 'x' }))).toBe(true);
    expect(isDocumentNote(annotate(jdm, selectorsFor(jdm, 'neutropenia (grade 4)'), { note: 'x' }))).toBe(false);
    // A value with no source has no target either, but it is a value, not a note.
    expect(isDocumentNote(annotate(jdm, null, { field: { fieldKey: 'age', value: null } }))).toBe(false);
    const area = { type: 'AreaSelector' as const, page: 1, x: 0, y: 0, width: 0.5, height: 0.5, pageWidth: 600, pageHeight: 800 };
    expect(isDocumentNote({ ...annotate(jdm, null, { note: 'x' }), area })).toBe(false);
    expect(review.input.annotations.some(isDocumentNote)).toBe(false);
  });
});

describe('documentNoteEntries', () => {
  it('lists live notes oldest first, names authors by their id, says who edited and when', () => {
    const { input, jdm } = withNotes();
    const entries = documentNoteEntries(input.annotations.filter((a) => a.documentId === jdm.meta.id), input.reviewers);
    expect(entries.map((e) => e.note)).toEqual(['Asked the authors for the per-patient table.\nReply due in May.', 'Excluded at full text: wrong population']);
    expect(entries[0]).toMatchObject({ author: 'Ben Okafor', authorId: BEN, createdAt: '2026-11-22T08:01:00.000Z', editedAt: '2026-11-22T09:30:00.000Z', editedBy: 'Ana Lima' });
    expect(entries[1]).toMatchObject({ author: 'Ana Lima', editedAt: null, editedBy: null });
    expect(documentNoteByline(entries[0]!)).toBe('Ben Okafor, 2026-11-22 08:01 UTC (edited 2026-11-22 09:30 UTC by Ana Lima)');
    expect(documentNoteByline(entries[1]!)).toBe('Ana Lima, 2026-11-22 08:05 UTC');
    // Without a directory, the name the note was written under.
    expect(documentNoteEntries([withNotes().excluded])[0]!.author).toBe('Ana (old name)');
  });

  it('leaves highlights, values and areas out of the document notes, and notes out of the highlights', () => {
    const { input, jdm } = withNotes();
    const evidence = collectEvidence(input).find((e) => e.meta.id === jdm.meta.id)!;
    expect(evidence.documentNotes).toHaveLength(2);
    expect(evidence.highlights.flatMap((g) => g.highlights).some((h) => h.note.includes('wrong population'))).toBe(false);
    const others = collectEvidence(input).filter((e) => e.meta.id !== jdm.meta.id);
    expect(others.every((e) => e.documentNotes.length === 0)).toBe(true);
  });
});

describe('exports', () => {
  it('Markdown: a "Document notes" block after the facts, each note with its author and time', () => {
    const { input } = withNotes();
    const md = markdownSummary(input);
    const block = md.slice(md.indexOf('### Document notes'), md.indexOf('### Extracted values', md.indexOf('### Document notes')));
    expect(md.match(/### Document notes/g)).toHaveLength(1);
    expect(block).toContain('*Note:* Excluded at full text: wrong population');
    expect(block).toContain('— Ana Lima, 2026-11-22 08:05 UTC');
    // The reviewer's line break is kept.
    expect(block).toContain('*Note:* Asked the authors for the per-patient table.\nReply due in May.');
    expect(block).toContain('— Ben Okafor, 2026-11-22 08:01 UTC (edited 2026-11-22 09:30 UTC by Ana Lima)');
    expect(block.indexOf('per-patient')).toBeLessThan(block.indexOf('wrong population'));
    expect(md).not.toContain('Deleted thought');
    expect(markdownSummary(buildReview().input)).not.toContain('Document notes');
  });

  it('Markdown: a note cannot open a heading or a list, whatever it says (property)', () => {
    const { review, jdm } = withNotes();
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim().length > 0), (text) => {
        const md = markdownSummary({ ...review.input, annotations: [annotate(jdm, null, { note: `# ${text}\n- ${text}` })] });
        const from = md.indexOf('### Document notes');
        const block = md.slice(from, md.indexOf('### Extracted values', from));
        expect(block.split('\n').filter((line) => /^(#{1,6}\s|[-+*]\s)/.test(line))).toEqual(['### Document notes']);
      }),
      { numRuns: 60 },
    );
  });

  it('HTML report: a "Document notes" block, escaped, and a document with only notes is not left out', () => {
    const review = buildReview();
    const news = review.doc('000');
    const note: Annotation = { ...annotate(news, null, { note: 'Excluded: <b>news item</b>, no patients' }), creatorId: ANA };
    const html = htmlReport({ ...review.input, annotations: [...review.input.annotations, note], reviewers: new Map([[ANA, 'Ana Lima']]) });
    const article = html.slice(html.lastIndexOf('<article', html.indexOf('Excluded:')), html.indexOf('</article>', html.indexOf('Excluded:')));
    expect(article).toContain(`<h2>${news.meta.title.replace(/&/g, '&amp;')}</h2>`);
    expect(article).toContain('<h3>Document notes</h3>');
    expect(article).toContain('<p class="note">Excluded: &lt;b&gt;news item&lt;/b&gt;, no patients</p>');
    expect(article).toContain('— Ana Lima, 2026-11-20');
    expect(html).toContain('.document-note {');
    expect(htmlReport(review.input)).not.toContain('document-note');
  });

  it('JSON-LD: a commenting annotation on the document itself, with no selector, read back once', () => {
    const { input, jdm, excluded, asked } = withNotes();
    const json = toWebAnnotationCollection(input);
    const item = json.first.items.find((i) => i.body?.some((b) => b.value === excluded.note))!;
    expect(item.motivation).toBe('commenting');
    expect(item.target).toBe(documentSource(jdm.meta));
    expect(item.creator).toEqual({ type: 'Person', id: `urn:margin:reviewer:${ANA}`, name: 'Ana (old name)' });

    const documents = buildReview().corpus;
    const back = importWebAnnotations(json, documents);
    const notes = back.annotations.filter(isDocumentNote);
    expect(notes.map((a) => a.note).sort()).toEqual(['Asked the authors for the per-patient table.\nReply due in May.', excluded.note]);
    expect(notes.every((a) => a.documentId === jdm.meta.id && a.target === null && a.area === undefined)).toBe(true);
    expect(back.report.withoutQuote).toBeGreaterThanOrEqual(2);
    // Each note names the id it was exported with, so a second import of the file finds it (see addImportedAnnotations).
    const ids = notes.map((a) => back.sourceIds.get(a.id)).sort();
    expect(ids).toEqual([excluded.id, asked.id].sort());
  });
});
