// Text the reviewer pastes becomes a document like a .txt file would, with the title they confirm;
// the title field starts from the one the text itself makes obvious.
import { detectMetadata } from '@shared/import/metadata';
import { textDocument, normalizeNewlines } from '@shared/import/text';
import type { IncomingDocument } from '@shared/model';

/** Stored as the document's file name, so the library can tell a paste from a file. */
export const PASTED_FILE_NAME = 'Pasted text';

/** The title to offer for a pasted text, or an empty string when none is obvious. */
export function suggestedTitle(text: string): string {
  return detectMetadata(normalizeNewlines(text)).title ?? '';
}

/**
 * The pasted text as a document. Only line endings change (as for a .txt file), so the same text
 * pasted twice, or pasted and then imported from a file, is recognized as already present.
 */
export function pastedDocument(title: string, text: string): IncomingDocument {
  const doc = textDocument(PASTED_FILE_NAME, normalizeNewlines(text));
  const chosen = title.trim().replace(/\s+/g, ' ');
  return { ...doc, meta: { ...doc.meta, title: chosen.length > 0 ? chosen : doc.meta.title } };
}
