// @vitest-environment node
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  backupChecksum,
  canonicalJson,
  createBackup,
  mergeBackup,
  readBackup,
} from '@shared/export/backup';
import type { BackupData } from '@shared/export/backup';
import { sha256Hex } from '@shared/hash';
import { DOCUMENT_TYPES, HIGHLIGHT_COLORS, REVIEW_STATUSES, VALUE_REVIEW_STATES } from '@shared/model';
import type { Annotation, AnnotationId, DocumentId, DocumentMeta, ReviewerId, StoredSchema } from '@shared/model';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { DURATION_UNITS, GRADE_SCALES } from '@shared/fields/types';
import type { FieldValue } from '@shared/fields/types';

const NOW = '2026-11-22T09:30:00.000Z';

// Any text, including lone surrogates, astral characters and combining marks.
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }));
const isoTime = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) })
  .map((ms) => new Date(ms).toISOString());
// JSON has no -0: a backup, like IndexedDB's JSON export, writes it as 0, so numbers here avoid it.
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x));
const nullable = <T,>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const fieldValue: fc.Arbitrary<FieldValue> = fc.oneof(
  fc.record({ type: fc.constant('text' as const), text: anyText }),
  fc.record({ type: fc.constant('count' as const), count: finite }),
  fc.record({ type: fc.constant('count-of-total' as const), n: finite, total: finite }),
  fc.record({ type: fc.constant('number' as const), value: finite }),
  fc.record({
    type: fc.constant('quantity' as const),
    value: finite,
    unit: anyText,
    mantissa: nullable(finite),
    exponent: nullable(fc.integer({ min: -30, max: 30 })),
  }),
  fc.record({ type: fc.constant('range' as const), low: finite, high: finite, unit: nullable(anyText) }),
  fc.record({ type: fc.constant('duration' as const), value: finite, unit: fc.constantFrom(...DURATION_UNITS) }),
  fc.record({
    type: fc.constant('grade' as const),
    scale: fc.constantFrom(...GRADE_SCALES),
    grade: fc.integer({ min: 0, max: 5 }),
    bound: fc.constantFrom('exact' as const, 'at-most' as const, 'absent' as const),
  }),
  fc.record({ type: fc.constant('single-choice' as const), option: anyText }),
  fc.record({ type: fc.constant('multiple-choice' as const), options: fc.array(anyText, { maxLength: 3 }) }),
  fc.record({ type: fc.constant('yes-no' as const), answer: fc.constantFrom('yes' as const, 'no' as const, 'not-reported' as const) }),
  fc.record({ type: fc.constant('date' as const), date: fc.constantFrom('2024', '2024-10', '2024-10-31') }),
);

const documentArb = fc.record({ text: anyText, title: anyText, authors: fc.array(anyText, { maxLength: 3 }) }).chain(({ text, title, authors }) =>
  fc
    .record({
      journal: nullable(anyText),
      publishedDate: nullable(fc.constantFrom('2025', '2025-03', '2025-03-14')),
      doi: nullable(fc.constantFrom('10.1002/art.42933', '10.1016/j.medj.2025.100676')),
      pmid: nullable(fc.stringMatching(/^\d{1,9}$/)),
      trialRegistration: nullable(anyText),
      type: fc.constantFrom(...DOCUMENT_TYPES),
      origin: fc.constantFrom('bundled' as const, 'imported' as const),
      fileName: anyText,
      corpusVersion: nullable(fc.integer({ min: 1, max: 9 })),
      addedAt: isoTime,
      pageMap: nullable(fc.array(fc.record({ page: fc.nat(500), start: fc.nat(), end: fc.nat() }), { maxLength: 3 })),
    })
    .map((rest) => ({
      meta: { id: sha256Hex(text) as DocumentId, title, authors, textLength: text.length, ...rest } satisfies DocumentMeta,
      text,
    })),
);

