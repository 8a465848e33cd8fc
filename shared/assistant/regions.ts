// Where in a document the assistant may read: the article's own paragraphs, never its references,
// funding or conflict statements, nor scraped page furniture (menus, adverts, related-article lists),
// which the reader's segmenter already recognises; lists of teasers it misses are caught here.
import { segmentText } from '../text/segment';
import type { Span } from './sentences';

// Sections whose sentences speak of other work or of the authors, not of this study's values.
const EXCLUDED_SECTION = /^(?:\d+\.?\s*)?(?:references?|bibliography|literature cited|conflicts? of interest(?: statement)?|competing interests?|disclosures?|declaration of interests|funding|acknowledge?ments?|author contributions|figures?|supplementary material|publication types)\s*:?$/i;
// A paragraph that opens with one of these labels is such a statement, too ("Funding: …").
const EXCLUDED_LABEL = /^(?:funding|conflicts? of interest|competing interests?|disclosures?|acknowledge?ments?|author contributions)\s*:/i;
// Lists of other stories that a scraped page carries under its article.
const TEASER_HEADING = /^(?:related (?:stories|articles|content|posts|reading)|more from\b|read more|read next|you may also like|recommended(?: for you)?|most read|trending|popular|latest news|editor'?s pick)\b/i;
// Lines of navigation and sharing left inside a paragraph.
const FURNITURE_LINE = /^(?:share this(?: article)?|advertisement|sponsored(?: content)?|subscribe\b|sign in|log in|menu|home\s*\|)|\|.*\|/i;

/** The spans of `text` the assistant reads, in order. */
export function readableSpans(text: string): Span[] {
  const spans: Span[] = [];
  let excludedSection = false;
  let inTeasers = false;
  for (const block of segmentText(text)) {
    const content = text.slice(block.start, block.end).trim();
    if (block.kind === 'heading') {
      excludedSection = EXCLUDED_SECTION.test(content);
      inTeasers = TEASER_HEADING.test(content);
      continue;
    }
    if (block.kind === 'furniture') continue;
    if (excludedSection || EXCLUDED_LABEL.test(content)) continue;
    // A teaser list runs from its heading line over the short lines below it.
    let offset = block.start;
    for (const line of text.slice(block.start, block.end).split('\n')) {
      const start = offset;
      const end = offset + line.length;
      offset = end + 1;
      const trimmed = line.trim();
      if (trimmed === '') continue;
      if (TEASER_HEADING.test(trimmed.replace(/^[•*·-]\s*/, ''))) {
        inTeasers = true;
        continue;
      }
      if (inTeasers && (trimmed.length < 120 || /^[•*·-]/.test(trimmed))) continue;
      inTeasers = false;
      if (EXCLUDED_SECTION.test(trimmed)) {
        excludedSection = true;
        continue;
      }
      if (excludedSection || FURNITURE_LINE.test(trimmed) || /^[•*·]/.test(trimmed)) continue;
      spans.push({ start, end });
    }
  }
  return spans;
}

/** `sentences` clipped to `regions`: a sentence running over a region's edge keeps only its readable part. */
export function sentencesIn(sentences: readonly Span[], regions: readonly Span[]): Span[] {
  const out: Span[] = [];
  let r = 0;
  for (const sentence of sentences) {
    while (r < regions.length && regions[r]!.end <= sentence.start) r += 1;
    for (let i = r; i < regions.length && regions[i]!.start < sentence.end; i += 1) {
      const start = Math.max(sentence.start, regions[i]!.start);
      const end = Math.min(sentence.end, regions[i]!.end);
      if (end > start) out.push({ start, end });
    }
  }
  return out;
}
