// Documents repository: storing incoming documents (bundled or imported) once, keyed by content
// hash, reading metadata and text back, and saving the reviewer's corrections to the metadata.
// Every write goes through the change funnel.
import { useLiveQuery } from 'dexie-react-hooks';
import { sha256Hex, sha256HexAsync } from '@shared/hash';
import { DOCUMENT_TYPES } from '@shared/model';
import type { DocumentId, DocumentMeta, DocumentOriginal, DocumentText, IncomingDocument, Setting } from '@shared/model';
import type { TextSource } from '@shared/text/text-source';
import { useDatabase } from './context';
import type { MarginDatabase } from './database';
import { mergeEdit } from '@shared/merge-edit';
import { runChange } from './funnel';
import { readText } from './text-cache';
import { listDocuments } from './document-list';

export interface UpsertReport {
  added: DocumentMeta[];
  alreadyPresent: DocumentMeta[];
  /** The id of each incoming document, in the order given. */
  ids: DocumentId[];
}

/** The identity of a text: the SHA-256 of its UTF-8 bytes. */
export function documentIdOf(text: string): DocumentId {
  return sha256Hex(text) as DocumentId;
}

export interface UpsertOptions {
  /** 'system' when Margin loads its bundled corpus; a reviewer's import otherwise. */
  actor?: 'reviewer' | 'system';
  label?: string;
  now?: string;
  /** Settings written in the same transaction, given the documents' ids (the bundled corpus's digest, so it is stored only with its documents). */
  settings?: (ids: readonly DocumentId[]) => Setting[];
  /**
   * The documents' ids, in order, where the caller already has them (the parse worker hashes each
   * text as it reads the file); each must be the SHA-256 of its document's text, as hashed here.
   */
  ids?: readonly (string | undefined)[];
}

/**
 * Adds the documents that are not stored yet, as one action: a second start adds nothing, a new
 * corpus version adds only its new documents, and nothing stored (annotations, statuses) is touched.
 */
export async function upsertDocuments(db: MarginDatabase, incoming: IncomingDocument[], options: UpsertOptions = {}): Promise<UpsertReport> {
  // Hashed before the transaction opens, by Web Crypto where the host has it (several times faster
  // than the pure version, and off this thread): awaiting it inside would let IndexedDB commit early.
  const prepared = await Promise.all(incoming.map(async (doc, i) => ({ doc, id: (options.ids?.[i] ?? (await sha256HexAsync(doc.text))) as DocumentId })));
  const system = options.actor === 'system';
  return runChange(
    db,
    {
      action: system ? 'corpus.load' : 'documents.import',
      label: options.label ?? (system ? 'load the bundled corpus' : 'import'),
      documentId: null,
      actor: options.actor,
      now: options.now,
      // One entry per added document, its text (by hash) and original in it: half the log's writes.
      documentEntries: true,
      // Loading the bundled corpus is not the reviewer's action, so it is not theirs to undo.
      ...(system ? { undo: { refused: 'The bundled corpus is part of Margin.' } } : {}),
    },
    async (writer) => {
      const report: UpsertReport = { added: [], alreadyPresent: [], ids: prepared.map((p) => p.id) };
      // The first of each text in the batch is a candidate; a text given twice is stored once.
      const first = new Map<string, { doc: IncomingDocument; meta: DocumentMeta }>();
      for (const { doc, id } of prepared) {
        if (!first.has(id)) first.set(id, { doc, meta: { ...doc.meta, id, addedAt: writer.now, textLength: doc.text.length } });
      }
      const candidates = [...first.values()];
      // Added without reading each key first (an import's documents are new nearly always); those
      // already stored are left exactly as they are and reported as present.
      const stored = await writer.addAbsent('documents', candidates.map((c) => c.meta));
      const present = new Map<string, DocumentMeta>();
      const texts: DocumentText[] = [];
      const originals: DocumentOriginal[] = [];
      candidates.forEach(({ doc, meta }, i) => {
        const already = stored[i];
        if (already !== undefined) return void present.set(meta.id, already);
        report.added.push(meta);
        texts.push({ id: meta.id, text: doc.text });
        if (doc.original !== undefined) originals.push({ ...doc.original, id: meta.id });
      });
      for (const { id } of prepared) {
        const already = present.get(id);
        if (already !== undefined) report.alreadyPresent.push(already);
      }
      // New records by their id being new (texts, originals): written without reading each key
      // first, which was a tenth of an import's time.
      await writer.addMany('texts', texts);
      await writer.addMany('originals', originals);
      if (options.settings) await writer.putMany('settings', options.settings(report.ids));
      return report;
    },
  );
}

