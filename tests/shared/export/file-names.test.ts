// @vitest-environment node
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EXPORT_KINDS, mimeTypeOf, slugify, suggestFileName } from '@shared/export/file-names';
import type { ExportKind } from '@shared/export/file-names';
import { saveRequestSchema } from '@shared/ipc';

const KINDS = Object.keys(EXPORT_KINDS) as ExportKind[];

function isSaveable(name: string): boolean {
  return saveRequestSchema.safeParse({ suggestedName: name, mimeType: 'text/plain', data: '' }).success;
}

describe('suggestFileName', () => {
  it.each([
    ['evidence-csv', undefined, 'margin-evidence-2026-11-22.csv'],
    ['values-csv', undefined, 'margin-values-2026-11-22.csv'],
    ['markdown', undefined, 'margin-summary-2026-11-22.md'],
    ['html', undefined, 'margin-report-2026-11-22.html'],
    ['pdf', undefined, 'margin-report-2026-11-22.pdf'],
    ['web-annotation', undefined, 'margin-annotations-2026-11-22.jsonld'],
    ['backup', undefined, 'margin-backup-2026-11-22.mbackup'],
    [
      'markdown',
      'mRNA CAR T Cell Therapy Receives FDA’s Rare Pediatric Designation',
      'margin-summary-mrna-car-t-cell-therapy-receives-fda-s-rare-pediatric-2026-11-22.md',
    ],
    ['html', 'Sjögren’s disease: a review', 'margin-report-sjogren-s-disease-a-review-2026-11-22.html'],
  ] as const)('%s for %s is %s', (kind, title, expected) => {
    expect(suggestFileName(kind, '2026-11-22', title)).toBe(expected);
  });

  it('leaves out a title with nothing usable and a date that is not YYYY-MM-DD', () => {
    expect(suggestFileName('markdown', '2026-11-22', '心肌炎')).toBe('margin-summary-2026-11-22.md');
    expect(suggestFileName('backup', '22/11/2026')).toBe('margin-backup.mbackup');
  });

  it('always gives a name the save contract accepts', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ maxLength: 20 }), (kind, title, date) => {
        const name = suggestFileName(kind, date, title);
        expect(isSaveable(name)).toBe(true);
        expect(name.endsWith(`.${EXPORT_KINDS[kind].extension}`)).toBe(true);
      }),
    );
  });
});

describe('slugify', () => {
  it('cuts long titles at a word boundary', () => {
    const slug = slugify(
      'CD19 CAR-T cell therapy in a pediatric patient with MDA5+ dermatomyositis and rapidly progressive interstitial lung disease',
    );
    expect(slug).toBe('cd19-car-t-cell-therapy-in-a-pediatric-patient-with-mda5');
    expect(slug.length).toBeLessThanOrEqual(60);
  });

  it('has no leading, trailing or doubled hyphens', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (title) => {
        const slug = slugify(title);
        expect(slug).toMatch(/^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$/);
      }),
    );
  });
});

describe('mimeTypeOf', () => {
  it('names the media type of each kind', () => {
    expect(mimeTypeOf('evidence-csv')).toBe('text/csv');
    expect(mimeTypeOf('web-annotation')).toBe('application/ld+json');
    expect(mimeTypeOf('html')).toBe('text/html');
  });
});

describe('file names for saving', () => {
  it('drop control characters and path separators from any title, and pass the save contract (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom(...(Object.keys(EXPORT_KINDS) as (keyof typeof EXPORT_KINDS)[])), (title, kind) => {
        const name = suggestFileName(kind, '2026-12-01', title);
        expect([...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)).toBe(false);
        expect(name).not.toMatch(/[/\\:*?"<>|]/);
        expect(saveRequestSchema.safeParse({ suggestedName: name, mimeType: mimeTypeOf(kind), data: 'x' }).success).toBe(true);
      }),
    );
  });

  it('drops a title made of control characters alone, keeping the plain name', () => {
    expect(suggestFileName('markdown', '2026-12-01', '\u0000\u0007\u001b[31m\r\n')).toBe('margin-summary-31m-2026-12-01.md');
    expect(suggestFileName('markdown', '2026-12-01', '\u0000\u0007\r\n')).toBe('margin-summary-2026-12-01.md');
  });
});
