// Reads RIS, the tagged format every reference manager and database exports ("TY  - JOUR" …
// "ER  - "): one document per record, its text the title and abstract, as for a PubMed export.
// Linear in the file and never throws: a damaged line is skipped, a file without records is refused.
import { parsePubmedDate } from './dates';
import { personName } from './incoming';
import { documentTypeFromPublicationTypes, findTrialRegistration, normalizeDoi } from './metadata';
import { hasContent, pubmedRecordToDocument, splitAbstract } from './pubmed-record';
import { normalizeNewlines } from './text';
import type { ImportResult, PubmedRecord } from './types';

export const NO_RIS_RECORDS_REASON = 'This RIS file holds no record with a title or an abstract (each record starts with "TY  - ").';

type Fields = Map<string, string[]>;

/** "TY  - JOUR": two characters, two spaces, a dash; some exporters drop the space after the dash. */
const TAG_LINE = /^([A-Z][A-Z0-9]) {2}-(?: (.*))?$/;

/** True when a text starts like RIS (after a byte-order mark and blank lines). */
export function looksLikeRis(text: string): boolean {
  return /^\uFEFF?\s*TY {2}- ?\S/.test(text);
}

function readRecords(text: string): Fields[] {
  const records: Fields[] = [];
  let fields: Fields | null = null;
  let last: { values: string[]; index: number } | null = null;
  for (const line of normalizeNewlines(text).replace(/^\uFEFF/, '').split('\n')) {
    const match = TAG_LINE.exec(line.trimEnd());
    if (match === null) {
      // A line without a tag continues the field above it (abstracts wrapped by some exporters).
      const more = line.trim();
      if (last !== null && more.length > 0) last.values[last.index] = `${last.values[last.index]} ${more}`;
      continue;
    }
    const tag = match[1]!;
    const value = (match[2] ?? '').trim();
    if (tag === 'TY') {
      fields = new Map();
      records.push(fields);
    }
    if (fields === null) continue;
    if (tag === 'ER') {
      fields = null;
      last = null;
      continue;
    }
    const values = fields.get(tag) ?? [];
    values.push(value);
    fields.set(tag, values);
    last = { values, index: values.length - 1 };
  }
  return records;
}

function first(fields: Fields, ...tags: string[]): string | null {
  for (const tag of tags) {
    const value = fields.get(tag)?.find((v) => v.length > 0);
    if (value !== undefined) return value;
  }
  return null;
}

function all(fields: Fields, ...tags: string[]): string[] {
  return tags.flatMap((tag) => fields.get(tag) ?? []).filter((v) => v.length > 0);
}

/** "2024/10/15/", "2024///", "2024/10" or "2024": as precise as it says. */
function risDate(fields: Fields): string | null {
  for (const raw of [first(fields, 'DA'), first(fields, 'PY', 'Y1')]) {
    if (raw === null) continue;
    const match = /^(\d{4})(?:[/-](\d{1,2})?(?:[/-](\d{1,2})?)?)?/.exec(raw);
    if (match === null) continue;
    const [, year, month, day] = match;
    const iso = parsePubmedDate([year, month, day].filter((part) => part !== undefined && part.length > 0).join(' '));
    if (iso !== null) return iso;
  }
  return null;
}

/** PubMed's own RIS puts the PMID in AN (or as "PMID: …" in a note); other databases' accession numbers are not PMIDs. */
function risPmid(fields: Fields): string | null {
  const database = (first(fields, 'DB', 'DP') ?? '').toLowerCase();
  const accession = first(fields, 'AN');
  if (accession !== null && /^\d{1,9}$/.test(accession) && /pubmed|medline|ncbi/.test(database)) return accession;
  for (const note of all(fields, 'N1', 'M2', 'C2')) {
    const match = /\bPMID:?\s*(\d{1,9})\b/i.exec(note);
    if (match) return match[1]!;
  }
  return null;
}

const RIS_TYPES = new Map([
  ['JOUR', []],
  ['NEWS', ['News']],
  ['MGZN', ['News']],
]);

function recordOf(fields: Fields): PubmedRecord {
  const abstract = first(fields, 'AB', 'N2') ?? '';
  const doiRaw = first(fields, 'DO', 'M3') ?? all(fields, 'UR', 'L3').find((url) => url.includes('10.')) ?? null;
  const keywords = all(fields, 'KW');
  return {
    pmid: risPmid(fields),
    title: first(fields, 'TI', 'T1', 'CT', 'BT') ?? '',
    abstract: splitAbstract(abstract),
    authors: all(fields, 'AU', 'A1').map(personName),
    journal: first(fields, 'T2', 'JF', 'JO', 'JA', 'J2'),
    publishedDate: risDate(fields),
    doi: doiRaw === null ? null : normalizeDoi(doiRaw),
    trialRegistration: findTrialRegistration([abstract, ...all(fields, 'N1')].join('\n')),
    // The RIS type says little (JOUR is every article); keywords such as "Case Reports" say more.
    publicationTypes: [...(RIS_TYPES.get(first(fields, 'TY') ?? '') ?? []), ...keywords.filter((k) => documentTypeFromPublicationTypes([k]) !== null)],
  };
}

/** The records of a RIS file as citations, for tests and for the duplicate check. */
export function risToRecords(text: string): PubmedRecord[] {
  return readRecords(text).map(recordOf).filter(hasContent);
}

export function parseRis(name: string, text: string): ImportResult {
  const records = risToRecords(text);
  if (records.length === 0) return { ok: false, reason: NO_RIS_RECORDS_REASON };
  return { ok: true, documents: records.map((record) => pubmedRecordToDocument(record, name)) };
}
