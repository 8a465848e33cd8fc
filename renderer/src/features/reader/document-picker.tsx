// A reader pane's document picker: a select of the library's titles. Up to PICKER_LISTS_ALL
// documents it lists them all. Beyond that a select of every title is too long to choose from and
// too heavy for the page: each option is a node, React compares them all whenever the pane renders,
// and Chromium's autofill (a browser running the web build) reads every option of every select on
// the page each time another select enters it, as each row scrolled into the library does (50,000
// options: 12–20 ms per row). It then lists the documents open in the panes and those read lately,
// and a last, disabled option says the rest are found with the library's filter.
import { memo, useMemo } from 'react';
import type { DocumentId, DocumentMeta } from '@shared/model';
import { useAppStore } from '../../store/app-store';
import type { PaneIndex } from '../../store/app-store';

/** Up to this many documents, the picker lists every one. */
export const PICKER_LISTS_ALL = 1_000;
/** In a larger library, how many lately read documents it lists beside those open. */
export const PICKER_RECENT = 20;

export interface PickerChoices {
  /** In library order when all are listed; else open ones first, then the most lately read. */
  listed: DocumentMeta[];
  /** How many documents are not listed (found with the library's filter instead). */
  unlisted: number;
}

/**
 * What the picker lists: every document up to `limit`; beyond it, those in `keep` (open ones, then
 * lately read, most recent first) that are stored, without repeats, at most `recent` beyond the open.
 */
export function pickerChoices(documents: readonly DocumentMeta[], open: readonly (DocumentId | null)[], lately: readonly DocumentId[], { limit = PICKER_LISTS_ALL, recent = PICKER_RECENT } = {}): PickerChoices {
  if (documents.length <= limit) return { listed: [...documents], unlisted: 0 };
  const byId = new Map(documents.map((d) => [d.id, d]));
  const listed: DocumentMeta[] = [];
  const seen = new Set<DocumentId>();
  const take = (id: DocumentId | null) => {
    if (id === null || seen.has(id)) return false;
    const meta = byId.get(id);
    if (!meta) return false;
    seen.add(id);
    listed.push(meta);
    return true;
  };
  for (const id of open) take(id);
  let taken = 0;
  for (const id of lately) {
    if (taken >= recent) break;
    if (take(id)) taken++;
  }
  return { listed, unlisted: documents.length - listed.length };
}

interface Props {
  pane: PaneIndex;
  /** The pane's name in words ("left pane"). */
  name: string;
  documentId: DocumentId | null;
  /** The library's documents in library order; undefined while they are read. */
  documents: DocumentMeta[] | undefined;
}

export const DocumentPicker = memo(function DocumentPicker({ pane, name, documentId, documents }: Props) {
  const openDocument = useAppStore((s) => s.openDocument);
  const large = (documents?.length ?? 0) > PICKER_LISTS_ALL;
  // Followed only in a large library, where they choose what is listed.
  const panes = useAppStore((s) => (large ? s.panes : null));
  const positions = useAppStore((s) => (large ? s.readingPositions : null));
  const { listed, unlisted } = useMemo(
    () => pickerChoices(documents ?? [], panes ?? [], positions ? [...positions.keys()].reverse() : []),
    [documents, panes, positions],
  );
  return (
    <>
      <label className="visually-hidden" htmlFor={`picker-${pane}`}>
        Document in the {name}
      </label>
      <select
        // Mounted again once the documents are read: React then builds all the options before the
        // select goes into the page. Added to the select already there (50,000 at once), each
        // insertion walked the siblings placed with it, and the library's first paint took 30 s.
        key={documents === undefined ? 'reading' : 'read'}
        id={`picker-${pane}`}
        className="document-picker"
        value={documentId ?? ''}
        onChange={(e) => e.target.value && openDocument(e.target.value as DocumentId, pane)}
      >
        <option value="">Choose a document…</option>
        {listed.map((d) => (
          <option key={d.id} value={d.id}>
            {d.title}
          </option>
        ))}
        {unlisted > 0 && (
          <option value="" disabled>
            {`${unlisted.toLocaleString('en')} more: find them with the library’s filter`}
          </option>
        )}
      </select>
    </>
  );
});
