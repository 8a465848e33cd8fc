// Filtering the annotation panel: by colour, by tag and by words in the quote, note or tags.
import type { Annotation, HighlightColor } from '@shared/model';
import type { AnnotationFilter } from '../../store/app-store';

export function matchesAnnotationFilter(annotation: Annotation, quote: string, filter: AnnotationFilter, meanings: Record<HighlightColor, string>): boolean {
  if (filter.colors.length > 0 && !filter.colors.includes(annotation.color)) return false;
  if (filter.tag !== null && !annotation.tags.some((t) => t.toLowerCase() === filter.tag!.toLowerCase())) return false;
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [quote, annotation.note, annotation.tags.join(' '), meanings[annotation.color]].join(' ').toLowerCase();
  return words.every((w) => haystack.includes(w));
}

/** All tags used in a set of annotations, sorted case-insensitively, each once. */
export function collectTags(annotations: readonly Annotation[]): string[] {
  const byKey = new Map<string, string>();
  for (const a of annotations) for (const t of a.tags) if (!byKey.has(t.toLowerCase())) byKey.set(t.toLowerCase(), t);
  return [...byKey.values()].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
}
