// Documents repository: storing incoming documents (bundled or imported) once, keyed by content
// hash, and reading metadata and text back.
import { sha256Hex } from '@shared/hash';
import type { DocumentId, DocumentMeta, IncomingDocument } from '@shared/model';
import type { MarginDatabase } from './database';

export interface UpsertReport {
  added: DocumentMeta[];
  alreadyPresent: DocumentMeta[];
}

/** The identity of a text: the SHA-256 of its UTF-8 bytes. */
export function documentIdOf(text: string): DocumentId {
  return sha256Hex(text) as DocumentId;
}

/**
 * Adds the documents that are not stored yet, in one transaction: a second start adds nothing, a new
 * corpus version adds only its new documents, and nothing stored (annotations, statuses) is touched.
 */
export async function upsertDocuments(db: MarginDatabase, incoming: IncomingDocument[], now: string): Promise<UpsertReport> {
  const prepared = incoming.map((doc) => ({ doc, id: documentIdOf(doc.text) }));
  return db.transaction('rw', db.documents, db.texts, async () => {
    const existing = await db.documents.bulkGet(prepared.map((p) => p.id));
    const report: UpsertReport = { added: [], alreadyPresent: [] };
    const seen = new Set<string>();
    for (const [index, { doc, id }] of prepared.entries()) {
      const stored = existing[index];
      if (stored) {
        report.alreadyPresent.push(stored);
        continue;
      }
      if (seen.has(id)) continue;
      seen.add(id);
      const meta: DocumentMeta = { ...doc.meta, id, addedAt: now, textLength: doc.text.length };
      await db.documents.add(meta);
      await db.texts.add({ id, text: doc.text });
      report.added.push(meta);
    }
    return report;
  });
}

export async function getDocumentText(db: MarginDatabase, id: DocumentId): Promise<string | undefined> {
  return (await db.texts.get(id))?.text;
}

/** All documents in library order: bundled first by file name, then imports by when they came. */
export async function listDocuments(db: MarginDatabase): Promise<DocumentMeta[]> {
  const all = await db.documents.toArray();
  return all.sort((a, b) =>
    a.origin !== b.origin ? (a.origin === 'bundled' ? -1 : 1) : a.origin === 'bundled' ? a.fileName.localeCompare(b.fileName) : a.addedAt.localeCompare(b.addedAt),
  );
}
