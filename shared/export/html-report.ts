// The HTML report: the Markdown summary's content as one self-contained, print-ready page (A4, a
// page per document). It is also what the desktop app prints to PDF, so it must load nothing and
// run nothing: inline styles only, and every piece of document or reviewer text is escaped.
import { DOCUMENT_TYPE_LABELS, HIGHLIGHT_COLORS } from '../model';
import type { HighlightColor } from '../model';
import { collectEvidence, correctedFromText, describePlace, describeState, FLAG_WORDS, sentenceCase } from '../evidence';
import type { ColorGroup, DocumentEvidence, EvidenceEntry, ExportInput, HighlightEntry } from '../evidence';

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

function quoteHtml(quote: string, entry: Pick<EvidenceEntry, 'provenance' | 'range' | 'pages'>, color: HighlightColor | null): string {
  const cls = color ? ` class="color-${color}"` : '';
  const parts = [`<blockquote${cls}>${escapeHtml(quote)}</blockquote>`];
  if (entry.range) {
    const where = escapeHtml(describePlace({ range: entry.range, pages: entry.pages }));
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

function valueHtml(entry: EvidenceEntry, label: string): string {
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
  parts.push(entry.quote !== null ? quoteHtml(entry.quote, entry, null) : `<p class="muted">${sentenceCase(FLAG_WORDS['no-source'])}.</p>`);
  const extra = notesAndTagsHtml(entry.note, entry.tags);
  if (extra) parts.push(extra);
  return `<div class="value">\n${parts.join('\n')}\n</div>`;
}

function highlightHtml(entry: HighlightEntry, color: HighlightColor): string {
  const parts = [quoteHtml(entry.quote, entry, color)];
  if (entry.provenance.state === 'stale') parts.push(`<p class="stale">${STALE_QUOTE}: ${escapeHtml(entry.provenance.reason)}.</p>`);
  const extra = notesAndTagsHtml(entry.note, entry.tags);
  if (extra) parts.push(extra);
  return `<div class="highlight">\n${parts.join('\n')}\n</div>`;
}

function colorGroupHtml(group: ColorGroup): string {
  const heading = `<h4><span class="swatch swatch-${group.color}" aria-hidden="true"></span>${escapeHtml(group.meaning)} <span class="muted">(${group.color})</span></h4>`;
  return [heading, ...group.highlights.map((h) => highlightHtml(h, group.color))].join('\n');
}

function documentHtml(evidence: DocumentEvidence): string {
  const parts: string[] = [`<h2>${escapeHtml(evidence.meta.title)}</h2>`, metadataList(evidence)];
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
    for (const { field, values } of fields) for (const entry of values) parts.push(valueHtml(entry, field.label));
  }
  if (evidence.missingRequired.length > 0) {
    parts.push(`<p class="muted">Required fields without a value: ${evidence.missingRequired.map(escapeHtml).join(', ')}</p>`);
  }
  if (evidence.outsideSchema.length > 0) {
    parts.push('<h4>Values outside the schema</h4>');
    for (const entry of evidence.outsideSchema) parts.push(valueHtml(entry, entry.fieldKey));
  }
  if (evidence.highlights.length > 0) {
    parts.push('<h3>Highlights</h3>');
    for (const group of evidence.highlights) parts.push(colorGroupHtml(group));
  }
  if (evidence.tags.length > 0) {
    parts.push(
      '<h3>Tags</h3>',
      `<p class="tags">${evidence.tags.map(({ tag, count }) => `<span class="tag">${escapeHtml(tag)} (${count})</span>`).join(' ')}</p>`,
    );
  }
  return `<article class="document">\n${parts.join('\n')}\n</article>`;
}

/**
 * The report as one HTML document. A Content-Security-Policy that allows no source at all backs
 * up the escaping: even if something slipped through, the page could neither run nor fetch it.
 */
export function htmlReport(input: ExportInput): string {
  const evidence = collectEvidence(input);
  const count = `${evidence.length} ${evidence.length === 1 ? 'document' : 'documents'}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Margin evidence report</title>
<style>${REPORT_STYLESHEET}</style>
</head>
<body>
<header>
<h1>Margin evidence report</h1>
<p class="report-meta">Exported ${escapeHtml(input.generatedAt)} · ${count} · schema: ${escapeHtml(input.schema.title)} (version ${input.schema.version})</p>
</header>
${evidence.map(documentHtml).join('\n')}
</body>
</html>
`;
}
