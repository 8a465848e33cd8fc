// Reads whether an event occurred, as the sentence says it: "no ICANS was observed" is absent,
// "possible grade 1 CRS" uncertain, "CRS occurred in three patients" present; the event is kept.
import { isFunctionWord } from './event-terms';
import type { NormalizeResult, PresenceState } from './types';

// Uncertainty is looked for first: "could not be excluded" carries a "not" but is not an absence.
const UNCERTAIN =
  /\b(?:uncertain|possible|possibly|probable|probably|suspected|suspicion\s+of|likely|unlikely|may\s+have|might\s+have|could\s+not\s+be\s+(?:excluded|ruled\s+out)|cannot\s+be\s+(?:excluded|ruled\s+out)|questionable|presumed|presumably)\b/gi;
const ABSENT =
  /\b(?:absent|no|not|without|absence\s+of|free\s+of|neither|nor|none|never|denied|negative\s+for|ruled\s+out|did\s+not\s+(?:develop|experience|have|show|occur))\b/gi;
const PRESENT = /\bpresent\b/gi;

/** The event term: the first run of words that are not function words or cues, with those joined to it by "or"/"nor"/"and". */
function eventOf(text: string): string | null {
  const stripped = text.replace(UNCERTAIN, ' ').replace(ABSENT, (cue) => (/^nor$/i.test(cue) ? ' or ' : ' ')).replace(PRESENT, ' ');
  const event: string[] = [];
  let join: string | null = null;
  for (const match of stripped.matchAll(/[\p{L}\p{N}][\p{L}\p{N}+/'’-]*|[,;.:]/gu)) {
    const word = match[0];
    const content = !/^[,;.:]$/.test(word) && !isFunctionWord(word);
    if (event.length === 0) {
      if (content) event.push(word);
    } else if (join !== null) {
      if (!content) break;
      event.push(join, word);
      join = null;
    } else if (/^(?:or|and)$/i.test(word)) {
      join = word.toLowerCase();
    } else if (content) {
      event.push(word);
    } else {
      break;
    }
  }
  return event.length === 0 ? null : event.join(' ');
}

/** Reads presence, absence or uncertainty of an event from `text` (already cleaned). */
export function readPresence(text: string): NormalizeResult {
  const body = text.replace(/^(?:present|absent|uncertain)\s*:\s*/i, (cue) => `${cue.replace(':', '')} `);
  const state: PresenceState = new RegExp(UNCERTAIN.source, 'i').test(body) ? 'uncertain' : new RegExp(ABSENT.source, 'i').test(body) ? 'absent' : 'present';
  const event = eventOf(body);
  if (event === null) return { ok: false, reason: 'the text names no event (e.g. "no ICANS was observed", "possible grade 1 CRS")' };
  return { ok: true, value: { type: 'presence', event, state }, needsConfirmation: false, reason: null };
}
