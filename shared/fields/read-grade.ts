// Reads an adverse-event grade from tagged text ("grade III", "no moderate- or high-grade CRS" is at
// most grade 1, "Neither infection nor neurotoxicity were observed" is absent), or says why not.
import { SMALL_WORDS } from './read-numbers';
import { describeScale, GRADE_SCALE_MAX, GRADE_SCALE_NAMES } from './scales';
import type { GradeScale, NormalizeResult } from './types';

const ROMAN: ReadonlyMap<string, number> = new Map(Object.entries({ i: 1, ii: 2, iii: 3, iv: 4, v: 5, vi: 6, vii: 7, viii: 8, ix: 9, x: 10 }));

const GRADE_TOKEN = String.raw`(\d+|[ivx]+|zero|one|two|three|four|five|six|seven|eight|nine|ten)`;
const MENTION = new RegExp(
  String.raw`\b(?:(at\s+most|up\s+to|no\s+more\s+than|not\s+more\s+than|(?:did|does|do)\s+not\s+exceed|never\s+exceeded|maximum(?:\s+of)?|max\.?|at\s+least|minimum(?:\s+of)?)\s+)?` +
    String.raw`(?:grades?|gr\.)\s*[-:]?\s*(≤|<=|≥|>=|<|>)?\s*${GRADE_TOKEN}(?![\w])` +
    String.raw`(?:\s*(\+)|\s*(?:-|–|—|\/|to|or|and)\s*${GRADE_TOKEN}(?![\w])|\s+(?:or|and)\s+(higher|above|greater|more|worse|over|lower|below|less|fewer|under))?`,
  'giu',
);

function gradeNumber(token: string | undefined): number | null {
  if (token === undefined) return null;
  const lower = token.toLowerCase();
  if (/^\d+$/.test(lower)) return Number(lower);
  // GRADE_TOKEN lets through only the words zero to ten.
  return SMALL_WORDS.get(lower) ?? ROMAN.get(lower) ?? null;
}

const NEGATION = /\b(?:no|not|without|none|neither|nor|never|absence\s+of|free\s+of)\b/i;
// A negation only reaches forward within its clause: "no ICANS, and grade 1 CRS" is a grade.
const CLAUSE_BREAK = /[.;:,!?]|\b(?:and|but|while|whereas|although|however)\b/gi;

function negatedBefore(text: string, start: number): boolean {
  const window = text.slice(Math.max(0, start - 80), start);
  let cut = 0;
  for (const match of window.matchAll(CLAUSE_BREAK)) cut = match.index + match[0].length;
  return NEGATION.test(window.slice(cut));
}

interface GradeReading {
  grade: number;
  bound: 'exact' | 'at-most';
  note: string | null;
}

/** One "grade …" phrase read as what it tells about the worst grade. */
function readMention(match: RegExpMatchArray, text: string): GradeReading | null {
  const [, prefix, comparator, firstToken, plus, secondToken, direction] = match;
  const first = gradeNumber(firstToken);
  if (first === null) return null;
  const second = gradeNumber(secondToken);
  const negated = negatedBefore(text, match.index ?? 0);
  const prefixWord = (prefix ?? '').toLowerCase().replace(/\s+/g, ' ');
  const atMostWords = ['at most', 'up to', 'no more than', 'not more than', 'maximum', 'maximum of', 'max', 'max.'];
  const lowerWords = ['lower', 'below', 'less', 'fewer', 'under'];
  if (second !== null) {
    const low = Math.min(first, second);
    const high = Math.max(first, second);
    if (negated) return { grade: low - 1, bound: 'at-most', note: null };
    const note = low > 1 ? `the text gives grades ${low}–${high}; read as at most grade ${high}` : null;
    return { grade: high, bound: 'at-most', note };
  }
  if (comparator === '<') return { grade: first - 1, bound: 'at-most', note: null };
  const atMost = atMostWords.includes(prefixWord) || prefixWord.includes('exceed');
  if (comparator === '≤' || comparator === '<=' || atMost || lowerWords.includes(direction ?? '')) {
    return { grade: first, bound: 'at-most', note: null };
  }
  const atLeast =
    comparator === '≥' || comparator === '>=' || comparator === '>' || plus !== undefined || prefixWord.startsWith('at least') || prefixWord.startsWith('minimum') || direction !== undefined;
  if (atLeast) {
    const lowest = comparator === '>' ? first + 1 : first;
    if (negated) return { grade: lowest - 1, bound: 'at-most', note: null };
    return { grade: lowest, bound: 'exact', note: `the text gives grade ${lowest} or higher; read as grade ${lowest}` };
  }
  if (negated) return { grade: first - 1, bound: 'at-most', note: `"no grade ${first}" read as at most grade ${first - 1}` };
  return { grade: first, bound: 'exact', note: null };
}

