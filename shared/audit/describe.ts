// The audit log in words a reviewer reads: "Ana Ruiz changed the note: “…” → “…”". One entry
// describes one record's change (a restore's, a chunk of records); the History view and the log
// export's readable form use this.
import { formatValue } from '../fields/format';
import { reviewOf } from '../evidence/entry';
import { isDocumentNote } from '../evidence/document-notes';
import { statusWords, STATE_WORDS } from '../evidence/words';
import type { FieldTag } from '../model';
import { DOCUMENT_TYPE_LABELS, REVIEW_STATUS_LABELS } from '../model';
import type { Annotation, AuditEntry, DocumentMeta, DocumentType, ReviewStatus, ReviewStatusValue } from '../model';
import { describeRestoreEntry } from './restore-entry';

export interface ChangeLine {
  /** What changed, e.g. "Note", "Review status", "Value of dose". */
  what: string;
  from: string | null;
  to: string | null;
}

export interface DescribedEntry {
  /** "Added a highlight", "Changed the note", "Undid …". */
  summary: string;
  lines: ChangeLine[];
}

const PREVIEW = 120;

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW ? `${flat.slice(0, PREVIEW - 1)}…` : flat;
}

function quoted(text: string): string {
  return text === '' ? '(empty)' : `“${short(text)}”`;
}

function valueText(tag: FieldTag | null): string | null {
  if (!tag) return null;
  return tag.value === null ? `not read${tag.reason ? `: ${tag.reason}` : ''}` : formatValue(tag.value);
}

function annotationLines(before: Annotation | null, after: Annotation | null): ChangeLine[] {
  if (!before || !after) return [];
  const lines: ChangeLine[] = [];
  if (before.note !== after.note) lines.push({ what: 'Note', from: quoted(before.note), to: quoted(after.note) });
  if (before.tags.join('\u0000') !== after.tags.join('\u0000')) lines.push({ what: 'Tags', from: before.tags.join(', ') || '(none)', to: after.tags.join(', ') || '(none)' });
  if (before.color !== after.color) lines.push({ what: 'Colour', from: before.color, to: after.color });
  const fromValue = valueText(before.field);
  const toValue = valueText(after.field);
  if (fromValue !== toValue) lines.push({ what: `Value${after.field ? ` of ${after.field.fieldKey}` : ''}`, from: fromValue, to: toValue });
  if ((before.field?.status ?? null) !== (after.field?.status ?? null)) lines.push({ what: 'Value status', from: before.field?.status ?? null, to: after.field?.status ?? null });
  const review = (a: Annotation) => {
    if (!a.field) return null;
    const r = reviewOf(a.field, a.target !== null);
    return `${STATE_WORDS[r.state]}${r.reason ? `: ${r.reason}` : ''}`;
  };
  if (review(before) !== review(after)) lines.push({ what: 'Review', from: review(before), to: review(after) });
  if ((before.field?.qualifier ?? null) !== (after.field?.qualifier ?? null)) lines.push({ what: 'Qualifier', from: before.field?.qualifier ?? null, to: after.field?.qualifier ?? null });
  if (before.target?.quote.exact !== after.target?.quote.exact) lines.push({ what: 'Source quote', from: before.target ? quoted(before.target.quote.exact) : null, to: after.target ? quoted(after.target.quote.exact) : null });
  return lines;
}

function annotationSummary(entry: AuditEntry): DescribedEntry {
  const before = entry.before as Annotation | null;
  const after = entry.after as Annotation | null;
  const record = after ?? before;
  const note = record !== null && isDocumentNote(record);
  const kind = record?.field ? `the value of ${record.field.fieldKey}` : note ? 'a document note' : 'a highlight';
  const quote = record?.target ? ` on ${quoted(record.target.quote.exact)}` : '';
  if (!before || (before.deletedAt !== null && after && after.deletedAt === null)) {
    const lines: ChangeLine[] = record?.field ? [{ what: 'Value', from: null, to: valueText(record.field) }] : note ? [{ what: 'Note', from: null, to: quoted(record.note) }] : [];
    return { summary: `${before ? 'Brought back' : 'Added'} ${kind}${quote}`, lines };
  }
  if (!after || (after.deletedAt !== null && before.deletedAt === null)) return { summary: `Removed ${kind}${quote}`, lines: [] };
  return { summary: `Changed ${kind}${quote}`, lines: annotationLines(before, after) };
}

const META_FIELDS: [keyof DocumentMeta, string][] = [
  ['title', 'Title'],
  ['authors', 'Authors'],
  ['journal', 'Journal'],
  ['publishedDate', 'Published'],
  ['doi', 'DOI'],
  ['pmid', 'PMID'],
  ['trialRegistration', 'Registration'],
  ['type', 'Type'],
];

function metaText(meta: DocumentMeta, key: keyof DocumentMeta): string | null {
  const value = meta[key];
  if (value === null || value === undefined) return null;
  if (key === 'type') return DOCUMENT_TYPE_LABELS[value as DocumentType];
  if (Array.isArray(value)) return value.join('; ');
  return String(value);
}

