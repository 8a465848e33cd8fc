// The HTML report: a table across the studies, then the Markdown summary's content per document, as
// one self-contained, print-ready page (A4, a page per document, headings kept with what follows
// them; quotes cited by section and page). It is also what the desktop app prints to PDF, so it
// must load nothing and run nothing: inline styles only, and every piece of text is escaped.
import { DOCUMENT_TYPE_LABELS, HIGHLIGHT_COLORS } from '../model';
import type { AreaSelector, DocumentId, HighlightColor } from '../model';
import { areaInPoints, describeArea } from '../text/page-area';
import { collectEvidence, correctedFromText, describeEntries, describeSectionPlace, describeState, documentNoteByline, FLAG_WORDS, sectionAt, sentenceCase } from '../evidence';
import type { AreaEntry, ColorGroup, DocumentEvidence, DocumentNoteEntry, EvidenceEntry, ExportInput, HighlightEntry, SectionHeading } from '../evidence';
import { segmentText } from '../text/segment';
import { displaySafeText } from '../text/unicode-safety';

const STALE_QUOTE = sentenceCase(FLAG_WORDS['stale-quote']);

/** Escapes text for element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&#39;';
    }
  });
}

/** Swatch colours, light enough that black text on them stays legible in print. */
export const SWATCH_COLORS: Record<HighlightColor, string> = {
  yellow: '#fde047',
  red: '#fca5a5',
  green: '#86efac',
  blue: '#93c5fd',
  purple: '#d8b4fe',
  orange: '#fdba74',
  magenta: '#f9a8d4',
  gray: '#d1d5db',
};

const STYLE = `
@page { size: A4; margin: 20mm 18mm 22mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: Georgia, 'Times New Roman', Times, serif; font-size: 11pt; line-height: 1.5; color: #111; max-width: 46em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 20pt; margin: 0 0 0.3em; }
h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
blockquote, .range { break-inside: avoid; page-break-inside: avoid; }
.range { break-before: avoid; page-break-before: avoid; }
@page across { size: A4 landscape; }
section.across { page: across; margin: 0 0 2em; }
table.across { border-collapse: collapse; width: 100%; font-size: 9pt; line-height: 1.3; }
table.across caption { text-align: left; color: #444; margin: 0 0 0.4em; }
table.across th, table.across td { border: 1px solid #999; padding: 0.25em 0.4em; text-align: left; vertical-align: top; }
table.across thead th { background: #eee; }
table.across tr { break-inside: avoid; page-break-inside: avoid; }
table.across tbody th { font-weight: normal; min-width: 12em; }
table.across .study { font-weight: bold; }
table.across .empty { color: #777; }
.left-out { color: #444; }
@media screen {
  section.across { overflow-x: auto; width: 94vw; position: relative; left: 50%; transform: translateX(-50%); }
  article.document { border-top: 4px double #555; margin-top: 3em; padding-top: 1.5em; }
}
h2 { font-size: 16pt; margin: 0 0 0.6em; line-height: 1.25; }
h3 { font-size: 13pt; margin: 1.4em 0 0.4em; border-bottom: 1px solid #bbb; }
h4 { font-size: 11.5pt; margin: 1.1em 0 0.3em; }
.report-meta { color: #444; margin: 0 0 1.5em; }
article.document { break-before: page; page-break-before: always; }
article.document:first-of-type { break-before: auto; page-break-before: auto; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.1em 1em; margin: 0 0 1em; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
.value, .highlight { break-inside: avoid; page-break-inside: avoid; margin: 0 0 0.9em; }
.value-line { margin: 0 0 0.2em; }
.state { color: #444; font-style: italic; }
.review { margin: 0 0 0.2em; color: #333; }
.stale { color: #9b1c1c; font-weight: bold; }
blockquote { margin: 0.2em 0 0.1em; padding: 0.2em 0.8em; border-left: 4px solid #888; background: #f6f6f6; white-space: pre-wrap; }
.range { margin: 0; color: #555; font-size: 9.5pt; }
.note { margin: 0.2em 0 0; white-space: pre-wrap; }
.tags { margin: 0.2em 0 0; color: #333; }
.tag { display: inline-block; border: 1px solid #999; border-radius: 3px; padding: 0 0.3em; margin: 0 0.2em 0.1em 0; font-size: 9.5pt; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; border: 1px solid #555; vertical-align: -0.1em; margin-right: 0.35em; }
.muted { color: #555; font-style: italic; }
a { color: #1a4f8b; }
${HIGHLIGHT_COLORS.map((c) => `.swatch-${c} { background: ${SWATCH_COLORS[c]}; }\nblockquote.color-${c} { border-left-color: ${SWATCH_COLORS[c]}; }`).join('\n')}
`.trim();