function annotationArb(documentIds: DocumentId[]): fc.Arbitrary<Annotation> {
  return fc.record({
    id: fc.uuid().map((id) => id as AnnotationId),
    documentId: fc.constantFrom(...documentIds),
    target: nullable(
      fc.record({ start: fc.nat(10_000), length: fc.nat(500), exact: anyText, prefix: anyText, suffix: anyText }).map(
        ({ start, length, exact, prefix, suffix }) => ({
          position: { type: 'TextPositionSelector' as const, start, end: start + length },
          quote: { type: 'TextQuoteSelector' as const, exact, prefix, suffix },
        }),
      ),
    ),
    color: fc.constantFrom(...HIGHLIGHT_COLORS),
    note: anyText,
    tags: fc.array(anyText, { maxLength: 4 }),
    field: nullable(
      fc.record({
        fieldKey: fc.string({ minLength: 1, maxLength: 12 }),
        schemaId: anyText,
        value: nullable(fieldValue),
        status: fc.constantFrom('parsed' as const, 'needs-confirmation' as const, 'manual' as const),
        reason: nullable(anyText),
        qualifier: nullable(anyText),
        // Issue 10's members: a backup that dropped them would lose who confirmed what.
        review: fc.record(
          {
            state: fc.constantFrom(...VALUE_REVIEW_STATES),
            by: nullable(fc.string({ minLength: 1, maxLength: 12 }).map((id) => id as ReviewerId)),
            at: nullable(isoTime),
            reason: nullable(anyText),
          },
          { requiredKeys: ['state', 'by', 'at'] },
        ),
        machineReading: fc.record({ value: nullable(fieldValue), reason: nullable(anyText) }),
        instance: nullable(anyText),
      }, { requiredKeys: ['fieldKey', 'schemaId', 'value', 'status', 'reason', 'qualifier'] }),
    ),
    creator: anyText,
    createdAt: isoTime,
    modifiedAt: isoTime,
    deletedAt: nullable(isoTime),
  });
}

/** Stored schemas are valid schemas (they were checked on import): variants of the default one. */
const storedSchemaArb: fc.Arbitrary<StoredSchema> = fc
  .record({
    id: fc.stringMatching(/^[a-z0-9]{1,8}(?:-[a-z0-9]{1,8}){0,2}$/),
    version: fc.integer({ min: 1, max: 50 }),
    title: anyText.filter((t) => t.length > 0 && t === t.trim()),
    description: anyText,
    sectionCount: fc.integer({ min: 1, max: DEFAULT_SCHEMA.sections.length }),
    active: fc.boolean(),
    importedAt: isoTime,
  })
  .map(({ id, version, title, description, sectionCount, active, importedAt }) => ({
    key: `${id}@${version}`,
    schema: { ...DEFAULT_SCHEMA, id, version, title, description, sections: DEFAULT_SCHEMA.sections.slice(0, sectionCount) },
    active,
    importedAt,
  }));

/** JSON values as a setting holds them: what survives JSON (no -0, no undefined). */
const settingValue = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);

const backupDataArb: fc.Arbitrary<BackupData> = fc
  .uniqueArray(documentArb, { selector: (d) => d.meta.id, minLength: 1, maxLength: 4 })
  .chain((docs) => {
    const ids = docs.map((d) => d.meta.id);
    return fc
      .record({
        annotations: fc.uniqueArray(annotationArb(ids), { selector: (a) => a.id, maxLength: 6 }),
        statuses: fc.subarray(ids).chain((subset) =>
          fc.tuple(
            ...subset.map((documentId) =>
              fc.record(
                {
                  documentId: fc.constant(documentId),
                  status: fc.constantFrom(...REVIEW_STATUSES),
                  updatedAt: isoTime,
                  override: fc.record({
                    missingRequired: fc.array(fc.record({ key: fc.string({ minLength: 1, maxLength: 8 }), label: anyText }), { maxLength: 3 }),
                    reason: anyText,
                    by: nullable(fc.string({ minLength: 1, maxLength: 12 }).map((id) => id as ReviewerId)),
                    at: isoTime,
                  }),
                },
                { requiredKeys: ['documentId', 'status', 'updatedAt'] },
              ),
            ),
          ),
        ),
        schemas: fc.uniqueArray(storedSchemaArb, { selector: (s) => s.key, maxLength: 2 }),
        settings: fc.uniqueArray(fc.record({ key: fc.string({ minLength: 1, maxLength: 12 }), value: settingValue }), { selector: (s) => s.key, maxLength: 4 }),
      })
      .map((rest) => ({ documents: docs.map((d) => d.meta), texts: docs.map((d) => ({ id: d.meta.id, text: d.text })), ...rest }));
  })
  // fast-check sometimes builds null-prototype objects; the database hands out plain ones.
  .map((data) => structuredClone(data));

