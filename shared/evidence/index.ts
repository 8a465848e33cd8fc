// The evidence view model's public surface: one entry per field value (text, state, flags, sort key,
// quote, provenance), the one order of values, one completeness per document, and the words for all.
export { collectDocumentEvidence, collectEvidence, collectFieldEvidence, describeRange } from './document';
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
  reviewStateOf,
  stateMarks,
  stateWords,
  toEvidenceEntry,
  valueSortKey,
} from './entry';
export type { DocumentCompleteness, EvidenceEntry, FieldLookup, StateMark } from './entry';
export { describePages, describePlace, pagesOfRange } from './pages';
export { checkProvenance, describeProvenance, provenanceFromAnchor } from './provenance';
export type { Provenance } from './provenance';
export { completenessLabel, EVIDENCE_FLAGS, FLAG_WORDS, notReadText, REVIEW_STATES, sentenceCase, STATE_WORDS } from './words';
export type { EvidenceFlag, ReviewState } from './words';
