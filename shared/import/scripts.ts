// Raised and lowered text (HTML <sup>/<sub>, PubMed XML <sup>/<sub>, small raised runs in a PDF)
// kept visible in plain text, so "1 × 10<sup>6</sup> cells/kg" never becomes a dose a million-fold off.
import { appendTraced, traced, withoutSpaces } from './traced-text';
import type { Traced } from './traced-text';

const SUPERSCRIPTS = new Map<string, string>([
  ['0', '⁰'], ['1', '¹'], ['2', '²'], ['3', '³'], ['4', '⁴'], ['5', '⁵'], ['6', '⁶'], ['7', '⁷'], ['8', '⁸'], ['9', '⁹'],
  ['+', '⁺'], ['-', '⁻'], ['−', '⁻'], ['=', '⁼'], ['(', '⁽'], [')', '⁾'], ['n', 'ⁿ'], ['i', 'ⁱ'],
]);

const SUBSCRIPTS = new Map<string, string>([
  ['0', '₀'], ['1', '₁'], ['2', '₂'], ['3', '₃'], ['4', '₄'], ['5', '₅'], ['6', '₆'], ['7', '₇'], ['8', '₈'], ['9', '₉'],
  ['+', '₊'], ['-', '₋'], ['−', '₋'], ['=', '₌'], ['(', '₍'], [')', '₎'], ['n', 'ₙ'], ['i', 'ᵢ'],
]);

export type ScriptPosition = 'super' | 'sub';

/**
 * "6" → "⁶", "2+" → "²⁺", "−1" → "⁻¹". Unicode has raised forms for digits, signs, brackets and a
 * few letters only; anything else keeps its characters behind a caret ("^a,b" for the footnote
 * marks of an author line, "_max" for C_max) so it is still visibly raised or lowered and
 * searchable. Mixing real superscript characters with a caret would be harder to read than either.
 * White space inside is dropped (it is layout, not content); empty text stays empty.
 */
export function scriptText(text: string, position: ScriptPosition): string {
  const content = text.replace(/\s+/g, '');
  if (content.length === 0) return '';
  const table = position === 'super' ? SUPERSCRIPTS : SUBSCRIPTS;
  const mapped = Array.from(content, (char) => table.get(char));
  if (mapped.every((char) => char !== undefined)) return mapped.join('');
  return (position === 'super' ? '^' : '_') + content;
}

/** True when the text is already made only of Unicode super- or subscript characters. */
export function isScriptText(text: string): boolean {
  return text.length > 0 && /^[⁰¹²³⁴-⁹⁺⁻⁼⁽⁾ⁿⁱ₀-₉₊₋₌₍₎ₙᵢ]+$/u.test(text);
}

/** scriptText, keeping where each unit came from (see traced-text.ts): a raised "6" still points at the "6" it was read from. */
export function scriptTraced(source: Traced, position: ScriptPosition): Traced {
  const content = withoutSpaces(source);
  const text = scriptText(content.text, position);
  if (text.length === content.text.length) return { text, item: content.item, offset: content.offset };
  return appendTraced(traced(text.slice(0, text.length - content.text.length)), content);
}
