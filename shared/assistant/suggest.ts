// The suggestion engine: reads a document's own sentences (never its references or page furniture)
// with the rules of rules.ts, decides negation and uncertainty with the ConText cues, reads each
// value with the typed readers of shared/fields, and keeps only suggestions whose quote anchors back
// to exactly the place it was read from. Pure: the worker and the tests call the same function.
import { anchor, describe, isOrphan } from '../anchoring';
import { canonicalJson } from '../canonical-json';
import { findGradeMentions } from '../fields/read-grade';
import type { GradeMention } from '../fields/read-grade';
import { normalizeValue } from '../fields/normalize';
import { fieldIndex } from '../fields/schema';
import type { ExtractionSchema, FieldDefinition, FieldValue } from '../fields/types';
import { findCues, findingStatus } from './context';
import type { CueMatch } from './context';
import { readableSpans, sentencesIn } from './regions';
import { FIELD_MENTIONS, FIELD_RULES, PER_PATIENT_FIELDS } from './rules';
import type { GradedRule, PatternRule } from './rules';
import { winkSplitter } from './sentences';
import type { SentenceSplitter, Span } from './sentences';
import type { FieldMention, SuggestResult, Suggestion } from './types';

export interface SuggestOptions {
  /** wink-nlp's sentences unless given (tests of the baseline pass their own). */
  splitter?: SentenceSplitter;
  /** Suggestion ids the reviewer rejected: never proposed again. */
  rejected?: ReadonlySet<string>;
}

interface Candidate {
  fieldKey: string;
  start: number;
  end: number;
  value: FieldValue;
  confidence: number;
  rule: string;
  instance: string | null;
  reason: string | null;
}

// A flagged reading (a flattened exponent, several numbers) is worth proposing, but less surely.
const FLAGGED_FACTOR = 0.85;

// Where a sentence assigns a value to one patient or arm: "Patient 2 had no CRS", "1.0 × 10⁶
// cells/kg in the middle-dose arm", "in the second patient".
const ORDINALS: ReadonlyMap<string, number> = new Map([['first', 1], ['second', 2], ['third', 3], ['fourth', 4], ['fifth', 5], ['sixth', 6]]);
const INSTANCE = /\bpatient\s+(\d{1,3})\b|\b(first|second|third|fourth|fifth|sixth)\s+patient\b|\b(?:in|for|of)\s+the\s+([a-z]+(?:-[a-z]+)*)\s+(?:arm|cohort)\b|\bdose\s+level\s+(\d{1,2})\b|\b(?:arm|cohort)\s+([A-Z]|\d{1,2})\b/gi;
const INSTANCE_AFTER_REACH = 30;

interface InstanceMention {
  id: string;
  start: number;
  end: number;
}

function instanceMentions(sentence: string): InstanceMention[] {
  const found: InstanceMention[] = [];
  for (const m of sentence.matchAll(INSTANCE)) {
    const [, patient, ordinal, arm, level, named] = m;
    const id =
      patient !== undefined
        ? `patient-${Number(patient)}`
        : ordinal !== undefined
          ? `patient-${ORDINALS.get(ordinal.toLowerCase()) ?? 0}`
          : arm !== undefined
            ? `arm-${arm.toLowerCase()}`
            : level !== undefined
              ? `dose-level-${Number(level)}`
              : `arm-${(named ?? '').toLowerCase()}`;
    found.push({ id, start: m.index, end: m.index + m[0].length });
  }
  return found;
}

/** The instance a quote at [start, end) of the sentence belongs to: one named right after it, else the nearest before it. */
function instanceFor(mentions: readonly InstanceMention[], start: number, end: number): string | null {
  const after = mentions.find((m) => m.start >= end && m.start - end <= INSTANCE_AFTER_REACH);
  if (after) return after.id;
  const inside = mentions.find((m) => m.start >= start && m.end <= end);
  if (inside) return inside.id;
  const before = mentions.filter((m) => m.end <= start);
  return before.length > 0 ? before[before.length - 1]!.id : null;
}

