// The benchmark's workload, generated from a seed so every run measures the same thing: a ~1 MB
// review article in clinical prose, thousands of annotations over it, and a batch of edits to it.
import { describe } from '@shared/anchoring';
import type { Annotation, AnnotationId, DocumentId, HighlightColor } from '@shared/model';
import { HIGHLIGHT_COLORS } from '@shared/model';
import { seededRandom } from '../helpers/random';

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

const DISEASES = [
  'refractory lupus nephritis',
  'diffuse cutaneous systemic sclerosis',
  'antisynthetase syndrome',
  'juvenile dermatomyositis',
  'myasthenia gravis',
  'ANCA-associated vasculitis',
  'IgG4-related disease',
  'neuromyelitis optica',
];
const SUBJECTS = [
  () => 'The patient',
  (r: () => number) => `A ${between(r, 14, 72)}-year-old ${pick(r, ['woman', 'man', 'girl', 'boy'])} with ${pick(r, DISEASES)}`,
  (r: () => number) => `Patient ${between(r, 1, 240)}`,
  () => 'Each participant',
  (r: () => number) => `The ${pick(r, ['German', 'Chinese', 'Italian', 'French', 'US'])} cohort`,
  (r: () => number) => `Patients with ${pick(r, DISEASES)}`,
  (r: () => number) => `${pick(r, ['Two', 'Three', 'Four', 'Five', 'Seven'])} of the ${between(r, 8, 60)} patients`,
  () => 'Peripheral blood B cells',
  (r: () => number) => `${pick(r, ['Anti-dsDNA', 'Anti-Scl-70', 'Anti-Jo-1', 'Anti-AChR', 'Anti-MPO'])} antibody titres`,
  (r: () => number) => `The ${pick(r, ['CD19', 'BCMA', 'CD19/BCMA', 'CD20'])}-directed product`,
  () => 'Serum complement levels',
];
const VERBS = ['received', 'showed', 'developed', 'was monitored for', 'remained free of', 'reached', 'was assessed for', 'recovered from', 'was treated with', 'had documented'];
const OBJECTS = [
  (r: () => number) => `a single infusion of ${between(r, 1, 5)} × 10⁶ autologous CAR T cells/kg`,
  (r: () => number) => `lymphodepletion with fludarabine ${pick(r, [25, 30])} mg/m² and cyclophosphamide ${pick(r, [250, 500, 1000])} mg/m²`,
  (r: () => number) => `cytokine release syndrome (grade ${between(r, 1, 3)}) on day ${between(r, 1, 14)}`,
  (r: () => number) => `ICANS (grade ${between(r, 1, 2)}) that resolved within ${between(r, 1, 9)} days`,
  (r: () => number) => `complete B cell depletion by day ${between(r, 2, 21)}`,
  (r: () => number) => `drug-free remission at month ${between(r, 3, 36)}`,
  (r: () => number) => `a SLEDAI-2K score of ${between(r, 0, 4)} from a baseline of ${between(r, 8, 26)}`,
  (r: () => number) => `neutropenia (grade ${between(r, 3, 4)}) lasting ${between(r, 2, 30)} days`,
  (r: () => number) => `${between(r, 1, 3)} doses of tocilizumab for persistent fever`,
  (r: () => number) => `reconstitution of naive B cells after ${between(r, 40, 200)} days`,
  (r: () => number) => `a modified Rodnan skin score of ${between(r, 2, 30)}`,
  (r: () => number) => `proteinuria falling to ${(between(r, 5, 90) / 100).toFixed(2)} g/g creatinine`,
  (r: () => number) => `IgG levels of ${(between(r, 30, 120) / 10).toFixed(1)} g/L without serious infection`,
  (r: () => number) => `CAR T cell expansion peaking at ${between(r, 5, 400)} cells/μL on day ${between(r, 6, 14)}`,
];
const QUALIFIERS = [
  (r: () => number) => `after a median follow-up of ${between(r, 4, 40)} months`,
  (r: () => number) => `within the first ${pick(r, ['two', 'three', 'four', 'six'])} weeks`,
  (r: () => number) => `during the ${pick(r, [28, 30, 90])}-day safety window`,
  () => 'according to EULAR/ACR criteria',
  () => 'without further immunosuppression',
  (r: () => number) => `as confirmed by flow cytometry on day ${between(r, 7, 90)}`,
  () => 'compared with baseline values',
  (r: () => number) => `in line with the series by ${pick(r, ['Mackensen', 'Müller', 'Schett', 'Wang', 'Pecher', 'Taubmann', 'Hagen'])} et al. (${between(r, 2021, 2025)})`,
  (r: () => number) => `despite ${between(r, 2, 7)} prior lines of therapy`,
  (r: () => number) => `(${pick(r, ['95% CI', 'IQR'])} ${between(r, 1, 20)}–${between(r, 21, 60)})`,
];
const CONNECTIVES = ['In addition,', 'Notably,', 'However,', 'By contrast,', 'Consistently,', 'Importantly,', 'At month 6,', 'Overall,', 'Of note,', 'Similarly,'];
const HEADINGS = [
  'Patients and methods',
  'Lymphodepletion and infusion',
  'Safety and tolerability',
  'Cytokine release syndrome',
  'Efficacy outcomes',
  'B cell reconstitution',
  'Serological response',
  'Discussion of durability',
  'Limitations of the series',
  'Outlook for autoimmune disease',
];

