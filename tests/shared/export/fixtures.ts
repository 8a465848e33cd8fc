// A fixed review over the bundled corpus for the export tests: real documents read from
// resources/documents, and annotations on real quotes found with indexOf, with fixed ids and times.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe as describeRange } from '@shared/anchoring';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import type { FieldValue } from '@shared/fields/types';
import type { ExportInput } from '@shared/evidence';
import { sha256Hex } from '@shared/hash';
import { DEFAULT_COLOR_MEANINGS } from '@shared/model';
import type {
  Annotation,
  AnnotationId,
  DocumentId,
  DocumentMeta,
  DocumentText,
  FieldTag,
  HighlightColor,
  ReviewerId,
  ReviewStatus,
  TextSelectors,
} from '@shared/model';

const DOCUMENTS_DIR = resolve(import.meta.dirname, '../../../resources/documents');
export const GOLDEN_DIR = resolve(import.meta.dirname, '../../fixtures/export');
export const GENERATED_AT = '2026-11-22T10:00:00.000Z';
const CREATOR = 'Dr. A. Reviewer';
/** The reviewer who confirmed a value and set an override, named through the export's directory. */
export const REVIEWER_ID = 'r0000000-0000-4000-8000-00000000000a' as ReviewerId;

interface ManifestEntry extends Omit<DocumentMeta, 'id' | 'addedAt' | 'textLength' | 'origin' | 'fileName' | 'corpusVersion' | 'pageMap'> {
  file: string;
}

export interface CorpusDocument {
  meta: DocumentMeta;
  text: string;
}

/** The bundled documents as stored records, ids computed the way the app computes them. */
export function loadCorpus(): CorpusDocument[] {
  const manifest = JSON.parse(readFileSync(resolve(DOCUMENTS_DIR, 'manifest.json'), 'utf8')) as { corpusVersion: number; documents: ManifestEntry[] };
  return manifest.documents.map(({ file, ...entry }) => {
    const raw = readFileSync(resolve(DOCUMENTS_DIR, file), 'utf8');
    const text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
    const meta: DocumentMeta = {
      ...entry,
      id: sha256Hex(text) as DocumentId,
      origin: 'bundled',
      fileName: file,
      corpusVersion: manifest.corpusVersion,
      addedAt: '2026-11-01T08:00:00.000Z',
      textLength: text.length,
      pageMap: null,
    };
    return { meta, text };
  });
}

/** Selectors for the first occurrence of `quote`; fails loudly if the corpus no longer holds it. */
export function selectorsFor(doc: CorpusDocument, quote: string): TextSelectors {
  const start = doc.text.indexOf(quote);
  if (start < 0) throw new Error(`The quote “${quote}” is not in ${doc.meta.fileName}`);
  return describeRange(doc.text, start, start + quote.length);
}

let counter = 0;

function annotationId(n: number): AnnotationId {
  return `a0000000-0000-4000-8000-${String(n).padStart(12, '0')}` as AnnotationId;
}

interface AnnotationSpec {
  color?: HighlightColor;
  note?: string;
  tags?: string[];
  field?: Partial<FieldTag> & { fieldKey: string; value: FieldValue | null };
  deleted?: boolean;
}

export function annotate(doc: CorpusDocument, target: TextSelectors | null, spec: AnnotationSpec = {}): Annotation {
  counter += 1;
  const minute = String(counter).padStart(2, '0');
  return {
    id: annotationId(counter),
    documentId: doc.meta.id,
    target,
    color: spec.color ?? 'yellow',
    note: spec.note ?? '',
    tags: spec.tags ?? [],
    field: spec.field
      ? { schemaId: `${DEFAULT_SCHEMA.id}@${DEFAULT_SCHEMA.version}`, status: 'parsed', reason: null, qualifier: null, ...spec.field }
      : null,
    creator: CREATOR,
    createdAt: `2026-11-20T09:${minute}:00.000Z`,
    modifiedAt: `2026-11-21T09:${minute}:00.000Z`,
    deletedAt: spec.deleted ? `2026-11-21T10:${minute}:00.000Z` : null,
  };
}

export interface Review {
  corpus: CorpusDocument[];
  input: ExportInput;
  /** The documents by file-name prefix ("001" for the juvenile dermatomyositis case report). */
  doc: (prefix: string) => CorpusDocument;
}

