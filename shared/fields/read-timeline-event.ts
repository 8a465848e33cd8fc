// Reads one event of a patient's timeline with its day relative to the infusion, as case reports
// tell them: "on day 5 she developed fever", "Day +14: discharged", "34 days before infusion,
// rituximab was stopped". The time point is read as read-time-point reads it; the event is the rest.
import { findTimePoints } from './read-time-point';
import type { NormalizeResult } from './types';

// Words that only tie the time point to the sentence ("on day 5", "by week 8", "after infusion").
const TIE_BEFORE = /(?:\b(?:on|at|by|from|since|until|till|in|around|about|approximately|of|until|to)\s*)+$/i;
const TIE_AFTER = /^\s*(?:(?:before|after|prior\s+to|post|following|from|since)\s+(?:the\s+)?(?:car[-\s]?t(?:\s+cells?)?\s+)?(?:infusion|treatment|cart)\b)?/i;
const EDGE = /^[\s,;:.\-–—()]+|[\s,;:.\-–—()]+$/g;

/** Reads a timeline event from `text` (already cleaned). */
export function readTimelineEvent(text: string): NormalizeResult {
  const points = findTimePoints(text);
  const first = points[0];
  if (!first) {
    return { ok: false, reason: 'no day relative to the infusion in the text (e.g. "fever on day 1", "Day +14: discharged", "34 days before infusion")' };
  }
  const before = text.slice(0, first.start).replace(TIE_BEFORE, '');
  // An offset ("34 days") ends at its number: its unit word goes with it.
  const rest = first.timePoint.form === 'offset' ? text.slice(first.end).replace(/^\s*[-\u2010\u2011]?\s*(?:days?|weeks?|months?|years?|d|wks?|mos?|yrs?)\b\.?/i, '') : text.slice(first.end);
  const after = rest.replace(TIE_AFTER, '');
  const event = `${before.replace(EDGE, '')} ${after.replace(EDGE, '')}`.trim().replace(/\s+/g, ' ');
  if (event === '') return { ok: false, reason: `the text gives a time point (${text.slice(first.start, first.end).trim()}) but names no event` };
  const note = points.length > 1 ? 'several time points in the text; the first was taken' : null;
  return { ok: true, value: { type: 'timeline-event', event, at: first.timePoint }, needsConfirmation: note !== null, reason: note };
}
