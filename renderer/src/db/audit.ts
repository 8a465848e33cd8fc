// Reading the audit log: a document's history for the History view, the whole log for export, and
// its verification. The log is written only by the change funnel.
import { useLiveQuery } from 'dexie-react-hooks';
import { verifyAuditLog } from '@shared/audit/chain';
import type { AuditVerification } from '@shared/audit/chain';
import type { AuditEntry, DocumentId } from '@shared/model';
import { useDatabase } from './context';
import type { MarginDatabase } from './database';
import { sha256HexDigest } from './digest';

/** Every entry, chain by chain in order: what the JSON Lines export writes. */
export async function readAuditLog(db: MarginDatabase): Promise<AuditEntry[]> {
  return db.audit.toArray();
}

export async function verifyStoredLog(db: MarginDatabase): Promise<AuditVerification> {
  return verifyAuditLog(await readAuditLog(db), sha256HexDigest);
}

/** A document's entries, newest first. */
export async function documentHistory(db: MarginDatabase, documentId: DocumentId): Promise<AuditEntry[]> {
  const entries = await db.audit.where('documentId').equals(documentId).toArray();
  // Live-query results are frozen (the immutable cache): sort a copy.
  return [...entries].sort((a, b) => (a.at === b.at ? b.seq - a.seq : a.at < b.at ? 1 : -1));
}

export function useDocumentHistory(documentId: DocumentId | null): AuditEntry[] | undefined {
  const db = useDatabase();
  return useLiveQuery(async () => (documentId ? documentHistory(db, documentId) : []), [db, documentId]);
}

/** The verification of the whole log, re-run when it grows. */
export function useLogVerification(): AuditVerification | undefined {
  const db = useDatabase();
  return useLiveQuery(() => verifyStoredLog(db), [db]);
}