/**
 * The report's one <style> element, exactly as written into the page. The app's own policy allows
 * this stylesheet by its hash (shared/csp.ts), because the web host prints the report in a frame
 * that inherits the app's policy; any other inline style stays refused.
 */
export const REPORT_STYLESHEET = `\n${STYLE}\n`;

function doiHref(doi: string): string {
  return `https://doi.org/${encodeURI(doi)}`;
}

function metadataList(evidence: DocumentEvidence): string {
  const { meta } = evidence;
  const rows: [string, string][] = [];
  if (meta.authors.length > 0) rows.push(['Authors', escapeHtml(meta.authors.join(', '))]);
  if (meta.journal) rows.push(['Journal', escapeHtml(meta.journal)]);
  if (meta.publishedDate) rows.push(['Published', escapeHtml(meta.publishedDate)]);
  if (meta.doi) rows.push(['DOI', `<a href="${escapeHtml(doiHref(meta.doi))}">${escapeHtml(meta.doi)}</a>`]);
  if (meta.pmid) rows.push(['PMID', escapeHtml(meta.pmid)]);
  if (meta.trialRegistration) rows.push(['Trial registration', escapeHtml(meta.trialRegistration)]);
  rows.push(['Type', escapeHtml(DOCUMENT_TYPE_LABELS[meta.type])]);
  rows.push(['Review status', escapeHtml(evidence.statusLabel)]);
  if (evidence.override) rows.push(['Done override', escapeHtml(evidence.override.sentence)]);
  rows.push(['Completeness', escapeHtml(evidence.completeness.label)]);
  return `<dl class="meta">\n${rows.map(([dt, dd]) => `<dt>${dt}</dt><dd>${dd}</dd>`).join('\n')}\n</dl>`;
}

/** Names the section a stored offset falls in, for one document; null before its first heading. */
type SectionOf = (offset: number) => string | null;

/** The headings of a text, their words made safe to show and cut to a readable length. */
function headingsOf(text: string): SectionHeading[] {
  return segmentText(text)
    .filter((block) => block.kind === 'heading')
    .map((block) => {
      const name = displaySafeText(text.slice(block.start, block.end)).trim();
      return { start: block.start, name: name.length > 80 ? `${name.slice(0, 79)}…` : name };
    })
    .filter((heading) => heading.name.length > 0);
}

function quoteHtml(quote: string, entry: Pick<EvidenceEntry, 'provenance' | 'range' | 'pages'>, color: HighlightColor | null, sectionOf: SectionOf): string {
  const cls = color ? ` class="color-${color}"` : '';
  const parts = [`<blockquote${cls}>${escapeHtml(quote)}</blockquote>`];
  if (entry.range) {
    const where = escapeHtml(describeSectionPlace(sectionOf(entry.range.start), entry.pages));
    parts.push(`<p class="range">— ${entry.provenance.state === 'stale' ? `recorded at ${where}` : where}</p>`);
  }
  return parts.join('\n');
}

function notesAndTagsHtml(note: string, tags: string[]): string {
  const parts: string[] = [];
  if (note.trim().length > 0) parts.push(`<p class="note"><em>Note:</em> ${escapeHtml(note)}</p>`);
  if (tags.length > 0) {
    parts.push(`<p class="tags"><em>Tags:</em> ${tags.map((t) => `<span class="tag">${escapeHtml(t)}</span>`).join(' ')}</p>`);
  }
  return parts.join('\n');
}

