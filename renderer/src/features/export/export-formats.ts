// The export formats as the reviewer chooses them: a name, what the file holds, and the pure function
// in shared/export that writes it. PDF is the HTML report handed to the host to print.
import { evidenceTableCsv, longFormCsv } from '@shared/export/csv';
import type { ExportInput } from '@shared/evidence';
import { htmlReport } from '@shared/export/html-report';
import { markdownSummary } from '@shared/export/markdown';
import { webAnnotationJsonLd } from '@shared/export/web-annotation';

export const EXPORT_FORMAT_IDS = ['markdown', 'html', 'pdf', 'evidence-csv', 'instance-csv', 'values-csv', 'web-annotation', 'annotated-pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMAT_IDS)[number];

export interface ExportFormatInfo {
  id: ExportFormat;
  label: string;
  /** What the file holds, in one line. */
  description: string;
}

export const EXPORT_FORMATS: Record<ExportFormat, ExportFormatInfo> = {
  markdown: { id: 'markdown', label: 'Markdown summary', description: 'Values with their quotes, highlights by meaning, notes and tags (.md)' },
  html: { id: 'html', label: 'HTML report', description: 'The summary as a print-ready page per document (.html)' },
  pdf: { id: 'pdf', label: 'PDF report', description: 'The HTML report, printed to PDF (.pdf)' },
  'evidence-csv': { id: 'evidence-csv', label: 'CSV evidence table', description: 'One row per document, one column per field (.csv)' },
  'instance-csv': {
    id: 'instance-csv',
    label: 'CSV table per patient, arm or time point',
    description: 'One row per instance of a repeating section, its own values and quotes; document values on every row (.csv)',
  },
  'values-csv': { id: 'values-csv', label: 'CSV long form', description: 'One row per value, with numbers and units in their own columns (.csv)' },
  'web-annotation': { id: 'web-annotation', label: 'W3C Web Annotation JSON-LD', description: 'Every annotation, for other annotation tools or another Margin (.jsonld)' },
  'annotated-pdf': { id: 'annotated-pdf', label: 'Annotated PDF', description: 'One PDF document as imported, with its highlights, areas and notes on the pages, for any PDF reader (.pdf)' },
};

/** Formats made from the records alone, as text (the PDF report is printed, the annotated PDF drawn from the original). */
export type TextExportFormat = Exclude<ExportFormat, 'pdf' | 'annotated-pdf'>;

/** The file's text for every format saved as a file (PDF is printed from `htmlReport` instead). */
export function renderExport(format: TextExportFormat, input: ExportInput): string {
  switch (format) {
    case 'markdown':
      return markdownSummary(input);
    case 'html':
      return htmlReport(input);
    case 'evidence-csv':
      return evidenceTableCsv(input);
    case 'instance-csv':
      return evidenceTableCsv(input, { rows: 'instance' });
    case 'values-csv':
      return longFormCsv(input);
    case 'web-annotation':
      return webAnnotationJsonLd(input);
  }
}
