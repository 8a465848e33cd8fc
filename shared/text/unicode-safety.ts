// Invisible characters that change how a short piece of text looks without being seen: bidi
// overrides that reverse a title on screen, zero-width characters that make two titles look alike
// or hide a spreadsheet formula. Metadata and CSV cells pass through here; document texts do not
// (they are stored exactly as imported, and offsets point into them).

/**
 * Removed wherever they stand: bidi embeddings, overrides, isolates and marks (U+202A–E,
 * U+2066–9, U+200E/F, U+061C), zero-width space, word joiner and invisible operators (U+200B,
 * U+2060–4), deprecated format controls (U+206A–F), byte-order mark (U+FEFF), interlinear
 * annotation controls (U+FFF9–B), the Mongolian vowel separator (U+180E), the soft hyphen (U+00AD),
 * Hangul fillers (U+115F, U+1160, U+3164, U+FFA0) and tag characters (U+E0000–E007F, which can
 * smuggle whole hidden sentences).
 */
const ALWAYS_INVISIBLE =
  /[\u00AD\u061C\u115F\u1160\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDC7F]/g;

/**
 * Zero-width (non-)joiners shape Arabic-script, Indic and other scripts and build emoji sequences,
 * so they stay between two visible characters when one of them is such a letter or an emoji; in
 * Latin, Greek, Cyrillic, digits and punctuation ("NCT\u200D0001") they only disguise.
 */
const JOINER = /[\u200C\u200D]/;
const JOINING_CONTEXT = /\p{Extended_Pictographic}|\p{Emoji_Modifier}/u;
const NON_JOINING_SCRIPT = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}\p{Script=Inherited}]$/u;
/** Variation selectors pick a glyph form (text or emoji); one after a character is normal, a run hides data. */
const VARIATION_SELECTOR = /^(?:[\uFE00-\uFE0F]|\uDB40[\uDD00-\uDDEF])$/;
/** Control characters: line breaks and tabs are kept in multi-line text and become spaces in a single line; the rest go. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
// eslint-disable-next-line no-control-regex -- vertical tab and form feed are line breaks to remove
const LINE_LIKE = /[\t\n\r\u000B\u000C\u0085\u2028\u2029]/;
const KEPT_IN_MULTILINE = /[\t\n\r]/;

function isVisible(char: string | undefined): boolean {
  return char !== undefined && !/^\s$/u.test(char) && !JOINER.test(char) && !VARIATION_SELECTOR.test(char) && !CONTROL.test(char);
}

/** The character a joiner follows: a variation selector belongs to the character before it ("❤️‍🔥"). */
function joinerBase(out: readonly string[]): string | undefined {
  const last = out.at(-1);
  return last !== undefined && VARIATION_SELECTOR.test(last) ? out.at(-2) : last;
}

function joins(char: string): boolean {
  return JOINING_CONTEXT.test(char) || !NON_JOINING_SCRIPT.test(char);
}

function joinerMayStay(before: string | undefined, after: string | undefined): boolean {
  return before !== undefined && after !== undefined && isVisible(before) && isVisible(after) && (joins(before) || joins(after));
}

export interface DisplaySafeOptions {
  /** A note or quote (a CSV cell) keeps its tabs and line breaks; a title or author (the default) is one line. */
  multiline?: boolean;
}

/**
 * Text safe to show and export as a title, an author, a journal or a cell: the characters above
 * removed, joiners kept only inside words of scripts that use them and in emoji, at most one
 * variation selector after a character,
 * line breaks and tabs turned into spaces (unless multiline) and other control characters dropped.
 * Ordinary text (accents, Greek, Hebrew and Arabic letters, "×", emoji) comes back unchanged.
 */
export function displaySafeText(text: string, options: DisplaySafeOptions = {}): string {
  const chars = Array.from(text.replace(ALWAYS_INVISIBLE, ''));
  const out: string[] = [];
  for (const [index, char] of chars.entries()) {
    if (CONTROL.test(char)) {
      if (options.multiline === true && KEPT_IN_MULTILINE.test(char)) out.push(char);
      else if (LINE_LIKE.test(char)) out.push(' ');
      continue;
    }
    if (JOINER.test(char)) {
      if (joinerMayStay(joinerBase(out), chars[index + 1])) out.push(char);
      continue;
    }
    if (VARIATION_SELECTOR.test(char)) {
      if (isVisible(out.at(-1))) out.push(char);
      continue;
    }
    out.push(char);
  }
  return out.join('');
}

/** Whether displaySafeText would change the text: for telling a reviewer that characters were removed. */
export function hasHiddenCharacters(text: string, options: DisplaySafeOptions = {}): boolean {
  return displaySafeText(text, options) !== text;
}