function sampleData(): BackupData {
  const text = 'The patient received 1 × 10⁶ CAR T cells/kg. Sjögren’s disease was excluded.';
  const id = sha256Hex(text) as DocumentId;
  const annotation: Annotation = {
    id: 'a1' as AnnotationId,
    documentId: id,
    target: {
      position: { type: 'TextPositionSelector', start: 21, end: 44 },
      quote: { type: 'TextQuoteSelector', exact: text.slice(21, 44), prefix: text.slice(0, 21), suffix: text.slice(44, 76) },
    },
    color: 'yellow',
    note: 'dose ✓',
    tags: ['dose'],
    field: null,
    creator: 'R',
    createdAt: '2026-01-01T00:00:00.000Z',
    modifiedAt: '2026-01-02T00:00:00.000Z',
    deletedAt: null,
  };
  return {
    documents: [
      {
        id,
        title: 'A case',
        authors: ['A. Author'],
        journal: null,
        publishedDate: '2025',
        doi: null,
        pmid: null,
        trialRegistration: null,
        type: 'case-report',
        origin: 'imported',
        fileName: 'case.txt',
        corpusVersion: null,
        addedAt: '2026-01-01T00:00:00.000Z',
        textLength: text.length,
        pageMap: null,
      },
    ],
    texts: [{ id, text }],
    annotations: [annotation, { ...annotation, id: 'a2' as AnnotationId, deletedAt: '2026-01-03T00:00:00.000Z' }],
    statuses: [{ documentId: id, status: 'in-progress', updatedAt: '2026-01-02T00:00:00.000Z' }],
    schemas: [],
    settings: [{ key: 'reviewerName', value: 'Dr Ünal' }],
  };
}

/** Re-serializes an edited backup with its checksum recomputed, as a careful forger would. */
function reseal(file: string, edit: (backup: { data: BackupData; counts: Record<string, number> }) => void): string {
  const backup = JSON.parse(file) as { data: BackupData; counts: Record<string, number>; checksum: string };
  edit(backup);
  backup.checksum = backupChecksum(backup.data);
  return JSON.stringify(backup);
}

