// The section names articles in this field print as headings, so a line that is only one of them is
// a heading in any import (PDF layout and the reader's segmenter use the same list).

/** Lower-case names; a numbered form ("2. Methods", "3 Results") and a trailing colon also count. */
export const SECTION_NAMES: ReadonlySet<string> = new Set([
  'abstract', 'summary', 'background', 'introduction', 'objective', 'objectives', 'aim', 'aims', 'purpose',
  'methods', 'method', 'materials and methods', 'patients and methods', 'methods and materials', 'study design',
  'design', 'setting', 'participants', 'patients', 'interventions', 'intervention', 'measurements', 'main outcome measures',
  'statistical analysis', 'results', 'findings', 'discussion', 'conclusion', 'conclusions', 'interpretation',
  'limitations', 'references', 'bibliography', 'acknowledgements', 'acknowledgments', 'funding', 'keywords',
  'key words', 'case presentation', 'case report', 'case reports', 'case description', 'case', 'highlights',
  'conflict of interest', 'conflicts of interest', 'competing interests', 'disclosures', 'declaration of interests',
  'data availability', 'data availability statement', 'ethics statement', 'author contributions', 'supplementary material',
  'abbreviations', 'trial registration', 'key points', 'importance', 'evidence before this study', 'added value of this study',
]);

/** "2.1 Patients" → "patients"; "RESULTS:" → "results". */
function sectionKey(line: string): string {
  return line
    .trim()
    .replace(/^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.)\s+/, '')
    .replace(/\s*[:.]$/, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** True when the whole line is a known section name, possibly numbered. */
export function isSectionName(line: string): boolean {
  return line.length <= 60 && SECTION_NAMES.has(sectionKey(line));
}
