// The evidence view model's public surface: one entry per field value (text, state, flags, sort key,
// quote, provenance), the one order of values, one completeness per document, and the words for all.
export { collectDocumentEvidence, collectEvidence, collectFieldEvidence, describeRange, namedOverride } from './document';
export type { AreaEntry, ColorGroup, DocumentEvidence, ExportInput, FieldEntry, FieldEvidence, HighlightEntry, SectionEntry } from './document';
export {
  authorshipOf,
  compareEntries,
  countsAsFilled,
  describeEntries,
  describeEntry,
  completenessFor,
  describeState,
  documentCompleteness,
  entriesByField,
  fieldLookup,
  filledKeys,
  flagWords,
  reviewOf,
  reviewStateOf,
  stateMarks,
  stateWords,
  toEvidenceEntry,
  valueSortKey,
} from './entry';
export type { DocumentCompleteness, EntryAuthorship, EntryReview, EvidenceEntry, FieldLookup, ReviewerNames, StateMark } from './entry';
export { documentNoteByline, documentNoteEntries, isDocumentNote } from './document-notes';
export type { DocumentNoteEntry } from './document-notes';
export { instanceRows } from './instance-rows';
export type { InstanceRow } from './instance-rows';
export { describePages, describePlace, describeSectionPlace, pagesOfRange, sectionAt } from './pages';
export type { SectionHeading } from './pages';
export { checkProvenance, describeProvenance, provenanceFromAnchor } from './provenance';
export type { Provenance } from './provenance';
export {
  authorYear,
  completenessLabel,
  correctedFromText,
  EVIDENCE_FLAGS,
  FLAG_WORDS,
  notReadText,
  overrideSentence,
  REVIEW_STATES,
  reviewSentence,
  sentenceCase,
  shortTitle,
  STATE_WORDS,
  statusWords,
  UNKNOWN_REVIEWER,
  utcMinute,
} from './words';
export type { EvidenceFlag, ReviewState } from './words';