describe('createBackup / readBackup', () => {
  it('gives back identical data for arbitrary records', () => {
    fc.assert(
      fc.property(backupDataArb, (data) => {
        const result = readBackup(createBackup(data, NOW));
        if (!result.ok) throw new Error(result.reason);
        expect(result.backup.data).toStrictEqual(data);
        expect(result.backup.createdAt).toBe(NOW);
        expect(result.summary).toEqual({
          documents: data.documents.length,
          texts: data.texts.length,
          annotations: data.annotations.length,
          statuses: data.statuses.length,
          schemas: data.schemas.length,
          settings: data.settings.length,
        });
      }),
      { numRuns: 150 },
    );
  });

  it('writes a versioned envelope whose checksum is the SHA-256 of the canonical data', () => {
    const data = sampleData();
    const file = JSON.parse(createBackup(data, NOW)) as Record<string, unknown>;
    expect(file.format).toBe('margin-backup');
    expect(file.version).toBe(1);
    expect(file.createdAt).toBe(NOW);
    expect(file.counts).toEqual({ documents: 1, texts: 1, annotations: 2, statuses: 1, schemas: 0, settings: 1 });
    expect(file.checksum).toBe(`sha256:${sha256Hex(canonicalJson(data))}`);
  });

  it('restores a text with a lone surrogate under its id, and under the id it had before surrogates were told apart', () => {
    const text = 'Broken PDF text \uD835 here';
    for (const id of [sha256Hex(text), sha256Hex(text.replace('\uD835', '\uFFFD'))]) {
      const base = sampleData();
      const data: BackupData = {
        ...base,
        documents: [{ ...base.documents[0]!, id: id as DocumentId, textLength: text.length }],
        texts: [{ id: id as DocumentId, text }],
        annotations: [],
        statuses: [],
      };
      const result = readBackup(createBackup(data, NOW));
      expect(result.ok, result.ok ? '' : result.reason).toBe(true);
    }
    // A well-formed text under another text's id is still refused.
    const base = sampleData();
    const forged = reseal(createBackup(base, NOW), (backup) => {
      backup.data.texts[0]!.text = 'The patient received 1 × 10⁷ CAR T cells/kg. Sjögren’s disease was excluded.';
    });
    expect(readBackup(forged)).toMatchObject({ ok: false, reason: expect.stringContaining('does not match its id') });
  });

  it('keeps a setting whose value has a "__proto__" key as a plain key', () => {
    const data = { ...sampleData(), settings: [{ key: 'odd', value: JSON.parse('{"__proto__":{"polluted":true},"b":2}') as unknown }] };
    const result = readBackup(createBackup(data, NOW));
    expect(result.ok && result.backup.data.settings).toStrictEqual(data.settings);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('keeps tombstones', () => {
    const result = readBackup(createBackup(sampleData(), NOW));
    expect(result.ok && result.backup.data.annotations.filter((a) => a.deletedAt !== null)).toHaveLength(1);
  });

  it('canonical JSON does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'é' } })).toBe(canonicalJson({ a: { c: 'é', d: [1, { x: 1, y: 2 }] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('refuses a backup cut short anywhere', () => {
    const file = createBackup(sampleData(), NOW);
    const lastBrace = file.lastIndexOf('}');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: lastBrace }), (cut) => {
        const result = readBackup(file.slice(0, cut));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
    const cutInside = readBackup(file.slice(0, Math.floor(file.length / 2)));
    expect(cutInside).toEqual({ ok: false, reason: expect.stringMatching(/incomplete/) });
  });

  it('refuses a changed character in the data', () => {
    const file = createBackup(sampleData(), NOW);
    const tampered = file.replace('dose ✓', 'dose ✗');
    expect(tampered).not.toBe(file);
    expect(readBackup(tampered)).toEqual({ ok: false, reason: expect.stringMatching(/checksum/) });
    // Any single changed character inside the data section is caught.
    const start = file.indexOf('"data"');
    fc.assert(
      fc.property(fc.integer({ min: start + 10, max: file.length - 10 }), (at) => {
        const ch = file[at]!;
        if (!/[a-zA-Z0-9]/.test(ch)) return;
        const other = ch === 'a' ? 'b' : 'a';
        expect(readBackup(file.slice(0, at) + other + file.slice(at + 1)).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses changed counts', () => {
    const backup = JSON.parse(createBackup(sampleData(), NOW)) as { counts: { annotations: number } };
    backup.counts.annotations = 3;
    expect(readBackup(JSON.stringify(backup))).toEqual({ ok: false, reason: expect.stringMatching(/says it holds 3 annotations but holds 2/) });
  });

  it('refuses foreign files, other versions, and non-JSON', () => {
    expect(readBackup('')).toEqual({ ok: false, reason: expect.stringMatching(/empty/) });
    expect(readBackup('id,title\n1,x')).toEqual({ ok: false, reason: expect.stringMatching(/not JSON/) });
    expect(readBackup('[1,2]')).toEqual({ ok: false, reason: expect.stringMatching(/not a Margin backup/) });
    expect(readBackup('{"format":"zotero-export","version":1}')).toEqual({ ok: false, reason: expect.stringMatching(/“zotero-export”/) });
    const file = JSON.parse(createBackup(sampleData(), NOW)) as { version: number };
    expect(readBackup(JSON.stringify({ ...file, version: 2 }))).toEqual({ ok: false, reason: expect.stringMatching(/newer Margin/) });
    expect(readBackup(JSON.stringify({ ...file, version: 0 }))).toEqual({ ok: false, reason: expect.stringMatching(/not supported/) });
    expect(readBackup(JSON.stringify({ ...file, version: '1' }))).toEqual({ ok: false, reason: expect.stringMatching(/version/) });
  });

  it('reads a backup with a byte-order mark', () => {
    expect(readBackup(`\uFEFF${createBackup(sampleData(), NOW)}`).ok).toBe(true);
  });

  it('refuses a text that does not hash to its document id, even with a recomputed checksum', () => {
    const file = reseal(createBackup(sampleData(), NOW), (b) => {
      b.data.texts[0]!.text += ' (edited)';
    });
    expect(readBackup(file)).toEqual({ ok: false, reason: expect.stringMatching(/does not match its id/) });
  });

  it('refuses annotations and statuses pointing at missing documents', () => {
    const stray = 'f'.repeat(64) as DocumentId;
    const annotationFile = reseal(createBackup(sampleData(), NOW), (b) => {
      b.data.annotations[0]!.documentId = stray;
    });
    expect(readBackup(annotationFile)).toEqual({ ok: false, reason: expect.stringMatching(/annotation points at a document/) });
    const statusFile = reseal(createBackup(sampleData(), NOW), (b) => {
      b.data.statuses[0]!.documentId = stray;
    });
    expect(readBackup(statusFile)).toEqual({ ok: false, reason: expect.stringMatching(/review status belongs/) });
  });

  it('refuses records of the wrong shape, naming the property', () => {
    const file = reseal(createBackup(sampleData(), NOW), (b) => {
      (b.data.annotations[0] as unknown as { color: string }).color = 'chartreuse';
    });
    expect(readBackup(file)).toEqual({ ok: false, reason: expect.stringMatching(/annotations\.0\.color/) });
  });

  it('refuses duplicate ids', () => {
    const file = reseal(createBackup(sampleData(), NOW), (b) => {
      b.data.annotations[1]!.id = b.data.annotations[0]!.id;
    });
    expect(readBackup(file)).toEqual({ ok: false, reason: expect.stringMatching(/annotation a1 twice/) });
  });
});

describe('mergeBackup', () => {
  const base = sampleData();
  const older = base.annotations[0]!;
  const newer: Annotation = { ...older, note: 'edited later', modifiedAt: '2026-02-01T00:00:00.000Z' };

  it('keeps the newer annotation, from either side', () => {
    const current = { ...base, annotations: [older] };
    const incoming = { ...base, annotations: [newer] };
    expect(mergeBackup(current, incoming).annotations).toEqual([newer]);
    expect(mergeBackup(incoming, current).annotations).toEqual([newer]);
  });

  it('adds absent documents, texts and annotations and keeps present ones', () => {
    const text = 'Another text';
    const id = sha256Hex(text) as DocumentId;
    const extraDoc = { ...base.documents[0]!, id, title: 'Other' };
    const extraAnnotation = { ...older, id: 'a9' as AnnotationId, documentId: id };
    const incoming: BackupData = {
      ...base,
      documents: [{ ...base.documents[0]!, title: 'Renamed in the backup' }, extraDoc],
      texts: [...base.texts, { id, text }],
      annotations: [extraAnnotation],
    };
    const merged = mergeBackup(base, incoming);
    expect(merged.documents.map((d) => d.title)).toEqual(['A case', 'Other']);
    expect(merged.texts).toHaveLength(2);
    expect(merged.annotations.map((a) => a.id)).toEqual(['a1', 'a2', 'a9']);
  });

  it('takes the newer status and the incoming settings', () => {
    const status = base.statuses[0]!;
    const incoming: BackupData = {
      ...base,
      statuses: [{ ...status, status: 'done', updatedAt: '2026-03-01T00:00:00.000Z' }],
      settings: [{ key: 'reviewerName', value: 'Someone else' }, { key: 'colorMeanings', value: { red: 'Harm' } }],
    };
    const merged = mergeBackup(base, incoming);
    expect(merged.statuses[0]!.status).toBe('done');
    expect(merged.settings).toEqual(incoming.settings);
    const staleIncoming = { ...base, statuses: [{ ...status, status: 'done' as const, updatedAt: '2025-01-01T00:00:00.000Z' }] };
    expect(mergeBackup(base, staleIncoming).statuses[0]!.status).toBe('in-progress');
  });

  it('keeps a single active schema', () => {
    const schema = (key: string, active: boolean): StoredSchema => ({
      key,
      active,
      importedAt: NOW,
      schema: { ...DEFAULT_SCHEMA, id: key.split('@')[0]!, version: Number(key.split('@')[1]) },
    });
    const merged = mergeBackup({ ...base, schemas: [schema('s@1', true)] }, { ...base, schemas: [schema('s@1', false), schema('s@2', true)] });
    expect(merged.schemas.filter((s) => s.active).map((s) => s.key)).toEqual(['s@1']);
    expect(merged.schemas).toHaveLength(2);
    const mergedIntoEmpty = mergeBackup({ ...base, schemas: [] }, { ...base, schemas: [schema('s@2', true)] });
    expect(mergedIntoEmpty.schemas[0]!.active).toBe(true);
  });

  it('gives a merged result that is itself a valid backup', () => {
    const merged = mergeBackup(base, { ...base, annotations: [newer] });
    expect(readBackup(createBackup(merged, NOW)).ok).toBe(true);
  });
});