function sentence(random: () => number): string {
  const shape = random();
  if (shape < 0.2) {
    const n = between(random, 1, 40);
    const total = n + between(random, 0, 40);
    return `${pick(random, SUBJECTS)(random)} ${pick(random, VERBS)} ${pick(random, OBJECTS)(random)} in ${n} of ${total} cases (${((100 * n) / total).toFixed(1)}%).`;
  }
  if (shape < 0.3) {
    const median = between(random, 2, 30);
    return `Median time to response was ${median} days (range ${between(random, 1, median)}–${median + between(random, 1, 40)}), and CD19⁺ counts stayed below ${between(random, 1, 10)} cells/μL.`;
  }
  const opener = random() < 0.3 ? `${pick(random, CONNECTIVES)} ` : '';
  const subject = pick(random, SUBJECTS)(random);
  const lead = opener && !/^[A-Z][A-Z]/.test(subject) ? subject.charAt(0).toLowerCase() + subject.slice(1) : subject;
  return `${opener}${lead} ${pick(random, VERBS)} ${pick(random, OBJECTS)(random)} ${pick(random, QUALIFIERS)(random)}.`;
}

function paragraph(random: () => number): string {
  const sentences: string[] = [];
  const count = between(random, 3, 8);
  for (let i = 0; i < count; i++) sentences.push(sentence(random));
  return sentences.join(' ');
}

/**
 * A review article of at least `targetLength` UTF-16 code units: prose paragraphs separated by blank
 * lines, with a short section heading every eight to fifteen paragraphs.
 */
export function generateReview(seed: number, targetLength: number): string {
  const random = seededRandom(seed);
  const parts: string[] = ['CAR T cell therapy in refractory autoimmune disease: a synthetic review'];
  let length = parts[0]!.length;
  let untilHeading = 0;
  while (length < targetLength) {
    let part: string;
    if (untilHeading === 0) {
      part = pick(random, HEADINGS);
      untilHeading = between(random, 8, 15);
    } else {
      part = paragraph(random);
      untilHeading--;
    }
    parts.push(part);
    length += part.length + 2;
  }
  return parts.join('\n\n');
}

const isSpace = (text: string, i: number) => /\s/.test(text.charAt(i));

/** The start of the word at or after `i` (a non-space preceded by a space or the text start). */
function wordStartFrom(text: string, i: number): number {
  let at = i;
  while (at > 0 && at < text.length && !isSpace(text, at - 1)) at++;
  while (at < text.length && isSpace(text, at)) at++;
  return at;
}

/** The end of the word ending at or before `i` (a non-space followed by a space or the text end). */
function wordEndBefore(text: string, i: number, floor: number): number {
  let at = Math.min(i, text.length);
  while (at > floor && at < text.length && !isSpace(text, at)) at--;
  while (at > floor && isSpace(text, at - 1)) at--;
  return at;
}

export interface GeneratedRange {
  start: number;
  end: number;
  color: HighlightColor;
}

/**
 * `count` ranges of 5–200 code units starting and ending on word boundaries (as a reviewer's
 * selection would), uniformly spread so that many overlap, in random colours.
 */
export function generateRanges(text: string, count: number, seed: number): GeneratedRange[] {
  const random = seededRandom(seed);
  const ranges: GeneratedRange[] = [];
  while (ranges.length < count) {
    const start = wordStartFrom(text, Math.floor(random() * text.length));
    const end = wordEndBefore(text, start + between(random, 5, 200), start);
    if (end - start < 5 || end - start > 200) continue;
    ranges.push({ start, end, color: pick(random, HIGHLIGHT_COLORS) });
  }
  return ranges;
}