function valueHtml(entry: EvidenceEntry, fieldLabel: string, images: ReadonlyMap<string, string> | undefined, sectionOf: SectionOf): string {
  // A value of a patient, arm or time point is named with it: "Age · Patient 2".
  const label = entry.instance ? `${fieldLabel} · ${entry.instance.label}` : fieldLabel;
  const qualifier = entry.qualifier ? ` (${escapeHtml(entry.qualifier)})` : '';
  const parts = [
    `<p class="value-line"><strong>${escapeHtml(label)}:</strong> ${escapeHtml(entry.text)}${qualifier} <span class="state">— ${escapeHtml(describeState(entry))}</span></p>`,
  ];
  if (entry.provenance.state === 'stale') {
    parts.push(`<p class="stale">${STALE_QUOTE}: ${escapeHtml(entry.provenance.reason)}; this value is no longer backed by its quote.</p>`);
  }
  if (entry.authorship) parts.push(`<p class="reviewer">Reviewer: ${escapeHtml(entry.authorship.sentence)}</p>`);
  if (entry.reviewText) parts.push(`<p class="review">Review: ${escapeHtml(entry.reviewText)}</p>`);
  if (entry.machineText) parts.push(`<p class="muted">${escapeHtml(sentenceCase(correctedFromText(entry.machineText)))}.</p>`);
  if (entry.why) parts.push(`<p class="muted">Why: ${escapeHtml(entry.why)}</p>`);
  if (entry.quote !== null) parts.push(quoteHtml(entry.quote, entry, null, sectionOf));
  else if (entry.area) parts.push(areaFigureHtml(entry.annotationId, entry.area, null, images));
  else parts.push(`<p class="muted">${sentenceCase(FLAG_WORDS['no-source'])}.</p>`);
  const extra = notesAndTagsHtml(entry.note, entry.tags);
  if (extra) parts.push(extra);
  return `<div class="value">\n${parts.join('\n')}\n</div>`;
}

/** Rules for areas of pages, added only to a report that has some, so every other report stays as it was. */
const AREA_STYLE = `
figure.area { margin: 0.2em 0 0.1em; padding: 0.3em 0.8em; border-left: 4px solid #888; break-inside: avoid; page-break-inside: avoid; }
figure.area img { display: block; max-width: 100%; height: auto; border: 1px solid #ccc; }
figure.area figcaption { margin: 0.2em 0 0; }
${HIGHLIGHT_COLORS.map((c) => `figure.color-${c} { border-left-color: ${SWATCH_COLORS[c]}; }`).join('\n')}
`;

/** Rules for document notes, added only to a report that has some, so every other report stays as it was. */
const DOCUMENT_NOTE_STYLE = `
.document-note { break-inside: avoid; page-break-inside: avoid; margin: 0 0 0.9em; padding: 0.2em 0.8em; border-left: 4px double #555; }
`;

/** Only a PNG held in the page itself: the report loads nothing, and its policy allows just `data:` images. */
const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;

/** The area as the cropped picture of its page, when the renderer drew one, captioned with the page. */
function areaFigureHtml(id: string, area: AreaSelector, color: HighlightColor | null, images: ReadonlyMap<string, string> | undefined): string {
  const [left, top, width, height] = areaInPoints(area);
  const caption = `${sentenceCase(describeArea(area))} (left ${left}, top ${top}, ${width} × ${height} pt)`;
  const url = images?.get(id);
  const picture = url !== undefined && PNG_DATA_URL.test(url) ? `<img src="${url}" alt="${escapeHtml(caption)}">` : '';
  const cls = color ? ` class="area color-${color}"` : ' class="area"';
  return `<figure${cls}>${picture}<figcaption class="range">— ${escapeHtml(caption)}</figcaption></figure>`;
}

function areaHtml(entry: AreaEntry, color: HighlightColor, images: ReadonlyMap<string, string> | undefined): string {
  const parts = [areaFigureHtml(entry.annotationId, entry.area, color, images)];
  const extra = notesAndTagsHtml(entry.note, entry.tags);
  if (extra) parts.push(extra);
  return `<div class="highlight">\n${parts.join('\n')}\n</div>`;
}

function highlightHtml(entry: HighlightEntry, color: HighlightColor, sectionOf: SectionOf): string {
  const parts = [quoteHtml(entry.quote, entry, color, sectionOf)];
  if (entry.provenance.state === 'stale') parts.push(`<p class="stale">${STALE_QUOTE}: ${escapeHtml(entry.provenance.reason)}.</p>`);
  const extra = notesAndTagsHtml(entry.note, entry.tags);
  if (extra) parts.push(extra);
  return `<div class="highlight">\n${parts.join('\n')}\n</div>`;
}

function colorGroupHtml(group: ColorGroup, images: ReadonlyMap<string, string> | undefined, sectionOf: SectionOf): string {
  const heading = `<h4><span class="swatch swatch-${group.color}" aria-hidden="true"></span>${escapeHtml(group.meaning)} <span class="muted">(${group.color})</span></h4>`;
  return [heading, ...group.highlights.map((h) => highlightHtml(h, group.color, sectionOf)), ...group.areas.map((a) => areaHtml(a, group.color, images))].join('\n');
}

