// What the assistant proposes: a typed value for one field, with the quote that states it (which
// anchors exactly in the document), the rule that found it and how sure that rule is.
import type { FieldValue } from '../fields/types';
import type { TextSelectors } from '../model';

export interface Suggestion {
  /** Field, instance and value (see suggestionId): the same proposal from any sentence; a rejection is remembered by it. */
  id: string;
  fieldKey: string;
  value: FieldValue;
  /** The quote as W3C selectors (position and quote with context), built from the stored text. */
  target: TextSelectors;
  /** 0–1: the rule's own precision, less when the reader flagged the value for confirmation. */
  confidence: number;
  /** The rule that produced it ("crs.grade-near-term"), shown to the reviewer and in the model card. */
  rule: string;
  /** The patient or arm the sentence assigns the value to ("patient-2", "arm-high-dose"); null for the study. */
  instance: string | null;
  /** Why the reader flagged the value (a flattened exponent…), or null. */
  reason: string | null;
}

/** A sentence that speaks of a field's subject without a value the assistant could read: an omission alert. */
export interface FieldMention {
  fieldKey: string;
  start: number;
  end: number;
  /** The words that matched ("ICANS", "neurotoxicity"). */
  term: string;
}

export interface SuggestResult {
  suggestions: Suggestion[];
  mentions: FieldMention[];
}
