// Document texts are immutable (a document's id is the hash of its text), so a text read once can
// be kept: the reader, the annotate commands and exports share it instead of re-reading a megabyte.
import type { DocumentId } from '@shared/model';
import type { MarginDatabase } from './database';

const CACHED_TEXTS = 6;
const texts = new Map<DocumentId, string>();

export async function readText(db: MarginDatabase, id: DocumentId): Promise<string | undefined> {
  const cached = texts.get(id);
  if (cached !== undefined) {
    texts.delete(id);
    texts.set(id, cached);
    return cached;
  }
  const text = (await db.texts.get(id))?.text;
  if (text === undefined) return undefined;
  texts.set(id, text);
  for (const oldest of texts.keys()) {
    if (texts.size <= CACHED_TEXTS) break;
    texts.delete(oldest);
  }
  return text;
}