/** How many ranges share at least one offset with another range. */
export function countOverlapping(ranges: readonly { start: number; end: number }[]): number {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const overlapping = new Set<number>();
  let reach = -1;
  let reachIndex = -1;
  sorted.forEach((range, i) => {
    if (range.start < reach) {
      overlapping.add(i);
      overlapping.add(reachIndex);
    }
    if (range.end > reach) {
      reach = range.end;
      reachIndex = i;
    }
  });
  return overlapping.size;
}

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'.charAt(Math.floor(random() * 4));
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const NOTES = ['Check against the trial registry', 'Grade per ASTCT consensus', 'Compare with the lupus cohort', 'Dose per kg body weight'];
const TAGS = ['CRS', 'dose', 'B cells', 'remission', 'safety', 'follow-up'];

/** Stored annotation records for the ranges, with selectors made by `describe` as the app does. */
export function annotationRecords(text: string, documentId: DocumentId, ranges: readonly GeneratedRange[], seed: number): Annotation[] {
  const random = seededRandom(seed);
  const createdAt = '2025-03-14T09:00:00.000Z';
  return ranges.map((range) => ({
    id: uuidFrom(random) as AnnotationId,
    documentId,
    target: describe(text, range.start, range.end),
    color: range.color,
    note: random() < 0.1 ? pick(random, NOTES) : '',
    tags: random() < 0.1 ? [pick(random, TAGS)] : [],
    field: null,
    creator: 'Benchmark reviewer',
    createdAt,
    modifiedAt: createdAt,
    deletedAt: null,
  }));
}

export interface EditSummary {
  insertions: number;
  deletions: number;
  replacements: number;
}

/** One edit as applied: `remove` code units at `at` replaced by `insert`, in the text as it was then. */
export interface TextEdit {
  at: number;
  remove: number;
  insert: string;
}

/**
 * Applies `count` random insertions, deletions and replacements of 1–50 code units, in sequence, and
 * returns the edits in the order applied so that the benchmark knows where every range truly went.
 */
export function applyRandomEdits(text: string, count: number, seed: number): { text: string; summary: EditSummary; edits: TextEdit[] } {
  const random = seededRandom(seed);
  const summary: EditSummary = { insertions: 0, deletions: 0, replacements: 0 };
  const edits: TextEdit[] = [];
  const filler = 'the of and patients cells remission dose CD19 infusion grade response ';
  let edited = text;
  for (let i = 0; i < count; i++) {
    const length = between(random, 1, 50);
    const at = Math.floor(random() * (edited.length - length));
    const offset = Math.floor(random() * (filler.length - length));
    const inserted = filler.slice(offset, offset + length);
    const kind = random();
    let edit: TextEdit;
    if (kind < 1 / 3) {
      edit = { at, remove: 0, insert: inserted };
      summary.insertions++;
    } else if (kind < 2 / 3) {
      edit = { at, remove: length, insert: '' };
      summary.deletions++;
    } else {
      // Clamped to the text so that `remove` says what was really removed.
      edit = { at, remove: Math.min(between(random, 1, 50), edited.length - at), insert: inserted };
      summary.replacements++;
    }
    edited = edited.slice(0, edit.at) + edit.insert + edited.slice(edit.at + edit.remove);
    edits.push(edit);
  }
  return { text: edited, summary, edits };
}

/** Where a range of the original text is after a sequence of edits, and whether any edit reached into it. */
export interface TrueRange {
  start: number;
  end: number;
  /** False when every edit stayed outside the range, so its text is unchanged and at [start, end). */
  touched: boolean;
}

/**
 * Follows [start, end) through `edits`. An edit that ends at or before the range's start shifts it
 * (an insertion exactly at its start goes before it); one that starts at or after its end leaves it;
 * anything else reaches into the range, which then stretches over whatever replaced its edited part.
 */
export function followRange(edits: readonly TextEdit[], range: { start: number; end: number }): TrueRange {
  let { start, end } = range;
  let touched = false;
  for (const { at, remove, insert } of edits) {
    const delta = insert.length - remove;
    if (at + remove <= start) {
      start += delta;
      end += delta;
    } else if (at >= end) {
      continue;
    } else {
      touched = true;
      const newStart = Math.min(start, at);
      const newEnd = at + remove >= end ? at + insert.length : end + delta;
      start = newStart;
      end = Math.max(newStart, newEnd);
    }
  }
  return { start, end, touched };
}