/** One entry in words. Undo and redo say so first; so does a value the assistant suggested. */
export function describeEntry(entry: AuditEntry): DescribedEntry {
  // A restore logs whole chunks of records (restore-entry.ts), not one record's before and after.
  const restored = describeRestoreEntry(entry);
  if (restored !== null) return restored;
  const described = describeRecordChange(entry);
  const lower = `${described.summary.charAt(0).toLowerCase()}${described.summary.slice(1)}`;
  if (entry.action === 'suggestion.accept' && entry.table === 'annotations') return { ...described, summary: `Accepted a suggestion: ${lower}` };
  if (entry.action === 'suggestion.edit' && entry.table === 'annotations') return { ...described, summary: `Edited and accepted a suggestion: ${lower}` };
  if (entry.action === 'undo') return { ...described, summary: `Undid: ${described.summary.charAt(0).toLowerCase()}${described.summary.slice(1)}` };
  if (entry.action === 'redo') return { ...described, summary: `Redid: ${described.summary.charAt(0).toLowerCase()}${described.summary.slice(1)}` };
  return described;
}

/** " with its text", " with its text and original PDF": what an import logged in the document's entry. */
function partsAdded(entry: AuditEntry): string {
  const tables = new Set((entry.alongside ?? []).filter((change) => change.after !== null).map((change) => change.table));
  const parts = [tables.has('texts') ? 'text' : null, tables.has('originals') ? 'original PDF' : null].filter((part) => part !== null);
  return parts.length > 0 ? ` with its ${parts.join(' and ')}` : '';
}

function describeRecordChange(entry: AuditEntry): DescribedEntry {
  switch (entry.table) {
    case 'annotations':
      return annotationSummary(entry);
    case 'statuses': {
      const label = (s: unknown) => (s ? statusWords(REVIEW_STATUS_LABELS[(s as ReviewStatus).status as ReviewStatusValue], (s as ReviewStatus).override) : REVIEW_STATUS_LABELS['not-started']);
      const lines: ChangeLine[] = [{ what: 'Review status', from: label(entry.before), to: label(entry.after) }];
      const override = (entry.after as ReviewStatus | null)?.override;
      if (override) lines.push({ what: 'Reason for Done', from: null, to: quoted(override.reason) });
      return { summary: 'Changed the review status', lines };
    }
    case 'documents': {
      const before = entry.before as DocumentMeta | null;
      const after = entry.after as DocumentMeta | null;
      if (!before) return { summary: `Added the document${after ? ` ${quoted(after.title)}` : ''}${partsAdded(entry)}`, lines: [] };
      if (!after) return { summary: `Removed the document ${quoted(before.title)}`, lines: [] };
      const lines = META_FIELDS.filter(([key]) => metaText(before, key) !== metaText(after, key)).map(([key, what]) => ({ what, from: metaText(before, key), to: metaText(after, key) }));
      return { summary: 'Changed the document’s details', lines };
    }
    case 'texts':
      return { summary: entry.after ? 'Stored the document’s text' : 'Removed the document’s text', lines: [] };
    case 'originals':
      return { summary: entry.after ? 'Kept the original PDF' : 'Removed the original PDF', lines: [] };
    case 'schemas':
      return { summary: entry.after ? 'Stored an extraction schema' : 'Removed an extraction schema', lines: [] };
    case 'settings':
      return { summary: `Changed the setting ${entry.key}`, lines: [] };
    case 'reviews': {
      const after = entry.after as { name?: string } | null;
      const before = entry.before as { name?: string } | null;
      if (!before) return { summary: `Created the team review${after?.name ? ` ${quoted(after.name)}` : ''}`, lines: [] };
      if (!after) return { summary: `Removed the team review${before.name ? ` ${quoted(before.name)}` : ''}`, lines: [] };
      return { summary: `Changed the team review ${quoted(after.name ?? '')}`, lines: [] };
    }
    case 'progress': {
      const label = (p: unknown) => REVIEW_STATUS_LABELS[((p as { status?: ReviewStatusValue } | null)?.status ?? 'not-started') as ReviewStatusValue];
      return { summary: 'Changed a reviewer’s status in a team review', lines: [{ what: 'Reviewer’s status', from: label(entry.before), to: label(entry.after) }] };
    }
    case 'suggestionRejections': {
      const rejection = (entry.after ?? entry.before) as { fieldKey?: string; quote?: string } | null;
      const what = rejection?.fieldKey ? ` for ${rejection.fieldKey}` : '';
      return {
        summary: entry.after ? `Rejected a suggested value${what}` : `Forgot a rejected suggestion${what}`,
        lines: rejection?.quote ? [{ what: 'Quote', from: null, to: quoted(rejection.quote) }] : [],
      };
    }
  }
}

/** The log as JSON Lines: one entry a line, in chain order, each with its hash and its link. */
export function auditLogJsonLines(entries: readonly AuditEntry[]): string {
  const ordered = [...entries].sort((a, b) => (a.chain === b.chain ? a.seq - b.seq : a.chain < b.chain ? -1 : 1));
  return ordered.map((entry) => JSON.stringify(entry)).join('\n') + (ordered.length > 0 ? '\n' : '');
}