const SEVERITY_WORDS: { pattern: RegExp; grade: number; bound: 'exact' | 'at-most' }[] = [
  { pattern: /\blife[-\s]?threatening\b/gi, grade: 4, bound: 'exact' },
  { pattern: /\bfatal\b/gi, grade: 5, bound: 'exact' },
  { pattern: /\bsevere\b/gi, grade: 3, bound: 'exact' },
  { pattern: /\bhigh[-\s]grade\b/gi, grade: 3, bound: 'exact' },
  { pattern: /\bmoderate\b/gi, grade: 2, bound: 'exact' },
  { pattern: /\bmild\b/gi, grade: 1, bound: 'exact' },
  { pattern: /\blow[-\s]grade\b/gi, grade: 2, bound: 'at-most' },
];

/** Grades implied by severity words (CTCAE's wording: mild 1, moderate 2, severe 3, life-threatening 4). */
function readSeverityWords(text: string): GradeReading | null {
  const negatedLevels: number[] = [];
  const stated: { grade: number; bound: 'exact' | 'at-most'; word: string }[] = [];
  for (const { pattern, grade, bound } of SEVERITY_WORDS) {
    for (const match of text.matchAll(pattern)) {
      if (negatedBefore(text, match.index)) {
        if (bound === 'exact') negatedLevels.push(grade);
      } else {
        stated.push({ grade, bound, word: match[0] });
      }
    }
  }
  if (stated.length > 0) {
    const worst = stated.reduce((a, b) => (b.grade > a.grade ? b : a));
    const reading = worst.bound === 'at-most' ? `at most grade ${worst.grade}` : `grade ${worst.grade}`;
    return { grade: worst.grade, bound: worst.bound, note: `read as ${reading} from the word "${worst.word}"` };
  }
  if (negatedLevels.length > 0) {
    return { grade: Math.min(...negatedLevels) - 1, bound: 'at-most', note: null };
  }
  return null;
}

