// A one-document review whose every piece of text is hostile: for the tests that check the Markdown
// and HTML exports print such text as itself and never as structure or markup.
import { describe as describeRange } from '@shared/anchoring';
import type { ExportInput } from '@shared/evidence';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { sha256Hex } from '@shared/hash';
import { DEFAULT_COLOR_MEANINGS } from '@shared/model';
import type { Annotation, AnnotationId, DocumentId, DocumentMeta, FieldTag } from '@shared/model';

export const HOSTILE = {
  script: '<script>alert("x")</script>',
  image: '"><img src=x onerror=alert(1)>',
  link: '[click](javascript:alert(1))',
  heading: '# Not a heading',
  entity: '&lt;b&gt; &amp; &#x3C;',
  style: '</style><style>body{background:url(https://evil.example/x.png)}</style>',
} as const;

/** Builds a document whose text is `quotes` joined, with one annotation per quote carrying `note`. */
export function hostileReview(quotes: string[], note: string, options: { title?: string; doi?: string; tags?: string[]; field?: FieldTag } = {}): ExportInput {
  const text = quotes.join(' … ');
  const id = sha256Hex(text) as DocumentId;
  const meta: DocumentMeta = {
    id,
    title: options.title ?? 'Hostile document',
    authors: [HOSTILE.image],
    journal: HOSTILE.script,
    publishedDate: '2025',
    doi: options.doi ?? null,
    pmid: null,
    trialRegistration: HOSTILE.link,
    type: 'other',
    origin: 'imported',
    fileName: 'hostile.txt',
    corpusVersion: null,
    addedAt: '2026-11-01T00:00:00.000Z',
    textLength: text.length,
    pageMap: null,
  };
  let offset = 0;
  const annotations: Annotation[] = quotes.map((quote, index) => {
    const start = offset;
    offset += quote.length + ' … '.length;
    return {
      id: `x${index}` as AnnotationId,
      documentId: id,
      target: describeRange(text, start, start + quote.length),
      color: index % 2 === 0 ? 'red' : 'yellow',
      note,
      tags: options.tags ?? [HOSTILE.script],
      field: index === 0 ? (options.field ?? null) : null,
      creator: HOSTILE.image,
      createdAt: `2026-11-20T09:00:0${index % 10}.000Z`,
      modifiedAt: '2026-11-20T10:00:00.000Z',
      deletedAt: null,
    };
  });
  return {
    documents: [meta],
    texts: [{ id, text }],
    annotations,
    statuses: [],
    schema: DEFAULT_SCHEMA,
    colorMeanings: { ...DEFAULT_COLOR_MEANINGS, red: HOSTILE.style, yellow: HOSTILE.image },
    generatedAt: '2026-11-22T10:00:00.000Z',
  };
}

export const HOSTILE_FIELD: FieldTag = {
  fieldKey: 'other_adverse_events',
  schemaId: 'car-t-autoimmune@1',
  value: { type: 'text', text: HOSTILE.script },
  status: 'manual',
  reason: null,
  qualifier: HOSTILE.image,
};
