// Imports PubMed XML (efetch's PubmedArticleSet). DOMParser does the XML: it is a complete parser,
// runs no script, fetches no DTD or external entity, and reports broken XML instead of guessing;
// a hand-written parser in shared/ would have to get entities, CDATA and namespaces right itself.
// The mapping from elements to citations is pure and lives in shared/import/pubmed-xml.ts.
import { pubmedXmlToImport } from '@shared/import/pubmed-xml';
import { decodeText } from '@shared/import/text';
import type { ImportResult } from '@shared/import/types';
import { xmlElementOf } from './dom-nodes';

export const MALFORMED_XML_REASON =
  'This XML file is damaged (it is not well-formed XML), so it cannot be read; download it from PubMed again.';

export function parsePubmedXml(name: string, bytes: Uint8Array): ImportResult {
  const decoded = decodeText(bytes);
  if (!decoded.ok) return decoded;
  const doc = new DOMParser().parseFromString(decoded.text, 'application/xml');
  // Browsers report a parse failure as a <parsererror> element instead of throwing.
  if (doc.documentElement === null || doc.getElementsByTagName('parsererror').length > 0) {
    return { ok: false, reason: MALFORMED_XML_REASON };
  }
  return pubmedXmlToImport(name, xmlElementOf(doc.documentElement));
}
