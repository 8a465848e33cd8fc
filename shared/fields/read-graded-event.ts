// Reads an adverse event with its grade, keeping which event had which grade: "grade 4 neutropenia",
// "CRS (grade 1)", "ICANS grade 1 on day 5", "no ICANS was observed" (absent), and says why not.
import { termAfter, termBefore } from './event-terms';
import { findGradeMentions, readSeverity, SCALE_EVENT, scaleNote } from './read-grade';
import { findTimePoints } from './read-time-point';
import { describeScale, GRADE_SCALE_MAX, GRADE_SCALE_NAMES } from './scales';
import type { FieldValue, GradeScale, NormalizeResult, TimePoint } from './types';

/** The event a scale grades, for a bare "grade 2" tagged in a CRS or ICANS field. */
const SCALE_DEFAULT_EVENT: Partial<Record<GradeScale, string>> = { 'ASTCT-CRS': 'CRS', 'ASTCT-ICANS': 'ICANS' };

// A scale named in parentheses ("(CTCAE)", "(ASTCT CRS)") is about the grade, not part of the event.
const SCALE_PAREN = /\s*\((?:ASTCT|ASBMT|CTCAE)(?:\s+(?:CRS|ICANS))?(?:\s+v?\d+(?:\.\d+)?)?\)/gi;

interface Reading {
  event: string | null;
  grade: number;
  bound: 'exact' | 'at-most' | 'absent';
  timePoint: TimePoint | null;
  note: string | null;
  start: number;
}

const NEGATION_START = /^\s*(?:no|not|without|none\s+of|neither|absence\s+of|free\s+of)\s+/i;

/** The nearest time point in `from`–`to`, preferring one after the grade ("grade 1 on day 5"). */
function timePointIn(text: string, from: number, to: number, after: number): TimePoint | null {
  const points = findTimePoints(text.slice(from, to)).map((p) => ({ ...p, start: p.start + from }));
  return (points.find((p) => p.start >= after) ?? points[0])?.timePoint ?? null;
}

function describe(reading: Reading): string {
  const event = reading.event ?? 'event';
  return reading.bound === 'absent' ? `no ${event}` : `${event} grade ${reading.grade}`;
}

/** Reads a graded event from `text` (already cleaned) on `scale`. */
export function readGradedEvent(text: string, scale: GradeScale): NormalizeResult {
  const plain = text.replace(SCALE_PAREN, '');
  const mentions = findGradeMentions(plain);
  const readings: Reading[] = mentions.map((mention, i) => {
    const previousEnd = i === 0 ? 0 : mentions[i - 1]!.end;
    const nextStart = mentions[i + 1]?.start ?? plain.length;
    // "grade 4 neutropenia": the event follows; "neutropenia (grade 4)", "ICANS grade 1": it precedes.
    const event = termAfter(plain, mention.end, nextStart) ?? termBefore(plain, mention.start, previousEnd);
    const absent = mention.grade === 0;
    return {
      event,
      grade: mention.grade,
      bound: absent ? 'absent' : mention.bound,
      timePoint: timePointIn(plain, previousEnd, nextStart, mention.end),
      note: mention.note,
      start: mention.start,
    };
  });
  let oneNegation = false;
  if (readings.length === 0) {
    const negation = NEGATION_START.exec(plain) ?? /\b(?:no|neither|without)\s+/i.exec(plain);
    const severity = readSeverity(plain);
    if (severity && severity.grade > 0) {
      // "no moderate- or high-grade CRS": the event follows the last severity word.
      const words = [...plain.matchAll(/\b(?:mild|moderate|severe|life[-\s]?threatening|fatal|high[-\s]grade|low[-\s]grade)\b/gi)];
      const at = words.at(-1)?.index ?? 0;
      readings.push({ event: termAfter(plain, at), grade: severity.grade, bound: severity.bound, timePoint: timePointIn(plain, 0, plain.length, at), note: severity.note, start: at });
    } else if (negation) {
      // "Neither infection nor neurotoxicity were observed": each event named after the negation is absent.
      const timePoint = timePointIn(plain, 0, plain.length, negation.index);
      let at = negation.index + negation[0].length;
      for (;;) {
        const event = termAfter(plain, at);
        if (event === null) break;
        readings.push({ event, grade: 0, bound: 'absent', timePoint, note: null, start: at });
        const next = /^\s*(?:,\s*)?(?:nor|or|and)\s+(?:any\s+)?/i.exec(plain.slice(at + plain.slice(at).indexOf(event) + event.length));
        if (!next) break;
        at += plain.slice(at).indexOf(event) + event.length + next[0].length;
      }
      oneNegation = true;
      if (readings.length === 0) return { ok: false, reason: 'the text negates something but names no event (e.g. "no ICANS was observed")' };
    } else {
      return { ok: false, reason: 'no grade in the text (e.g. "grade 4 neutropenia", "CRS (grade 1)", "no ICANS")' };
    }
  }
  // Where the scale grades one event (CRS, ICANS), the reading about that event is taken.
  // CTCAE grades the rest: a CRS or ICANS reading is not what a CTCAE field (cytopenias) is after.
  const about = SCALE_EVENT[scale];
  const scaleEvents = Object.values(SCALE_EVENT);
  const chosen =
    (about
      ? readings.find((r) => r.event !== null && about.test(r.event))
      : readings.find((r) => r.event !== null && !scaleEvents.some((pattern) => pattern.test(r.event!)))) ?? readings[0]!;
  const notes: string[] = [];
  if (chosen.note) notes.push(chosen.note);
  if (readings.length > 1 && !oneNegation) {
    notes.push(`several graded events in the text (${readings.map(describe).join(', ')}); ${describe(chosen)} was taken`);
  }
  let event = chosen.event;
  if (event === null) {
    const fallback = SCALE_DEFAULT_EVENT[scale];
    if (fallback === undefined) {
      return { ok: false, reason: `the text gives grade ${chosen.grade} but names no event (e.g. "grade ${chosen.grade} neutropenia")` };
    }
    event = fallback;
    notes.push(`the text names no event; read as ${fallback}, the event the ${GRADE_SCALE_NAMES[scale]} scale grades`);
  }
  if (chosen.grade < 0 || chosen.grade > GRADE_SCALE_MAX[scale]) {
    return { ok: false, reason: `${event} grade ${chosen.grade} is outside the ${describeScale(scale)}` };
  }
  const fromScale = scaleNote(text, scale);
  if (fromScale) notes.push(fromScale);
  const value: FieldValue = { type: 'graded-event', event, scale, grade: chosen.bound === 'absent' ? 0 : chosen.grade, bound: chosen.bound, timePoint: chosen.timePoint };
  return { ok: true, value, needsConfirmation: notes.length > 0, reason: notes.length > 0 ? notes.join('; ') : null };
}