/** All documents in library order (kept in ./document-list, which the first screen reads). */
export { listDocuments };

/** The bibliographic facts a reviewer may correct; the text and storage fields are not among them. */
export type EditableMeta = Pick<DocumentMeta, 'title' | 'authors' | 'journal' | 'publishedDate' | 'doi' | 'pmid' | 'trialRegistration' | 'type'>;
export type MetaErrors = Partial<Record<keyof EditableMeta, string>>;
export type MetaCheck = { ok: true; meta: EditableMeta } | { ok: false; errors: MetaErrors };

const LONGEST_TITLE = 500;
const LONGEST_FIELD = 300;

function optional(value: string | null): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed.length > 0 ? trimmed : null;
}

/** "2024", "2024-10" or "2024-10-31" with a real month and day. */
function isIsoDate(value: string): boolean {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!match) return false;
  const month = match[2] === undefined ? null : Number(match[2]);
  const day = match[3] === undefined ? null : Number(match[3]);
  if (month === null) return true;
  if (month < 1 || month > 12) return false;
  if (day === null) return true;
  // Day 0 of the next month is the last day of this one.
  const lastDay = new Date(Date.UTC(Number(match[1]), month, 0)).getUTCDate();
  return day >= 1 && day <= lastDay;
}

/**
 * Checks and tidies edited metadata: trims, turns blanks into "not known", accepts a DOI pasted as a
 * link or with "doi:" in front, and upper-cases a registration. Each problem is worded for its field.
 */
export function checkEditableMeta(input: EditableMeta): MetaCheck {
  const errors: MetaErrors = {};
  const title = input.title.trim().replace(/\s+/g, ' ');
  if (title.length === 0) errors.title = 'A title is needed.';
  else if (title.length > LONGEST_TITLE) errors.title = `At most ${LONGEST_TITLE} characters.`;

  const authors = input.authors.map((name) => name.trim().replace(/\s+/g, ' ')).filter((name) => name.length > 0);
  if (authors.some((name) => name.length > LONGEST_FIELD)) errors.authors = `Each name at most ${LONGEST_FIELD} characters.`;

  const journal = optional(input.journal);
  if (journal !== null && journal.length > LONGEST_FIELD) errors.journal = `At most ${LONGEST_FIELD} characters.`;

  const publishedDate = optional(input.publishedDate);
  if (publishedDate !== null && !isIsoDate(publishedDate)) errors.publishedDate = 'Use YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2024-10 or 2024-10-15.';

  const rawDoi = optional(input.doi)?.replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '') ?? null;
  if (rawDoi !== null && !/^10\.\d{4,9}\/\S+$/.test(rawDoi)) errors.doi = 'A DOI starts with 10., a registrant code and a slash, e.g. 10.1002/art.42933.';

  const pmid = optional(input.pmid);
  if (pmid !== null && !/^\d{1,9}$/.test(pmid)) errors.pmid = 'A PMID is digits only, e.g. 39086061.';

  const registration = optional(input.trialRegistration)?.toUpperCase() ?? null;
  if (registration !== null && registration.startsWith('NCT') && !/^NCT\d{8}$/.test(registration)) {
    errors.trialRegistration = 'A ClinicalTrials.gov number is NCT and 8 digits, e.g. NCT04561557.';
  } else if (registration !== null && (registration.length > 60 || /\s{2,}|[\n\t]/.test(registration))) {
    errors.trialRegistration = 'One registration number, e.g. NCT04561557 or ISRCTN12345678.';
  }

  if (!DOCUMENT_TYPES.includes(input.type)) errors.type = 'Choose a type from the list.';

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, meta: { title, authors, journal, publishedDate, doi: rawDoi, pmid, trialRegistration: registration, type: input.type } };
}

