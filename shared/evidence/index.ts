// The evidence view model's public surface: one entry per field value (text, state, flags, sort key,
// quote, provenance), the one order of values, one completeness per document, and the words for all.
export { collectDocumentEvidence, collectEvidence, collectFieldEvidence, describeRange, namedOverride } from './document';
export type { ColorGroup, DocumentEvidence, ExportInput, FieldEntry, FieldEvidence, HighlightEntry, SectionEntry } from './document';
export {
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
export type { DocumentCompleteness, EntryReview, EvidenceEntry, FieldLookup, ReviewerNames, StateMark } from './entry';
export { describePages, describePlace, describeSectionPlace, pagesOfRange, sectionAt } from './pages';
export type { SectionHeading } from './pages';
export { checkProvenance, describeProvenance, provenanceFromAnchor } from './provenance';
export type { Provenance } from './provenance';
export {
  completenessLabel,
  correctedFromText,
  EVIDENCE_FLAGS,
  FLAG_WORDS,
  notReadText,
  overrideSentence,
  REVIEW_STATES,
  reviewSentence,
  sentenceCase,
  STATE_WORDS,
  statusWords,
  UNKNOWN_REVIEWER,
  utcMinute,
} from './words';
export type { EvidenceFlag, ReviewState } from './words';
