// Notes about a whole document ("Excluded at full text: wrong population"): annotations with no
// quote, no area of a page and no field value. One rule says which records they are, so the panel,
// the search index and every export agree; ordered by when they were written.
import type { Annotation, ReviewerId } from '../model';
import type { ReviewerNames } from './entry';

/**
 * Whether an annotation is about the whole document rather than a place in it: no text target, no
 * area, no field value. A value without a source also has no target, but it has a field.
 */
export function isDocumentNote(annotation: Pick<Annotation, 'target' | 'area' | 'field'>): boolean {
  return annotation.target === null && annotation.area === undefined && annotation.field === null;
}

/** A document note as screens and exports show it: its text, who wrote it and when, and the last edit. */
export interface DocumentNoteEntry {
  annotationId: string;
  note: string;
  tags: string[];
  /** The author's name: as the database now knows their id, else as it was when they wrote it. */
  author: string;
  authorId: ReviewerId | null;
  createdAt: string;
  /** Set when the note was changed after it was written. */
  editedAt: string | null;
  /** Who made that change, when it was someone other than the author and the database can name them. */
  editedBy: string | null;
}

/** The document notes among `annotations` (live ones only), oldest first, ties by id. */
export function documentNoteEntries(annotations: Iterable<Annotation>, names?: ReviewerNames): DocumentNoteEntry[] {
  return [...annotations]
    .filter((a) => a.deletedAt === null && isDocumentNote(a) && (a.note.trim() !== '' || a.tags.length > 0))
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((a) => {
      const author = (a.creatorId !== undefined ? names?.get(a.creatorId) : undefined) ?? (a.creator || 'Unknown reviewer');
      const edited = a.modifiedAt !== a.createdAt;
      const editor = edited && a.modifiedBy !== undefined && a.modifiedBy !== a.creatorId ? (names?.get(a.modifiedBy) ?? null) : null;
      return { annotationId: a.id, note: a.note, tags: a.tags, author, authorId: a.creatorId ?? null, createdAt: a.createdAt, editedAt: edited ? a.modifiedAt : null, editedBy: editor };
    });
}

/** "Ana Lima, 2026-12-01 20:31 UTC (edited 2026-12-01 20:40 UTC)": who and when, as exports print it. */
export function documentNoteByline(entry: DocumentNoteEntry): string {
  const when = (iso: string) => {
    const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
    return match ? `${match[1]} ${match[2]} UTC` : iso;
  };
  const edited = entry.editedAt === null ? '' : ` (edited ${when(entry.editedAt)}${entry.editedBy ? ` by ${entry.editedBy}` : ''})`;
  return `${entry.author}, ${when(entry.createdAt)}${edited}`;
}