function trimSpan(text: string, start: number, end: number): [number, number] {
  while (start < end && /[\s,;:(]/.test(text[start]!)) start += 1;
  while (end > start && /[\s,;:]/.test(text[end - 1]!)) end -= 1;
  return [start, end];
}

function valueFits(field: FieldDefinition, value: FieldValue): boolean {
  return value.type === field.type;
}

function readValue(field: FieldDefinition, quote: string): { value: FieldValue; reason: string | null; flagged: boolean } | null {
  const read = normalizeValue(field, quote);
  if (!read.ok) return null;
  // A choice the reader could only guess ("read as Other") is no suggestion: nothing named it.
  if ((read.value.type === 'single-choice' || read.value.type === 'multiple-choice') && read.needsConfirmation && /none of the options/.test(read.reason ?? '')) return null;
  return { value: read.value, reason: read.reason, flagged: read.needsConfirmation };
}

// A negation about one unnamed patient ("the other had no CRS") says nothing of the study as a whole.
const UNNAMED_ONE = /\b(?:the other|one patient|another patient|one participant|the other patient)\b/i;
// Words that bound a grade rather than deny the event ("no moderate- or high-grade CRS").
const SEVERITY_WORDS = /\b(?:grade|grades|moderate|severe|high|higher|serious|mild|low)\b|≥|>/i;

function patternCandidates(rule: PatternRule, field: FieldDefinition, sentence: string, offset: number, cues: readonly CueMatch[], instances: readonly InstanceMention[]): Candidate[] {
  if (rule.gate && !rule.gate.test(sentence)) return [];
  const out: Candidate[] = [];
  for (const match of sentence.matchAll(rule.pattern)) {
    if (rule.reject?.(match, sentence)) continue;
    const whole: [number, number] = trimSpan(sentence, match.index, match.index + match[0].length);
    if (whole[1] <= whole[0]) continue;
    let focus: [number, number] = whole;
    const group = rule.focus ? match.groups?.[rule.focus] : undefined;
    if (group !== undefined) {
      const at = sentence.indexOf(group, match.index);
      focus = [at, at + group.length];
    }
    const { status } = findingStatus(sentence, focus[0], focus[1], cues);
    if (status === 'uncertain' || status === 'hypothetical' || status === 'other-study') continue;
    if (status === 'negated' && rule.onNegated === 'drop') continue;
    const quote = sentence.slice(whole[0], whole[1]);
    const given = rule.value?.(match) ?? null;
    const read = given && valueFits(field, given) ? { value: given, reason: null, flagged: false } : readValue(field, quote);
    if (!read) continue;
    out.push({
      fieldKey: field.key,
      start: offset + whole[0],
      end: offset + whole[1],
      value: read.value,
      confidence: rule.confidence * (read.flagged ? FLAGGED_FACTOR : 1),
      rule: rule.name,
      instance: instanceFor(instances, whole[0], whole[1]),
      reason: read.reason,
    });
  }
  return out;
}

const GRADE_REACH = 25;
const TIME_AFTER = /^\s+on\s+day\s+\d{1,3}\b/i;

function gradedCandidates(rule: GradedRule, field: FieldDefinition, sentence: string, offset: number, cues: readonly CueMatch[], instances: readonly InstanceMention[], gradesOf: () => GradeMention[]): Candidate[] {
  const scale = field.scale;
  if (field.type !== 'graded-event' || scale === undefined) return [];
  const out: Candidate[] = [];
  for (const term of sentence.matchAll(rule.term)) {
    const termStart = term.index;
    const termEnd = termStart + term[0].length;
    const { status, cue } = findingStatus(sentence, termStart, termEnd, cues);
    if (status === 'uncertain' || status === 'hypothetical' || status === 'other-study') continue;
    let start: number;
    let end: number;
    let value: FieldValue;
    let reason: string | null = null;
    let flagged = false;
    if (status === 'negated') {
      if (!rule.absenceIsValue || cue === null) continue;
      start = Math.min(cue.start, termStart);
      end = Math.max(cue.end, termEnd);
      if (UNNAMED_ONE.test(sentence.slice(0, start)) && !/\bneither\b|\bnone\b|\bno patient/i.test(sentence.slice(start, end))) continue;
      const between = sentence.slice(Math.min(cue.end, termStart), Math.max(cue.start, termStart));
      const read = readValue(field, sentence.slice(start, end));
      if (SEVERITY_WORDS.test(between)) {
        // "No moderate- or high-grade CRS": a bound on the grade, or nothing.
        if (!read || read.value.type !== 'graded-event' || read.value.bound !== 'at-most') continue;
        ({ value, reason, flagged } = read);
      } else {
        value = { type: 'graded-event', event: term[0], scale, grade: 0, bound: 'absent', timePoint: null };
      }
    } else {
      const near = gradesOf()
        .map((g) => ({ g, distance: g.end <= termStart ? termStart - g.end : g.start >= termEnd ? g.start - termEnd : -1 }))
        .filter(({ g, distance }) => distance >= 0 && distance <= GRADE_REACH && !/[;.]/.test(sentence.slice(Math.min(g.end, termEnd), Math.max(g.start, termStart))))
        .sort((a, b) => a.distance - b.distance)[0];
      if (!near) continue;
      start = Math.min(near.g.start, termStart);
      end = Math.max(near.g.end, termEnd);
      // "(grade 1)" closes its parenthesis; "on day 3" right after is the event's day.
      if (sentence[end] === ')' && sentence.slice(start, end).includes('(')) end += 1;
      const time = TIME_AFTER.exec(sentence.slice(end));
      if (time) end += time[0].length;
      const read = readValue(field, sentence.slice(start, end));
      if (!read || read.value.type !== 'graded-event') continue;
      ({ value, reason, flagged } = read);
    }
    [start, end] = trimSpan(sentence, start, end);
    out.push({
      fieldKey: field.key,
      start: offset + start,
      end: offset + end,
      value,
      confidence: rule.confidence * (flagged ? FLAGGED_FACTOR : 1),
      rule: rule.name,
      instance: instanceFor(instances, start, end),
      reason,
    });
  }
  return out;
}

/**
 * The key a suggestion is known by: its field, instance and value (text without case), not its
 * place, so a rejected value is not proposed again from another sentence that says the same.
 */
export function suggestionId(fieldKey: string, instance: string | null, value: FieldValue): string {
  const comparable = value.type === 'text' ? { type: 'text', text: value.text.toLowerCase() } : value;
  return `${fieldKey}|${instance ?? ''}|${canonicalJson(comparable)}`;
}

/** Suggestions for every field of `schema` the rules know, and the sentences that mention a field. */
export function suggestValues(text: string, schema: ExtractionSchema, options: SuggestOptions = {}): SuggestResult {
  const splitter = options.splitter ?? winkSplitter;
  const fields = fieldIndex(schema);
  const sentences: Span[] = sentencesIn(splitter.sentences(text), readableSpans(text));
  const candidates: Candidate[] = [];
  const mentions: FieldMention[] = [];
  const mentionRules = [...FIELD_MENTIONS].filter(([key]) => fields.has(key));
  const rules = FIELD_RULES.filter((rule) => fields.has(rule.field));
  for (const span of sentences) {
    const sentence = text.slice(span.start, span.end);
    const cues = findCues(sentence);
    const instances = instanceMentions(sentence);
    // Grade phrases are read once a sentence, and only when a graded term is in it.
    let grades: GradeMention[] | null = null;
    const gradesOf = () => (grades ??= findGradeMentions(sentence));
    for (const rule of rules) {
      const field = fields.get(rule.field)!.field;
      candidates.push(...(rule.kind === 'pattern' ? patternCandidates(rule, field, sentence, span.start, cues, instances) : gradedCandidates(rule, field, sentence, span.start, cues, instances, gradesOf)));
    }
    for (const [fieldKey, pattern] of mentionRules) {
      const found = pattern.exec(sentence);
      if (found) mentions.push({ fieldKey, start: span.start, end: span.end, term: found[0] });
    }
  }
  const seen = new Map<string, Suggestion>();
  for (const read of candidates) {
    // A named patient's value belongs in the Per patient section when the schema has one.
    const perPatient = read.instance?.startsWith('patient-') ? PER_PATIENT_FIELDS.get(read.fieldKey) : undefined;
    const candidate = perPatient !== undefined && fields.get(perPatient)?.field.type === fields.get(read.fieldKey)?.field.type ? { ...read, fieldKey: perPatient } : read;
    const id = suggestionId(candidate.fieldKey, candidate.instance, candidate.value);
    if (options.rejected?.has(id)) continue;
    const earlier = seen.get(id);
    // The same value said twice is proposed once, from its surest (then first) quote.
    if (earlier && earlier.confidence >= candidate.confidence) continue;
    // No quote, no suggestion: the selectors must find exactly this place again in the stored text.
    const target = describe(text, candidate.start, candidate.end);
    const found = anchor(text, target);
    if (isOrphan(found) || found.start !== candidate.start || found.end !== candidate.end) continue;
    seen.set(id, { id, fieldKey: candidate.fieldKey, value: candidate.value, target, confidence: Math.round(candidate.confidence * 1000) / 1000, rule: candidate.rule, instance: candidate.instance, reason: candidate.reason });
  }
  const suggestions = [...seen.values()].sort((a, b) => a.target.position.start - b.target.position.start || a.fieldKey.localeCompare(b.fieldKey));
  return { suggestions, mentions };
}