const ABSENCE = /\b(?:no|not|none|neither|nor|without|never|absent|absence|free\s+of|did\s+not|didn't)\b/i;

/** The scales the text itself names, to catch a grade copied from a different grading system. */
function namedScales(text: string): { scales: Set<GradeScale>; other: boolean } {
  const scales = new Set<GradeScale>();
  if (/\bctcae\b|common terminology criteria/i.test(text)) scales.add('CTCAE');
  if (/\b(?:astct|asbmt)\b/i.test(text)) {
    if (/\bicans\b|neurotox/i.test(text)) scales.add('ASTCT-ICANS');
    if (/\bcrs\b|cytokine release/i.test(text) || !/\bicans\b|neurotox/i.test(text)) scales.add('ASTCT-CRS');
  }
  const other = /\b(?:lee|penn|cartox|mskcc?)\s+(?:criteria|grading|scale|score|system)\b/i.test(text);
  return { scales, other };
}

function scaleNote(text: string, scale: GradeScale): string | null {
  const { scales, other } = namedScales(text);
  if (other) return `the text grades by another system than ${GRADE_SCALE_NAMES[scale]}`;
  if (scales.size === 0 || scales.has(scale)) return null;
  const names = [...scales].map((s) => GRADE_SCALE_NAMES[s]).join(', ');
  return `the text names ${names}, but this field grades by ${GRADE_SCALE_NAMES[scale]}`;
}

/** The event a scale grades; a grade written right after its name belongs to it. */
const SCALE_EVENT: Partial<Record<GradeScale, RegExp>> = {
  'ASTCT-CRS': /\bcrs\b|cytokine[-\s]release/i,
  'ASTCT-ICANS': /\bicans\b|neurotox|immune[-\s]effector[-\s]cell/i,
};

/**
 * The grade mentions in a text; where the text grades several events ("mild CRS (grade 1),
 * transient anemia (grade 2), and neutropenia (grade 4)") and the scale grades one of them, only
 * the mentions that follow that event's name, before any other grade, are kept.
 */
function mentionsFor(text: string, scale: GradeScale): GradeReading[] {
  const matches = [...text.matchAll(MENTION)];
  const readings = matches.map((match) => ({ match, reading: readMention(match, text) })).filter((m): m is { match: RegExpExecArray; reading: GradeReading } => m.reading !== null);
  const event = SCALE_EVENT[scale];
  if (!event || readings.length < 2) return readings.map((m) => m.reading);
  const about = readings.filter(({ match }, i) => {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    const from = i === 0 ? 0 : (readings[i - 1]!.match.index ?? 0) + readings[i - 1]!.match[0].length;
    const to = i + 1 < readings.length ? (readings[i + 1]!.match.index ?? text.length) : text.length;
    // "grade 2 CRS": the event named right after the grade, before the clause ends.
    const after = text.slice(end, to).split(/[,;.]/)[0] ?? '';
    // "mild CRS (grade 1)": the event named before the grade, in the same clause.
    const before = text.slice(from, start).split(/[,;.]/).pop() ?? '';
    return event.test(before) || event.test(after);
  });
  return (about.length > 0 ? about : readings).map((m) => m.reading);
}

/** A "grade …" phrase, where it stands in the text and what it says about the grade. */
export interface GradeMention {
  start: number;
  end: number;
  grade: number;
  bound: 'exact' | 'at-most';
  note: string | null;
}

/** Every "grade …" phrase in `text` (already cleaned), in reading order. */
export function findGradeMentions(text: string): GradeMention[] {
  const mentions: GradeMention[] = [];
  for (const match of text.matchAll(MENTION)) {
    const reading = readMention(match, text);
    if (reading) mentions.push({ start: match.index, end: match.index + match[0].length, ...reading });
  }
  return mentions;
}

/** Grades named by severity words ("mild", "severe"), for texts without a "grade …" phrase. */
export function readSeverity(text: string): { grade: number; bound: 'exact' | 'at-most'; note: string | null } | null {
  return readSeverityWords(text);
}

export { scaleNote, SCALE_EVENT };

/** Reads the (worst) grade in `text` on `scale`. `text` is already cleaned. */
export function readGrade(text: string, scale: GradeScale): NormalizeResult {
  const notes: string[] = [];
  const mentions = mentionsFor(text, scale);
  let reading: GradeReading | null;
  if (mentions.length > 0) {
    const distinct = [...new Set(mentions.map((m) => m.grade))];
    if (distinct.length > 1) {
      notes.push(`several grades in the text (${distinct.join(', ')}); the highest was taken`);
    }
    reading = mentions.reduce((a, b) => (b.grade > a.grade || (b.grade === a.grade && b.bound === 'exact') ? b : a));
  } else {
    reading = readSeverityWords(text);
  }
  if (reading === null) {
    if (!ABSENCE.test(text)) {
      return { ok: false, reason: 'no grade in the text (e.g. "grade 2", "grade II", "no CRS")' };
    }
    reading = { grade: 0, bound: 'at-most', note: null };
  }
  if (reading.note) notes.push(reading.note);
  const max = GRADE_SCALE_MAX[scale];
  if (reading.grade > max || reading.grade < 0) {
    return { ok: false, reason: `grade ${reading.grade} is outside the ${describeScale(scale)}` };
  }
  const fromScale = scaleNote(text, scale);
  if (fromScale) notes.push(fromScale);
  const value =
    reading.grade === 0
      ? ({ type: 'grade', scale, grade: 0, bound: 'absent' } as const)
      : ({ type: 'grade', scale, grade: reading.grade, bound: reading.bound } as const);
  return { ok: true, value, needsConfirmation: notes.length > 0, reason: notes.length > 0 ? notes.join('; ') : null };
}
