// Reads PubMed's MEDLINE export (.nbib, "Save → Format: PubMed"): tagged lines such as "TI  - …",
// continuation lines indented six spaces, records separated by blank lines; one document per record.
import { parsePubmedDate } from './dates';
import { personName } from './incoming';
import { findTrialRegistration, normalizeDoi } from './metadata';
import { hasContent, pubmedRecordToDocument, splitAbstract } from './pubmed-record';
import { normalizeNewlines } from './text';
import type { ImportResult, PubmedRecord } from './types';

type Fields = Map<string, string[]>;

/**
 * A tag line: a tag of two to four capitals or digits, padded with spaces to four characters, then
 * "- ". Requiring the dash in column five keeps an unindented "IL-6 levels" from reading as a tag.
 */
function readTag(line: string): { tag: string; value: string } | null {
  const match = /^([A-Z][A-Z0-9]{1,3}) *- ?(.*)$/.exec(line);
  if (match === null || line.indexOf('-') !== 4) return null;
  return { tag: match[1]!, value: match[2]!.trim() };
}

/** True when the text begins like a MEDLINE record, so a .txt export from PubMed is read as one. */
export function looksLikeMedline(text: string): boolean {
  return /^\uFEFF?\s*PMID- ?\d/.test(text);
}

function readRecords(text: string): Fields[] {
  const records: Fields[] = [];
  let fields: Fields | null = null;
  let last: { tag: string; index: number } | null = null;
  for (const line of normalizeNewlines(text).split('\n')) {
    if (line.trim().length === 0) {
      fields = null;
      last = null;
      continue;
    }
    const tagged = readTag(line);
    if (tagged === null) {
      // Continuation (indented six spaces, or a line broken by hand): belongs to the field above.
      if (fields !== null && last !== null) {
        const values = fields.get(last.tag)!;
        values[last.index] = `${values[last.index]} ${line.trim()}`;
      }
      continue;
    }
    if (fields === null || (tagged.tag === 'PMID' && fields.has('PMID'))) {
      fields = new Map();
      records.push(fields);
    }
    const values = fields.get(tagged.tag) ?? [];
    values.push(tagged.value);
    fields.set(tagged.tag, values);
    last = { tag: tagged.tag, index: values.length - 1 };
  }
  return records;
}

/** LID/AID values carry their kind in brackets: "10.1002/art.42933 [doi]". */
function doiOf(fields: Fields): string | null {
  for (const value of [...(fields.get('LID') ?? []), ...(fields.get('AID') ?? [])]) {
    if (/\[doi\]\s*$/i.test(value)) {
      const doi = normalizeDoi(value.replace(/\[doi\]\s*$/i, ''));
      if (doi !== null) return doi;
    }
  }
  return null;
}

function toRecord(fields: Fields): PubmedRecord {
  const first = (tag: string): string | null => fields.get(tag)?.[0]?.trim() || null;
  const fullNames = fields.get('FAU') ?? [];
  const authors = [...(fullNames.length > 0 ? fullNames.map(personName) : (fields.get('AU') ?? [])), ...(fields.get('CN') ?? [])]
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  const registration = (fields.get('SI') ?? []).map(findTrialRegistration).find((id) => id !== null) ?? null;
  const pmid = first('PMID');
  const date = first('DP');
  return {
    pmid: pmid !== null && /^\d{1,9}$/.test(pmid) ? pmid : null,
    title: first('TI') ?? first('BTI') ?? '',
    abstract: splitAbstract(first('AB') ?? ''),
    authors,
    journal: first('JT') ?? first('TA'),
    publishedDate: date === null ? null : parsePubmedDate(date),
    doi: doiOf(fields),
    trialRegistration: registration,
    publicationTypes: fields.get('PT') ?? [],
  };
}

export function parseMedlineRecords(text: string): PubmedRecord[] {
  return readRecords(text).map(toRecord).filter(hasContent);
}

export function parseMedline(name: string, text: string): ImportResult {
  const records = parseMedlineRecords(text);
  if (records.length === 0) {
    return {
      ok: false,
      reason: 'This file holds no PubMed records (no "PMID-", "TI  -" or "AB  -" lines were found); save it from PubMed with Format: PubMed.',
    };
  }
  return { ok: true, documents: records.map((record) => pubmedRecordToDocument(record, name)) };
}
