// The Markdown summary: per document its facts, its extracted values each followed by the quote it
// came from, its highlights by colour meaning, notes and tags. Meant to read well as plain text too.
import { DOCUMENT_TYPE_LABELS } from '../model';
import type { AreaSelector } from '../model';
import { areaInPoints, describeArea } from '../text/page-area';
import { collectEvidence, correctedFromText, describePlace, describeState, documentNoteByline, FLAG_WORDS, sentenceCase } from '../evidence';
import type { AreaEntry, ColorGroup, DocumentEvidence, DocumentNoteEntry, EvidenceEntry, ExportInput, HighlightEntry } from '../evidence';

const STALE_QUOTE = sentenceCase(FLAG_WORDS['stale-quote']);

const ALPHANUMERIC = /[\p{L}\p{N}]/u;

/**
 * Escapes text from a document or a reviewer so it prints as itself. Only what Markdown acts on is
 * escaped, so the plain text stays readable: code, links, HTML, entity starts, emphasis (an
 * underscore inside a word, as in a field key, cannot start emphasis and is left alone), and, when
 * the text starts a line, what would open a heading, list, rule or setext underline.
 */
function escapeLine(line: string, atLineStart: boolean, inHeading = false): string {
  let escaped = line
    .replace(/[\\`*[\]<>~|]/g, '\\$&')
    .replace(/_/g, (underscore, at: number, whole: string) =>
      ALPHANUMERIC.test(whole[at - 1] ?? '') && ALPHANUMERIC.test(whole[at + 1] ?? '') ? underscore : '\\_',
    )
    .replace(/&(?=#?[a-zA-Z0-9]+;)/g, '\\&');
  if (inHeading) escaped = escaped.replace(/#/g, '\\#');
  if (!atLineStart) return escaped;
  return escaped
    .replace(/^(#{1,6})(?=\s|$)/, '\\$1')
    .replace(/^([-+])(?=\s|$)/, '\\$1')
    .replace(/^([-=])(?=[\s=-]*$)/, '\\$1')
    .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}

/** For one-line places inside a line (labels, values, headings): line breaks become spaces. */
export function escapeInline(text: string, inHeading = false): string {
  return escapeLine(text.replace(/\s*[\r\n]+\s*/g, ' ').trim(), false, inHeading);
}

/**
 * Lines of a block (a note, a quote). Leading spaces are dropped: Markdown would turn four of them
 * into a code block, and it ignores fewer anyway; the exact text is in the CSV and JSON-LD exports.
 */
function escapeBlockLines(text: string, firstLineStarts: boolean): string[] {
  return text.split(/\r\n|\r|\n/).map((line, index) => escapeLine(line.trim(), index > 0 || firstLineStarts));
}

function blockquote(text: string): string {
  return escapeBlockLines(text, true)
    .map((line) => (line.length > 0 ? `> ${line}` : '>'))
    .join('\n');
}

/** A paragraph that starts with a label, keeping the reviewer's line breaks as separate lines. */
function labelledParagraph(label: string, text: string): string {
  const lines = escapeBlockLines(text, false);
  const paragraphs = lines.join('\n').split(/\n{2,}/);
  return [`${label} ${paragraphs[0] ?? ''}`, ...paragraphs.slice(1)].join('\n\n');
}

/** A DOI link whose target survives any character a DOI may hold. */
function doiLink(doi: string): string {
  const url = `https://doi.org/${encodeURI(doi).replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'))}`;
  return `[${escapeInline(doi)}](${url})`;
}

function metadataLines(evidence: DocumentEvidence): string[] {
  const { meta } = evidence;
  const lines: string[] = [];
  const add = (label: string, value: string) => lines.push(`- **${label}:** ${value}`);
  if (meta.authors.length > 0) add('Authors', escapeInline(meta.authors.join(', ')));
  if (meta.journal) add('Journal', escapeInline(meta.journal));
  if (meta.publishedDate) add('Published', escapeInline(meta.publishedDate));
  if (meta.doi) add('DOI', doiLink(meta.doi));
  if (meta.pmid) add('PMID', escapeInline(meta.pmid));
  if (meta.trialRegistration) add('Trial registration', escapeInline(meta.trialRegistration));
  add('Type', DOCUMENT_TYPE_LABELS[meta.type]);
  add('Review status', escapeInline(evidence.statusLabel));
  if (evidence.override) add('Done override', escapeInline(evidence.override.sentence));
  add('Completeness', escapeInline(evidence.completeness.label));
  return lines;
}

function tagList(tags: string[]): string {
  return tags.map((tag) => escapeInline(tag)).join(', ');
}

function quoteBlock(quote: string, entry: Pick<EvidenceEntry, 'provenance' | 'range' | 'pages'>): string[] {
  const parts = [blockquote(quote)];
  if (entry.range) {
    const where = describePlace({ range: entry.range, pages: entry.pages });
    parts.push(entry.provenance.state === 'stale' ? `— recorded at ${where}` : `— ${where}`);
  }
  return parts;
}

function notesAndTags(note: string, tags: string[]): string[] {
  const parts: string[] = [];
  if (note.trim().length > 0) parts.push(labelledParagraph('*Note:*', note));
  if (tags.length > 0) parts.push(`*Tags:* ${tagList(tags)}`);
  return parts;
}

function valueBlock(entry: EvidenceEntry, fieldLabel: string): string[] {
  // A value of a patient, arm or time point is named with it: "Age · Patient 2".
  const label = entry.instance ? `${fieldLabel} · ${entry.instance.label}` : fieldLabel;
  const qualifier = entry.qualifier ? ` (${escapeInline(entry.qualifier)})` : '';
  const parts = [`**${escapeInline(label)}:** ${escapeInline(entry.text)}${qualifier} — ${describeState(entry)}`];
  if (entry.provenance.state === 'stale') {
    parts.push(`**${STALE_QUOTE}:** ${escapeInline(entry.provenance.reason)}; this value is no longer backed by its quote.`);
  }
  if (entry.authorship) parts.push(`*Reviewer:* ${escapeInline(entry.authorship.sentence)}`);
  if (entry.reviewText) parts.push(`*Review:* ${escapeInline(entry.reviewText)}`);
  if (entry.machineText) parts.push(`*${sentenceCase(correctedFromText(escapeInline(entry.machineText)))}.*`);
  if (entry.why) parts.push(`*Why:* ${escapeInline(entry.why)}`);
  if (entry.quote !== null) parts.push(...quoteBlock(entry.quote, entry));
  else if (entry.area) parts.push(`— read off the ${areaPlace(entry.area)}`);
  else parts.push(`*${sentenceCase(FLAG_WORDS['no-source'])}.*`);
  parts.push(...notesAndTags(entry.note, entry.tags));
  return parts;
}

function highlightBlock(entry: HighlightEntry): string[] {
  const parts = quoteBlock(entry.quote, entry);
  if (entry.provenance.state === 'stale') parts.push(`**${STALE_QUOTE}:** ${escapeInline(entry.provenance.reason)}.`);
  parts.push(...notesAndTags(entry.note, entry.tags));
  return parts;
}

/** "area on page 3 (left 72, top 144, 200 × 120 pt)": the page, and where on it for a reader with the PDF. */
function areaPlace(area: AreaSelector): string {
  const [left, top, width, height] = areaInPoints(area);
  return `${describeArea(area)} (left ${left}, top ${top}, ${width} × ${height} pt)`;
}

function areaBlock(entry: AreaEntry): string[] {
  return [`*${sentenceCase(areaPlace(entry.area))}*`, ...notesAndTags(entry.note, entry.tags)];
}

function colorGroupBlock(group: ColorGroup): string[] {
  return [`#### ${escapeInline(group.meaning, true)} (${group.color})`, ...group.highlights.flatMap(highlightBlock), ...group.areas.flatMap(areaBlock)];
}

/** A note on the whole document: the reviewer's words, then who wrote it and when. */
function documentNoteBlock(entry: DocumentNoteEntry): string[] {
  const parts: string[] = [];
  if (entry.note.trim().length > 0) parts.push(labelledParagraph('*Note:*', entry.note));
  if (entry.tags.length > 0) parts.push(`*Tags:* ${tagList(entry.tags)}`);
  parts.push(`— ${escapeInline(documentNoteByline(entry))}`);
  return parts;
}

function documentBlock(evidence: DocumentEvidence): string[] {
  const parts: string[] = [`## ${escapeInline(evidence.meta.title, true)}`, metadataLines(evidence).join('\n')];
  // First after the facts: a note on the whole document ("Excluded: wrong population") frames all that follows.
  if (evidence.documentNotes.length > 0) {
    parts.push('### Document notes');
    for (const entry of evidence.documentNotes) parts.push(...documentNoteBlock(entry));
  }
  if (evidence.staleCount > 0) {
    parts.push(`**${evidence.staleCount} ${evidence.staleCount === 1 ? 'value' : 'values'} with a ${FLAG_WORDS['stale-quote']}:** the quote no longer matches the stored text.`);
  }

  parts.push('### Extracted values');
  const filledSections = evidence.sections.filter((s) => s.fields.some((f) => f.values.length > 0));
  if (filledSections.length === 0 && evidence.outsideSchema.length === 0) parts.push('*No values extracted.*');
  for (const { section, fields } of filledSections) {
    parts.push(`#### ${escapeInline(section.label, true)}`);
    for (const { field, values } of fields) {
      for (const entry of values) parts.push(...valueBlock(entry, field.label));
    }
  }
  if (evidence.missingRequired.length > 0) {
    parts.push(`*Required fields without a value:* ${evidence.missingRequired.map((label) => escapeInline(label)).join(', ')}`);
  }
  if (evidence.outsideSchema.length > 0) {
    parts.push('#### Values outside the schema');
    for (const entry of evidence.outsideSchema) parts.push(...valueBlock(entry, entry.fieldKey));
  }

  if (evidence.highlights.length > 0) {
    parts.push('### Highlights');
    for (const group of evidence.highlights) parts.push(...colorGroupBlock(group));
  }
  if (evidence.tags.length > 0) {
    parts.push('### Tags', evidence.tags.map(({ tag, count }) => `${escapeInline(tag)} (${count})`).join(' · '));
  }
  return parts;
}

/** The whole summary as Markdown text, documents in the order given, separated by rules. */
export function markdownSummary(input: ExportInput): string {
  const evidence = collectEvidence(input);
  const header = [
    '# Margin evidence summary',
    `Exported ${escapeInline(input.generatedAt)} · ${evidence.length} ${evidence.length === 1 ? 'document' : 'documents'} · schema: ${escapeInline(input.schema.title)} (version ${input.schema.version})`,
  ];
  const blocks = evidence.map((doc) => documentBlock(doc).join('\n\n'));
  return [header.join('\n\n'), ...blocks].join('\n\n---\n\n') + '\n';
}
