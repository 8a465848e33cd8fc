// Finds the name of the event or measure a phrase is about ("neutropenia" in "neutropenia (grade 4)",
// "ICANS" in "no ICANS was observed", "CK" in "CK fell from …"), so it is kept beside its value.

// Words that end an event term: function words, verbs of reporting, people, and negation or
// uncertainty cues (those are read separately). A Set: the words come from the tagged text.
const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or nor but with without of as had has have having was were is are be been being developed develop developing ' +
    'experienced experience experiencing presented present showed show shown showing including included due to in on at by after ' +
    'before during within from for which that who whom this these those there their his her its our patient patients participant ' +
    'participants subject subjects child children case cases part no not none neither never any all both each reported observed ' +
    'occurred occur occurring seen noted detected documented recorded found described developed while whereas although however ' +
    'possible possibly probable probably suspected suspect likely unlikely may might could questionable presumed presumably ' +
    'fell rose dropped declined decreased increased improved changed went reduced normalized normalised'
  ).split(' '),
);

// Severity words say the grade, which is kept apart; the event is what remains ("mild CRS" is CRS).
const SEVERITY = /^(?:mild|moderate|severe|life[-\s]?threatening|fatal|high[-\s]grade|low[-\s]grade)$/i;

const MAX_WORDS = 5;

function tidy(words: string[]): string | null {
  const kept = words.filter((w, i) => !(i === 0 && SEVERITY.test(w)));
  const term = kept
    .join(' ')
    .replace(/^[\s(,;:–—-]+|[\s(),;:–—-]+$/g, '')
    .trim();
  return term.length > 0 && /\p{L}/u.test(term) ? term : null;
}

/** Splits into words, keeping hyphenated and slashed names whole ("cytokine-release", "IL-6", "U/L"). */
function words(segment: string): { word: string; start: number }[] {
  return [...segment.matchAll(/[\p{L}\p{N}][\p{L}\p{N}+/'’-]*/gu)].map((m) => ({ word: m[0], start: m.index }));
}

function isStop(word: string): boolean {
  return STOP_WORDS.has(word.toLowerCase());
}

/**
 * The event term just before `end`, within the clause: "transient anemia" in "…, transient anemia
 * (grade 2)". Stops at punctuation (other than the opening parenthesis right before the grade), at
 * a function word, or after five words.
 */
export function termBefore(text: string, end: number, from = 0): string | null {
  let segment = text.slice(from, end).replace(/[\s(]+$/, '');
  const cut = Math.max(segment.lastIndexOf(','), segment.lastIndexOf(';'), segment.lastIndexOf('.'), segment.lastIndexOf(':'), segment.lastIndexOf(')'));
  if (cut >= 0) segment = segment.slice(cut + 1);
  const found = words(segment);
  const picked: string[] = [];
  for (let i = found.length - 1; i >= 0 && picked.length < MAX_WORDS; i -= 1) {
    const word = found[i]!.word;
    if (isStop(word) || /^\d/.test(word)) break;
    picked.unshift(word);
  }
  return tidy(picked);
}

/** The event term starting right at `start`: "neutropenia" in "grade 4 neutropenia on day 5". */
export function termAfter(text: string, start: number, to = text.length): string | null {
  let segment = text.slice(start, to);
  const cut = segment.search(/[,;.:()[\]]/);
  if (cut >= 0) segment = segment.slice(0, cut);
  if (!/^\s*[\p{L}]/u.test(segment)) return null;
  const picked: string[] = [];
  for (const { word } of words(segment)) {
    if (picked.length >= MAX_WORDS || isStop(word) || /^\d/.test(word)) break;
    if (picked.length === 0 && SEVERITY.test(word)) continue;
    picked.push(word);
  }
  return tidy(picked);
}

/** Whether `word` is one that cannot be (part of) an event term. */
export function isFunctionWord(word: string): boolean {
  return isStop(word);
}
