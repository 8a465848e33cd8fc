// The file name extensions the import dialog offers, apart from the parsers, so the dialog can name
// them without loading any parser into the page (the parsers run in the import worker).

/** File name extensions the import dialog offers, without the dot. */
export const IMPORT_EXTENSIONS = ['txt', 'md', 'markdown', 'html', 'htm', 'xhtml', 'pdf', 'nbib', 'medline', 'xml', 'ris', 'bib', 'bibtex'] as const;
