// The imported record: metadata enters display-safe, the text stays exactly as read.
import { describe, expect, it } from 'vitest';
import { importedDocument } from '@shared/import/incoming';

describe('importedDocument', () => {
  it('strips overrides, zero-width and control characters from every metadata field, not from the text', () => {
    const text = 'Body with a \u200Bzero-width space that offsets point past.';
    const doc = importedDocument('scan\u202Efdp.exe', text, {
      title: '\u202ECAR-T in lupus\u200B',
      authors: ['Ann\u200B Smith', '\u200B', 'Bo\u2066b\u2069 Lee'],
      journal: 'Lan\u00ADcet\n',
      doi: '10.1000/\u200Bxyz',
      pmid: '\uFEFF123',
      trialRegistration: 'NCT\u200D0001',
      publishedDate: '2024-01-02',
    });
    expect(doc.text).toBe(text);
    expect(doc.meta).toMatchObject({
      title: 'CAR-T in lupus',
      authors: ['Ann Smith', 'Bob Lee'],
      journal: 'Lancet',
      doi: '10.1000/xyz',
      pmid: '123',
      trialRegistration: 'NCT0001',
      publishedDate: '2024-01-02',
      fileName: 'scanfdp.exe',
    });
  });

  it('falls back to the file name when the title was nothing but hidden characters', () => {
    expect(importedDocument('Smith 2024.pdf', 'x', { title: '\u200B\u202E\u2066' }).meta.title).toBe('Smith 2024');
  });
});