/** The fixed review every golden file is made from. */
export function buildReview(): Review {
  counter = 0;
  const corpus = loadCorpus();
  const doc = (prefix: string): CorpusDocument => {
    const found = corpus.find((d) => d.meta.fileName.startsWith(prefix));
    if (!found) throw new Error(`No bundled document ${prefix}`);
    return found;
  };
  const jdm = doc('001');
  const mg = doc('004');
  const news = doc('000');

  const staleTarget = selectorsFor(jdm, 'eight months after a single infusion');
  // The quote as it was recorded against an earlier version of the text: it no longer stands there.
  staleTarget.quote.exact = 'ten months after a single infusion';

  const annotations: Annotation[] = [
    annotate(jdm, selectorsFor(jdm, '1 × 106 CAR T cells/kg'), {
      color: 'purple',
      field: {
        fieldKey: 'dose',
        value: { type: 'quantity', value: 1_000_000, unit: 'cells/kg', mantissa: 1, exponent: 6 },
        status: 'needs-confirmation',
        reason: '“106” read as 10⁶: a superscript flattened by scraping',
      },
    }),
    annotate(jdm, selectorsFor(jdm, 'neutropenia (grade 4)'), {
      color: 'red',
      field: { fieldKey: 'cytopenias', value: { type: 'grade', scale: 'CTCAE', grade: 4, bound: 'exact' }, qualifier: 'neutropenia' },
    }),
    annotate(jdm, selectorsFor(jdm, 'transient anemia (grade 2)'), {
      color: 'red',
      field: { fieldKey: 'cytopenias', value: { type: 'grade', scale: 'CTCAE', grade: 2, bound: 'exact' }, qualifier: 'anemia' },
    }),
    annotate(jdm, selectorsFor(jdm, 'mild cytokine release syndrome (grade 1)'), {
      color: 'red',
      note: 'Fever only; no tocilizumab mentioned.\nCheck the full text for ICANS.',
      tags: ['safety', 'CRS'],
      field: {
        fieldKey: 'crs_grade',
        value: { type: 'grade', scale: 'ASTCT-CRS', grade: 1, bound: 'exact' },
        review: { state: 'confirmed', by: REVIEWER_ID, at: '2026-11-21T09:45:00.000Z' },
      },
    }),
    annotate(jdm, selectorsFor(jdm, 'Complete B cell depletion was documented on day 5 in the blood'), {
      color: 'green',
      field: { fieldKey: 'b_cell_depletion', value: { type: 'text', text: 'Complete depletion by day 5' }, qualifier: 'blood' },
    }),
    annotate(jdm, staleTarget, {
      color: 'green',
      field: { fieldKey: 'follow_up', value: { type: 'duration', value: 10, unit: 'months' } },
    }),
    annotate(jdm, null, {
      field: { fieldKey: 'patients_n', value: { type: 'count', count: 1 }, status: 'manual' },
      note: 'Single patient; stated in the title.',
    }),
    annotate(jdm, selectorsFor(jdm, 'CAR T cells expanded significantly (peak at day 7, 32.69 cells/μL)'), {
      color: 'green',
      field: { fieldKey: 'peak_expansion_day', value: { type: 'duration', value: 7, unit: 'days' } },
    }),
    annotate(jdm, selectorsFor(jdm, 'achieved sustained B cell depletion'), {
      color: 'yellow',
      note: 'Primary result: *sustained* depletion — see [ref 1] & <Table 2>.\n# not a heading\n> not a quote\n1. not a list',
      tags: ['efficacy', 'key finding'],
    }),
    annotate(jdm, selectorsFor(jdm, 'refractory to multiple immunosuppressive treatment lines'), { color: 'blue', tags: ['population'] }),
    annotate(jdm, selectorsFor(jdm, 'Neither infection nor neurotoxicity were observed'), {
      color: 'red',
      note: 'Deleted: duplicate of the safety tag.',
      deleted: true,
    }),
    annotate(mg, selectorsFor(mg, '52.5 × 106 CAR+ cells/kg'), {
      color: 'purple',
      field: {
        fieldKey: 'dose',
        value: { type: 'quantity', value: 52_500_000, unit: 'cells/kg', mantissa: 52.5, exponent: 6 },
        status: 'needs-confirmation',
        reason: '“106” read as 10⁶: a superscript flattened by scraping',
        qualifier: 'per infusion',
      },
    }),
    annotate(mg, selectorsFor(mg, 'Five out of seven participants maintained the response at Month 12'), {
      color: 'green',
      field: { fieldKey: 'responders', value: { type: 'count-of-total', n: 5, total: 7 }, qualifier: 'Month 12' },
    }),
    annotate(mg, selectorsFor(mg, 'NCT04146051'), {
      color: 'orange',
      field: { fieldKey: 'registration_id', value: { type: 'text', text: 'NCT04146051' } },
    }),
    annotate(mg, selectorsFor(mg, 'BCMA-directed RNA chimeric antigen receptor T-cell'), {
      color: 'purple',
      field: { fieldKey: 'target_antigen', value: { type: 'single-choice', option: 'bcma' }, status: 'manual' },
    }),
    annotate(mg, selectorsFor(mg, 'refractory generalized myasthenia gravis (MG)'), { color: 'blue' }),
    annotate(news, selectorsFor(news, 'with a treatment cost of more than $450,000 per dose'), {
      color: 'magenta',
      note: 'Cost for autoimmune indications?',
      tags: ['cost'],
    }),
  ];

  const statuses: ReviewStatus[] = [
    { documentId: jdm.meta.id, status: 'in-progress', updatedAt: '2026-11-21T09:30:00.000Z' },
    {
      documentId: mg.meta.id,
      status: 'done',
      updatedAt: '2026-11-21T11:00:00.000Z',
      override: { missingRequired: [{ key: 'crs_grade', label: 'CRS grade' }], reason: 'Safety reported only in the full text.', by: REVIEWER_ID, at: '2026-11-21T11:00:00.000Z' },
    },
  ];
  const texts: DocumentText[] = corpus.map((d) => ({ id: d.meta.id, text: d.text }));
  return {
    corpus,
    doc,
    input: {
      documents: corpus.map((d) => d.meta),
      texts,
      annotations,
      statuses,
      schema: DEFAULT_SCHEMA,
      colorMeanings: DEFAULT_COLOR_MEANINGS,
      generatedAt: GENERATED_AT,
      reviewers: new Map([[REVIEWER_ID, 'Ana Ruiz']]),
    },
  };
}