export type MetaUpdate =
  | { ok: true; before: DocumentMeta; after: DocumentMeta }
  | { ok: false; errors: MetaErrors }
  /** Fields changed elsewhere (another window or tab) since `base`, differently from this edit: nothing was saved. */
  | { ok: false; conflicts: (keyof EditableMeta)[]; current: DocumentMeta };

/**
 * Saves corrected metadata as one action and returns the record before and after. Invalid input
 * changes nothing. The text and its identity are never touched. With `base` (the record the form
 * opened with) only the fields the reviewer changed are written, so a field another window saved
 * meanwhile stays; a field both changed differently is a conflict and nothing is saved.
 */
export async function updateDocumentMeta(
  db: MarginDatabase,
  id: DocumentId,
  input: EditableMeta,
  options: { now?: string; base?: DocumentMeta } = {},
): Promise<MetaUpdate> {
  const checked = checkEditableMeta(input);
  if (!checked.ok) return checked;
  return runChange(db, { action: 'document.details', label: 'document details', documentId: id, now: options.now }, async (writer) => {
    const before = await writer.get<DocumentMeta>('documents', id);
    if (!before) throw new Error('That document is no longer in the library.');
    let changes: Partial<DocumentMeta> = checked.meta;
    if (options.base) {
      // The form's checks normalise what it saves (spaces, empty → null): compare like with like.
      const normal = (meta: DocumentMeta): EditableMeta => {
        const check = checkEditableMeta(meta);
        return check.ok ? check.meta : meta;
      };
      const merged = mergeEdit<EditableMeta>(normal(options.base), normal(before), checked.meta);
      if (merged.conflicts.length > 0) return { ok: false as const, conflicts: merged.conflicts, current: before };
      changes = merged.changes;
    }
    const after: DocumentMeta = { ...before, ...changes };
    await writer.put('documents', after);
    return { ok: true as const, before, after };
  });
}

/** Every stored document with its text, read in one transaction (for re-anchoring imported annotations). */
export async function listStoredTexts(db: MarginDatabase): Promise<{ meta: DocumentMeta; text: string }[]> {
  return db.transaction('r', db.documents, db.texts, async () => {
    const [documents, texts] = await Promise.all([db.documents.toArray(), db.texts.toArray()]);
    const byId = new Map(texts.map((t) => [t.id, t.text]));
    return documents.flatMap((meta) => {
      const body = byId.get(meta.id);
      return body === undefined ? [] : [{ meta, text: body }];
    });
  });
}

/** All documents in library order, live; undefined while they are being read. */
export function useDocuments(): DocumentMeta[] | undefined {
  const db = useDatabase();
  return useLiveQuery(() => listDocuments(db), [db]);
}

export type StoredDocument = { meta: DocumentMeta; text: TextSource };

/**
 * One document's metadata (live, so corrections show at once) and its text (read once: it never
 * changes). Undefined while reading or without an id, null when the document is not stored.
 */
export function useStoredDocument(documentId: DocumentId | null): StoredDocument | null | undefined {
  const db = useDatabase();
  return useLiveQuery(async (): Promise<StoredDocument | null | undefined> => {
    if (!documentId) return undefined;
    const meta = await db.documents.get(documentId);
    const text = meta ? await readText(db, documentId, meta.textLength) : undefined;
    return meta && text !== undefined ? { meta, text } : null;
  }, [db, documentId]);
}

/** One document's metadata alone, live; undefined while reading or when it is not stored. */
export function useDocumentMeta(documentId: DocumentId | null): DocumentMeta | undefined {
  const db = useDatabase();
  return useLiveQuery(async () => (documentId ? db.documents.get(documentId) : undefined), [db, documentId]);
}
