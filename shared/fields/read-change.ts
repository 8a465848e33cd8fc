// Reads a change over time as articles report it: "CK fell from 12,400 U/L to 180 U/L by week 8" is
// CK, from 12,400 to 180 U/L, by week 8; without "from … to …" it says so rather than guess.
import { termBefore } from './event-terms';
import { amountNumbers } from './read-numbers';
import { findTimePoints } from './read-time-point';
import { matchUnitAt, unitWordAt } from './units';
import type { FieldDefinition, FieldValue, NormalizeResult } from './types';

// Verbs and filler between the measure and "from": "CK levels fell significantly from …".
const VERB_TAIL = /(?:\s*\b(?:fell|rose|dropped|declined|decreased|increased|improved|worsened|changed|went|was|were|reduced|normali[sz]ed|levels?|values?|significantly|markedly|gradually|steadily|rapidly)\b)+\s*$/i;

/** A written unit that is one (slashed, a percent, or a short symbol), not the next word of the sentence. */
function looksLikeUnit(word: string | null): word is string {
  return word !== null && (/[/%μ²]/.test(word) || /^(?:mg|g|kg|ml|l|u|iu|mmol|µmol|umol|points?|cells)$/i.test(word));
}

/** Reads a change from `text` (already cleaned) for `field`. */
export function readChange(field: FieldDefinition, text: string): NormalizeResult {
  const numbers = amountNumbers(text);
  for (const fromMatch of text.matchAll(/\bfrom\s+/gi)) {
    const at = fromMatch.index + fromMatch[0].length;
    const first = numbers.find((n) => n.start === at);
    if (!first) continue;
    const second = numbers.find((n) => n.start > first.end && /^\s*(?:\S+\s+){0,3}?to\s+$/i.test(text.slice(first.end, n.start)));
    if (!second) continue;
    const between = text.slice(first.end, second.start).replace(/\s*to\s+$/i, '').trim();
    const allowed = field.units ?? [];
    let unit: string | null;
    if (allowed.length > 0) {
      unit = matchUnitAt(text, second.end, allowed)?.unit ?? matchUnitAt(text, first.end, allowed)?.unit ?? null;
    } else {
      const after = unitWordAt(text, second.end);
      unit = between !== '' ? between : looksLikeUnit(after) ? after : null;
    }
    const notes: string[] = [];
    const afterWord = unitWordAt(text, second.end);
    if (allowed.length === 0 && between !== '' && afterWord !== null && afterWord !== between && looksLikeUnit(afterWord)) {
      notes.push(`the text gives "${between}" before and "${afterWord}" after; read as ${between}`);
    }
    if (allowed.length > 0 && unit === null) notes.push(`no unit of this field (${allowed.join(', ')}) in the text`);
    const measure = termBefore(text.slice(0, fromMatch.index).replace(VERB_TAIL, ''), fromMatch.index);
    const point = findTimePoints(text.slice(second.end))[0]?.timePoint ?? null;
    const value: FieldValue = { type: 'change', measure, from: first.value, to: second.value, unit, at: point };
    return { ok: true, value, needsConfirmation: notes.length > 0, reason: notes.length > 0 ? notes.join('; ') : null };
  }
  return {
    ok: false,
    reason: numbers.length === 0 ? 'no number in the text' : 'no "from … to …" in the text (e.g. "CK fell from 12,400 U/L to 180 U/L by week 8")',
  };
}
