// Names and keys of the highlight colours, so a colour is never conveyed by colour alone.
import { HIGHLIGHT_COLORS } from '@shared/model';
import type { HighlightColor } from '@shared/model';

export const COLOR_NAMES: Record<HighlightColor, string> = {
  yellow: 'Yellow',
  red: 'Red',
  green: 'Green',
  blue: 'Blue',
  purple: 'Purple',
  orange: 'Orange',
  magenta: 'Magenta',
  gray: 'Gray',
};

/** Keys 1–8 pick colours in this order while text is selected. */
export function colorForKey(key: string): HighlightColor | null {
  const index = Number(key) - 1;
  return Number.isInteger(index) && index >= 0 && index < HIGHLIGHT_COLORS.length ? HIGHLIGHT_COLORS[index]! : null;
}

export function keyForColor(color: HighlightColor): string {
  return String(HIGHLIGHT_COLORS.indexOf(color) + 1);
}