/** A note on the whole document: the reviewer's words, then who wrote it and when. */
function documentNoteHtml(entry: DocumentNoteEntry): string {
  const parts: string[] = [];
  if (entry.note.trim().length > 0) parts.push(`<p class="note">${escapeHtml(entry.note)}</p>`);
  if (entry.tags.length > 0) parts.push(`<p class="tags"><em>Tags:</em> ${entry.tags.map((t) => `<span class="tag">${escapeHtml(t)}</span>`).join(' ')}</p>`);
  parts.push(`<p class="range">— ${escapeHtml(documentNoteByline(entry))}</p>`);
  return `<div class="document-note">\n${parts.join('\n')}\n</div>`;
}

function documentHtml(evidence: DocumentEvidence, images: ReadonlyMap<string, string> | undefined, sectionOf: SectionOf): string {
  const parts: string[] = [`<h2>${escapeHtml(evidence.meta.title)}</h2>`, metadataList(evidence)];
  // First after the facts: a note on the whole document ("Excluded: wrong population") frames all that follows.
  if (evidence.documentNotes.length > 0) {
    parts.push('<h3>Document notes</h3>');
    for (const entry of evidence.documentNotes) parts.push(documentNoteHtml(entry));
  }
  if (evidence.staleCount > 0) {
    parts.push(
      `<p class="stale">${evidence.staleCount} ${evidence.staleCount === 1 ? 'value' : 'values'} with a ${FLAG_WORDS['stale-quote']}: the quote no longer matches the stored text.</p>`,
    );
  }
  parts.push('<h3>Extracted values</h3>');
  const filledSections = evidence.sections.filter((s) => s.fields.some((f) => f.values.length > 0));
  if (filledSections.length === 0 && evidence.outsideSchema.length === 0) parts.push('<p class="muted">No values extracted.</p>');
  for (const { section, fields } of filledSections) {
    parts.push(`<h4>${escapeHtml(section.label)}</h4>`);
    for (const { field, values } of fields) for (const entry of values) parts.push(valueHtml(entry, field.label, images, sectionOf));
  }
  if (evidence.missingRequired.length > 0) {
    parts.push(`<p class="muted">Required fields without a value: ${evidence.missingRequired.map(escapeHtml).join(', ')}</p>`);
  }
  if (evidence.outsideSchema.length > 0) {
    parts.push('<h4>Values outside the schema</h4>');
    for (const entry of evidence.outsideSchema) parts.push(valueHtml(entry, entry.fieldKey, images, sectionOf));
  }
  if (evidence.highlights.length > 0) {
    parts.push('<h3>Highlights</h3>');
    for (const group of evidence.highlights) parts.push(colorGroupHtml(group, images, sectionOf));
  }
  if (evidence.tags.length > 0) {
    parts.push(
      '<h3>Tags</h3>',
      `<p class="tags">${evidence.tags.map(({ tag, count }) => `<span class="tag">${escapeHtml(tag)} (${count})</span>`).join(' ')}</p>`,
    );
  }
  return `<article class="document">\n${parts.join('\n')}\n</article>`;
}

/** Whether anything was extracted from a document: a field value, a highlight, or a note on the whole of it. */
function hasExtraction(evidence: DocumentEvidence): boolean {
  return evidence.highlights.length > 0 || evidence.documentNotes.length > 0 || evidence.outsideSchema.length > 0 || evidence.sections.some((s) => s.fields.some((f) => f.values.length > 0));
}

/**
 * The family name of an author as sources write one: "Müller F", "Fabian Müller", "Müller, Fabian",
 * "Michele B. Kaufman, PharmD" (degrees after a comma), "Rebecca Nicolai et al.".
 */
export function familyName(author: string): string {
  const plain = author.replace(/\s+et al\.?\s*$/i, '').trim();
  const [beforeComma = ''] = plain.split(',');
  const words = beforeComma.trim().split(/\s+/).filter(Boolean);
  // "Müller, Fabian": the family name comes first.
  if (words.length === 1) return words[0]!;
  if (words.length === 0) return '';
  const last = words[words.length - 1]!;
  const initials = /^(?:\p{Lu}\.?){1,3}$/u.test(last);
  return initials ? words.slice(0, -1).join(' ') : last;
}

/** "Müller 2024", from the first author's family name and the year, or the title when there is no author. */
export function studyLabel(evidence: DocumentEvidence): string {
  const author = familyName(evidence.meta.authors[0] ?? '');
  const year = /^\d{4}/.exec(evidence.meta.publishedDate ?? '')?.[0] ?? '';
  const name = author || evidence.meta.title;
  return year ? `${name} ${year}` : name;
}

