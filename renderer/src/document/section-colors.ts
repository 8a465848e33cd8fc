// The highlight colour a tagged field value gets, by schema section, so extraction reads at a glance
// in the text (safety in red, efficacy in green…). Unknown sections fall back to gray.
import type { HighlightColor } from '@shared/model';

const SECTION_COLORS: Record<string, HighlightColor> = {
  study: 'orange',
  population: 'blue',
  intervention: 'purple',
  outcomes: 'green',
  safety: 'red',
};

export function colorForSection(sectionKey: string): HighlightColor {
  return SECTION_COLORS[sectionKey] ?? 'gray';
}
