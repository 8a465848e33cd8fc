// @vitest-environment node
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkProvenance } from '@shared/evidence';
import {
  ANNOTATION_CONTEXT,
  doiFromSource,
  importWebAnnotations,
  toWebAnnotationCollection,
  webAnnotationJsonLd,
} from '@shared/export/web-annotation';
import type { WebAnnotationJson } from '@shared/export/web-annotation';
import { sha256Hex } from '@shared/hash';
import type { Annotation, DocumentId } from '@shared/model';
import { buildReview, REVIEWER_ID } from './fixtures';
import type { CorpusDocument } from './fixtures';

function exported() {
  const review = buildReview();
  const json = JSON.parse(webAnnotationJsonLd(review.input)) as ReturnType<typeof toWebAnnotationCollection>;
  return { ...review, json, items: json.first.items };
}

/** What must survive an export and import: everything but the id. */
function essence(a: Annotation) {
  return {
    documentId: a.documentId,
    target: a.target,
    note: a.note,
    tags: a.tags,
    color: a.color,
    field: a.field,
    creator: a.creator,
    createdAt: a.createdAt,
    modifiedAt: a.modifiedAt,
  };
}

describe('toWebAnnotationCollection', () => {
  it('is an AnnotationCollection with an embedded AnnotationPage under the W3C context', () => {
    const { json, input } = exported();
    expect(json['@context'][0]).toBe(ANNOTATION_CONTEXT);
    expect(json.type).toBe('AnnotationCollection');
    expect(json.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(json.label).toEqual(expect.any(String));
    expect(json.first.type).toBe('AnnotationPage');
    expect(json.first.startIndex).toBe(0);
    const live = input.annotations.filter((a) => a.deletedAt === null);
    expect(json.total).toBe(live.length);
    expect(json.first.items).toHaveLength(live.length);
  });

  it('gives every item the required properties', () => {
    const { items } = exported();
    for (const item of items) {
      expect(item.id).toMatch(/^urn:uuid:/);
      expect(item.type).toBe('Annotation');
      expect(['highlighting', 'commenting', 'tagging', 'describing']).toContain(item.motivation);
      expect(item.created).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(item.modified).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(item.creator).toEqual({ type: 'Person', name: 'Dr. A. Reviewer' });
      expect(item['margin:color']).toEqual(expect.any(String));
      if (typeof item.target === 'string') {
        // Only a value entered without a quote targets the whole document.
        expect(item.body?.[0]?.['margin:field']?.provenance).toBe('no-source');
        continue;
      }
      expect(item.target.source).toMatch(/^(https:\/\/doi\.org\/10\.|urn:sha256:[0-9a-f]{64}$)/);
      expect(item.target.selector.map((s) => s.type)).toEqual(['TextQuoteSelector', 'TextPositionSelector']);
    }
  });

  it('names a document by its DOI URL, or by the hash of its text', () => {
    const { items, doc } = exported();
    const sources = new Set(items.map((i) => (typeof i.target === 'string' ? i.target : i.target.source)));
    expect(sources).toContain('https://doi.org/10.1002/art.42933');
    expect(sources).toContain(`urn:sha256:${sha256Hex(doc('000').text)}`);
  });

  it('chooses the motivation from what the annotation carries', () => {
    const { items } = exported();
    const byQuote = (quote: string): WebAnnotationJson =>
      items.find((i) => typeof i.target !== 'string' && 'exact' in i.target.selector[0] && i.target.selector[0].exact === quote)!;
    expect(byQuote('1 × 106 CAR T cells/kg').motivation).toBe('describing');
    expect(byQuote('with a treatment cost of more than $450,000 per dose').motivation).toBe('commenting');
    expect(byQuote('refractory to multiple immunosuppressive treatment lines').motivation).toBe('tagging');
    expect(byQuote('refractory generalized myasthenia gravis (MG)').motivation).toBe('highlighting');
    expect(byQuote('refractory generalized myasthenia gravis (MG)').body).toBeUndefined();
    const crs = byQuote('mild cytokine release syndrome (grade 1)');
    expect(crs.body?.map((b) => b.purpose)).toEqual(['describing', 'commenting', 'tagging', 'tagging']);
    expect(crs.body?.[0]).toMatchObject({
      type: 'TextualBody',
      format: 'text/plain',
      value: 'CRS grade: Grade 1 (ASTCT CRS) [confirmed]',
      'margin:reviewState': 'confirmed',
      'margin:reviewedBy': { type: 'Person', id: `urn:margin:reviewer:${REVIEWER_ID}`, name: 'Ana Ruiz' },
      'margin:reviewedAt': '2026-11-21T09:45:00.000Z',
    });
    expect(crs.body?.[0]?.['margin:field']).toMatchObject({
      fieldKey: 'crs_grade',
      value: { type: 'grade', scale: 'ASTCT-CRS', grade: 1, bound: 'exact' },
      status: 'parsed',
      review: { state: 'confirmed', by: REVIEWER_ID, at: '2026-11-21T09:45:00.000Z' },
      provenance: 'sound',
    });
  });

  it('marks a stale value as stale rather than sound', () => {
    const { items } = exported();
    const stale = items.find((i) => i.body?.[0]?.['margin:field']?.fieldKey === 'follow_up')!;
    expect(stale.body?.[0]?.value).toBe('Follow-up duration: 10 months [stale quote]');
    expect(stale.body?.[0]?.['margin:field']).toMatchObject({ provenance: 'stale', staleReason: expect.any(String) });
  });

  it('leaves out deleted annotations and annotations of documents not exported', () => {
    const { items, input } = exported();
    const deleted = input.annotations.find((a) => a.deletedAt !== null)!;
    expect(items.map((i) => i.id)).not.toContain(`urn:uuid:${deleted.id}`);
    const onlyNews = toWebAnnotationCollection({ ...input, documents: input.documents.filter((d) => d.fileName.startsWith('000')) });
    expect(onlyNews.total).toBe(1);
  });
});

describe('importWebAnnotations', () => {
  it('round-trips Margin’s own export into the same documents', () => {
    const { json, input, corpus } = exported();
    const { annotations, report } = importWebAnnotations(json, corpus);
    const live = input.annotations.filter((a) => a.deletedAt === null);
    expect(report).toMatchObject({ total: live.length, orphaned: 0, unmatchedDocument: 0, invalid: 0, error: null, withoutQuote: 1 });
    expect(report.anchored).toBe(live.length - 1);
    // Every annotation comes back, with new ids, in the export's order.
    expect(annotations).toHaveLength(live.length);
    for (const a of annotations) expect(live.map((l) => l.id)).not.toContain(a.id);
    const byId = new Map(live.map((a) => [`urn:uuid:${a.id}`, a]));
    annotations.forEach((imported, index) => {
      const original = byId.get(json.first.items[index]!.id)!;
      if (original.field?.fieldKey === 'follow_up') {
        // The stale value: found only approximately, so its position moves but its quote stays.
        expect({ ...essence(imported), target: imported.target?.quote }).toEqual({ ...essence(original), target: original.target?.quote });
      } else expect(essence(imported)).toEqual(essence(original));
    });
  });

  it('says which stored annotation each came from, and who the file names as reviewers', () => {
    const { json, input, corpus } = exported();
    const { annotations, sourceIds, reviewers } = importWebAnnotations(json, corpus);
    const live = input.annotations.filter((a) => a.deletedAt === null);
    expect(annotations.map((a) => sourceIds.get(a.id))).toEqual(json.first.items.map((item) => item.id.replace('urn:uuid:', '')));
    expect([...sourceIds.values()].sort()).toEqual(live.map((a) => a.id).sort());
    expect([...reviewers]).toEqual([[REVIEWER_ID, 'Ana Ruiz']]);
  });

  it('keeps a value’s review, machine reading and instance through an export and import (nothing stripped)', () => {
    const review = buildReview();
    const dose = review.input.annotations.find((a) => a.field?.fieldKey === 'dose')!;
    const corrected: Annotation = {
      ...dose,
      creatorId: REVIEWER_ID,
      field: {
        ...dose.field!,
        value: { type: 'quantity', value: 2_000_000, unit: 'cells/kg', mantissa: 2, exponent: 6 },
        status: 'manual',
        review: { state: 'corrected', by: REVIEWER_ID, at: '2026-11-22T08:00:00.000Z', reason: null },
        machineReading: { value: dose.field!.value, reason: dose.field!.reason },
        instance: 'patient-2',
      },
    };
    const rejected: Annotation = {
      ...review.input.annotations.find((a) => a.field?.fieldKey === 'responders')!,
      field: { ...review.input.annotations.find((a) => a.field?.fieldKey === 'responders')!.field!, review: { state: 'rejected', by: REVIEWER_ID, at: '2026-11-22T08:05:00.000Z', reason: 'another cohort' } },
    };
    const json = JSON.parse(webAnnotationJsonLd({ ...review.input, annotations: [corrected, rejected] }));
    const { annotations } = importWebAnnotations(json, review.corpus);
    const byKey = new Map(annotations.map((a) => [a.field!.fieldKey, a.field]));
    expect(byKey.get('dose')).toEqual(corrected.field);
    expect(byKey.get('responders')).toEqual(rejected.field);
    expect(annotations.find((a) => a.field?.fieldKey === 'dose')!.creatorId).toBe(REVIEWER_ID);
    expect(json.first.items.find((i: WebAnnotationJson) => i.body?.[0]?.['margin:field']?.fieldKey === 'dose').body[0].value).toBe(
      // The value names its patient, in words and by label beside the id.
      'Dose: Patient 2: 2 × 10⁶ cells/kg [corrected; corrected from 1 × 10⁶ cells/kg]',
    );
    const doseField = json.first.items.find((i: WebAnnotationJson) => i.body?.[0]?.['margin:field']?.fieldKey === 'dose').body[0]['margin:field'];
    expect([doseField.instance, doseField.instanceLabel]).toEqual(['patient-2', 'Patient 2']);
  });

  it('names an instance by the label the reviewer gave it', () => {
    const review = buildReview();
    const dose = review.input.annotations.find((a) => a.field?.fieldKey === 'dose')!;
    const tagged: Annotation = { ...dose, field: { ...dose.field!, instance: 'patient-3' } };
    const instances = new Map([[dose.documentId, [{ id: 'patient-3', kind: 'patient' as const, label: 'Index case (girl, 12)' }]]]);
    const json = JSON.parse(webAnnotationJsonLd({ ...review.input, annotations: [tagged], instances }));
    const body = json.first.items[0].body[0];
    expect(body.value.startsWith('Dose: Index case (girl, 12): ')).toBe(true);
    expect(body['margin:field'].instanceLabel).toBe('Index case (girl, 12)');
  });

  it('keeps a stale value stale: an approximate match does not rewrite its quote', () => {
    const { json, corpus, doc } = exported();
    const { annotations, report } = importWebAnnotations(json, corpus);
    expect(report.approximate).toBe(1);
    const followUp = annotations.find((a) => a.field?.fieldKey === 'follow_up')!;
    expect(followUp.target?.quote.exact).toBe('ten months after a single infusion');
    expect(checkProvenance(doc('001').text, followUp).state).toBe('stale');
  });

  it('gives the same ids when the same file is imported twice, and accepts ids from the caller', () => {
    const { json, corpus } = exported();
    const first = importWebAnnotations(json, corpus).annotations.map((a) => a.id);
    expect(importWebAnnotations(json, corpus).annotations.map((a) => a.id)).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    let n = 0;
    const custom = importWebAnnotations(json, corpus, { newId: () => `new-${++n}` as Annotation['id'] });
    expect(custom.annotations[0]!.id).toBe('new-1');
  });

  it('reports annotations whose targets match no stored document', () => {
    const { json, corpus } = exported();
    const others = corpus.filter((d) => !d.meta.fileName.startsWith('001'));
    const { annotations, report } = importWebAnnotations(json, others);
    const onJdm = json.first.items.filter((i) => (typeof i.target === 'string' ? i.target : i.target.source).includes('art.42933')).length;
    expect(report.unmatchedDocument).toBe(onJdm);
    expect(annotations).toHaveLength(json.total - onJdm);
    expect(report.problems.filter((p) => p.kind === 'unmatched-document')).toHaveLength(onJdm);
    expect(report.problems[0]!.reason).toMatch(/art\.42933/);
  });

  it('reports an annotation whose quote was removed from the text as orphaned, keeping its selectors', () => {
    const { json, corpus, doc } = exported();
    const jdm = doc('001');
    // The same article (same DOI), re-imported with the neutropenia passage gone.
    const edited = jdm.text.replace(', and neutropenia (grade 4)', '');
    expect(edited).not.toBe(jdm.text);
    const revised: CorpusDocument = { meta: { ...jdm.meta, id: sha256Hex(edited) as DocumentId, textLength: edited.length }, text: edited };
    const { annotations, report } = importWebAnnotations(json, [revised, ...corpus.filter((d) => d !== jdm)]);
    expect(report.orphaned).toBe(1);
    expect(report.orphans[0]).toMatchObject({ quote: 'neutropenia (grade 4)', documentId: revised.meta.id, reason: expect.any(String) });
    const orphan = annotations.find((a) => a.id === report.orphans[0]!.annotationId)!;
    const exportedItem = json.first.items.find((i) => typeof i.target !== 'string' && 'exact' in i.target.selector[0] && i.target.selector[0].exact === 'neutropenia (grade 4)')!;
    if (typeof exportedItem.target === 'string') throw new Error('expected a quote target');
    expect(orphan.target).toEqual({ quote: exportedItem.target.selector[0], position: exportedItem.target.selector[1] });
    expect(orphan.field?.value).toEqual({ type: 'grade', scale: 'CTCAE', grade: 4, bound: 'exact' });
  });

  it.each([
    'https://doi.org/10.1002/art.42933',
    'http://dx.doi.org/10.1002/ART.42933',
    'https://DOI.org/10.1002%2Fart.42933',
    'doi:10.1002/art.42933',
    'info:doi/10.1002/art.42933',
  ])('matches a document by the DOI form %s', (source) => {
    expect(doiFromSource(source)).toBe('10.1002/art.42933');
    const { corpus } = exported();
    const item = {
      '@context': ANNOTATION_CONTEXT,
      id: 'http://example.org/anno/1',
      type: 'Annotation',
      bodyValue: 'A comment from another tool',
      target: { source, selector: { type: 'TextQuoteSelector', exact: 'neutropenia (grade 4)' } },
    };
    const { annotations, report } = importWebAnnotations(item, corpus);
    expect(report).toMatchObject({ total: 1, anchored: 1 });
    const jdm = corpus.find((d) => d.meta.doi === '10.1002/art.42933')!;
    const start = jdm.text.indexOf('neutropenia (grade 4)');
    expect(annotations[0]).toMatchObject({
      documentId: jdm.meta.id,
      note: 'A comment from another tool',
      color: 'yellow',
      field: null,
      target: { position: { start, end: start + 'neutropenia (grade 4)'.length } },
    });
  });

  it('reads other tools’ W3C files: pages, arrays, target lists, tagging bodies, text-hash sources', () => {
    const { corpus, doc } = exported();
    const news = doc('000');
    const page = {
      '@context': ANNOTATION_CONTEXT,
      type: 'AnnotationPage',
      items: [
        {
          type: ['Annotation'],
          motivation: 'tagging',
          creator: { type: 'Person', nickname: 'other-reviewer' },
          body: [{ type: 'TextualBody', value: 'cost' }, { type: 'TextualBody', value: 'pricing', purpose: 'tagging' }, 'http://example.org/link'],
          target: [
            'http://example.org/elsewhere',
            {
              source: `urn:sha256:${news.meta.id.toUpperCase()}`,
              selector: [{ type: 'TextPositionSelector', start: 10, end: 20 }, { type: 'FragmentSelector', value: 'p1' }],
            },
          ],
          created: '2025-01-01T00:00:00Z',
        },
      ],
    };
    const { annotations, report } = importWebAnnotations(page, corpus);
    expect(report).toMatchObject({ total: 1, anchored: 1, invalid: 0 });
    expect(annotations[0]).toMatchObject({
      documentId: news.meta.id,
      tags: ['cost', 'pricing'],
      note: '',
      creator: 'other-reviewer',
      createdAt: '2025-01-01T00:00:00Z',
      modifiedAt: '2025-01-01T00:00:00Z',
      target: { quote: { exact: news.text.slice(10, 20) } },
    });
    expect(importWebAnnotations(page.items, corpus).report.anchored).toBe(1);
  });

  it('refuses files and items it cannot read, with reasons, and never throws', () => {
    const { corpus, json } = exported();
    expect(importWebAnnotations(null, corpus).report.error).toMatch(/not a W3C/);
    expect(importWebAnnotations('text', corpus).report.error).toMatch(/not a W3C/);
    expect(importWebAnnotations({ format: 'margin-backup' }, corpus).report.error).toMatch(/not a W3C/);
    expect(importWebAnnotations({ type: 'AnnotationCollection', first: 'https://example.org/page/1' }, corpus).report.error).toMatch(/links/);
    const bad = [
      { type: 'Annotation' },
      { type: 'Note', target: 'urn:sha256:00' },
      { type: 'Annotation', target: { source: 'https://doi.org/10.1002/art.42933', selector: { type: 'TextPositionSelector', start: 1, end: 999999 } } },
      {
        type: 'Annotation',
        target: 'https://doi.org/10.1002/art.42933',
        body: { type: 'TextualBody', purpose: 'describing', value: 'x', 'margin:field': { fieldKey: 'dose', value: { type: 'quantity' } } },
      },
      json.first.items[0],
    ];
    const { annotations, report } = importWebAnnotations(bad, corpus);
    expect(report).toMatchObject({ total: 5, invalid: 4, anchored: 1 });
    expect(annotations).toHaveLength(1);
    expect(report.problems.map((p) => p.index)).toEqual([0, 1, 2, 3]);
    expect(report.problems[0]!.reason).toMatch(/target/);
    expect(report.problems[3]!.reason).toMatch(/field value/);
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const result = importWebAnnotations(value, corpus);
        expect(result.report.total).toBeGreaterThanOrEqual(result.annotations.length);
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 5 }), (items) => {
        const result = importWebAnnotations({ type: 'AnnotationCollection', first: { type: 'AnnotationPage', items } }, corpus);
        expect(result.report.total).toBe(items.length);
      }),
    );
  });
});