/**
 * One row per study, one column per field that holds a value in any of them, each cell worded as
 * the evidence table's CSV words it (describeEntries): the comparison a review reads first.
 */
function acrossStudiesHtml(included: readonly DocumentEvidence[]): string {
  const fields = included[0]?.sections.flatMap((s) => s.fields.map((f) => f.field)) ?? [];
  const filled = fields.filter((field) => included.some((e) => e.sections.some((s) => s.fields.some((f) => f.field.key === field.key && f.values.length > 0))));
  if (included.length === 0 || filled.length === 0) return '';
  const head = `<tr><th scope="col">Study</th><th scope="col">Type</th>${filled.map((f) => `<th scope="col">${escapeHtml(f.label)}</th>`).join('')}</tr>`;
  const rows = included.map((evidence) => {
    const byKey = new Map(evidence.sections.flatMap((s) => s.fields.map((f) => [f.field.key, f.values] as const)));
    const cells = filled.map((field) => {
      const values = byKey.get(field.key) ?? [];
      return values.length === 0 ? '<td class="empty">—</td>' : `<td>${escapeHtml(describeEntries(values))}</td>`;
    });
    return `<tr><th scope="row"><span class="study">${escapeHtml(studyLabel(evidence))}</span><br>${escapeHtml(evidence.meta.title)}</th><td>${escapeHtml(DOCUMENT_TYPE_LABELS[evidence.meta.type])}</td>${cells.join('')}</tr>`;
  });
  return `<section class="across">
<h2>Across the studies</h2>
<table class="across">
<caption>Extracted values of every field filled in at least one study; — where a study has none.</caption>
<thead>${head}</thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</section>`;
}

function leftOutHtml(leftOut: readonly DocumentEvidence[]): string {
  if (leftOut.length === 0) return '';
  const count = leftOut.length === 1 ? '1 document' : `${leftOut.length} documents`;
  return `<p class="left-out">${count} with nothing extracted ${leftOut.length === 1 ? 'is' : 'are'} left out: ${leftOut.map((e) => escapeHtml(e.meta.title)).join('; ')}${/[.?!]$/.test(leftOut.at(-1)!.meta.title) ? '' : '.'}</p>`;
}

/**
 * The report as one HTML document. A Content-Security-Policy that allows no source at all backs
 * up the escaping: even if something slipped through, the page could neither run nor fetch it.
 */
export function htmlReport(input: ExportInput): string {
  const evidence = collectEvidence(input);
  const images = input.areaImages;
  // Pictures of page areas are data: URLs in the page; without any, the policy allows no image at all.
  const imagePolicy = images !== undefined && images.size > 0 ? '; img-src data:' : '';
  const hasAreas = evidence.some((doc) => doc.highlights.some((g) => g.areas.length > 0) || [...doc.sections.flatMap((x) => x.fields.flatMap((f) => f.values)), ...doc.outsideSchema].some((e) => e.area !== null));
  const hasNotes = evidence.some((doc) => doc.documentNotes.length > 0);
  const included = evidence.filter(hasExtraction);
  const leftOut = evidence.filter((e) => !hasExtraction(e));
  const texts = new Map<DocumentId, string>(input.texts.map((t) => [t.id, t.text]));
  const count = `${included.length} ${included.length === 1 ? 'document' : 'documents'}`;
  const articles = included.map((e) => {
    const text = texts.get(e.meta.id);
    let headings: SectionHeading[] | null = null;
    // Segmented only when a quote asks, once per document.
    const sectionOf: SectionOf = (offset) => sectionAt((headings ??= text === undefined ? [] : headingsOf(text)), offset);
    return documentHtml(e, images, sectionOf);
  });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'${imagePolicy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Margin evidence report</title>
<style>${REPORT_STYLESHEET}${hasAreas ? AREA_STYLE : ''}${hasNotes ? DOCUMENT_NOTE_STYLE : ''}</style>
</head>
<body>
<header>
<h1>Margin evidence report</h1>
<p class="report-meta">Exported ${escapeHtml(input.generatedAt)} · ${count} · schema: ${escapeHtml(input.schema.title)} (version ${input.schema.version})</p>
${leftOutHtml(leftOut)}
</header>
${acrossStudiesHtml(included)}
${articles.join('\n')}
</body>
</html>
`;
}
