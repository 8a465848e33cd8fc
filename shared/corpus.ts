// The bundled corpus manifest: its shape, and a reader that validates it entry by entry so one
// broken entry is reported by name while the rest still load.
import { z } from 'zod';
import { DOCUMENT_TYPES } from './model';
import type { IncomingDocument } from './model';
import type { BundledCorpus, CorpusProblem } from './ipc';

const isoDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date as YYYY, YYYY-MM or YYYY-MM-DD');

export const manifestEntrySchema = z.object({
  file: z
    .string()
    .min(1)
    .regex(/^[\w.-]+$/, 'a plain file name inside resources/documents (no folders)'),
  title: z.string().trim().min(1),
  authors: z.array(z.string().min(1)),
  journal: z.string().min(1).nullable(),
  publishedDate: isoDate.nullable(),
  doi: z.string().regex(/^10\.\d{4,9}\/\S+$/, 'a DOI such as 10.1002/art.42933').nullable(),
  pmid: z.string().regex(/^\d{1,9}$/, 'digits only').nullable(),
  trialRegistration: z.string().min(1).nullable(),
  type: z.enum(DOCUMENT_TYPES),
});
export type ManifestEntry = z.infer<typeof manifestEntrySchema>;

export interface ParsedManifest {
  corpusVersion: number;
  entries: ManifestEntry[];
  problems: CorpusProblem[];
}

/** Describes a zod failure in the reviewer's words: which property and what was expected. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'value'}: ${issue.message}`)
    .join('; ');
}

/**
 * Validates a parsed manifest. The envelope must be sound (else nothing can be loaded); each entry
 * is checked on its own so a broken one is named in `problems` and the others are kept.
 */
export function parseManifest(json: unknown): { ok: true; manifest: ParsedManifest } | { ok: false; message: string } {
  const envelope = z
    .object({ corpusVersion: z.number().int().positive(), documents: z.array(z.unknown()) })
    .safeParse(json);
  if (!envelope.success) {
    return { ok: false, message: `The corpus manifest is not valid (${describeIssues(envelope.error)}).` };
  }
  const entries: ManifestEntry[] = [];
  const problems: CorpusProblem[] = [];
  const seen = new Set<string>();
  envelope.data.documents.forEach((raw, index) => {
    const parsed = manifestEntrySchema.safeParse(raw);
    const name = typeof (raw as { file?: unknown } | null)?.file === 'string' ? (raw as { file: string }).file : `entry ${index + 1}`;
    if (!parsed.success) {
      problems.push({ file: name, message: `Manifest entry ${index + 1} is not valid: ${describeIssues(parsed.error)}.` });
    } else if (seen.has(parsed.data.file)) {
      problems.push({ file: name, message: `Manifest entry ${index + 1} lists ${name} a second time.` });
    } else {
      seen.add(parsed.data.file);
      entries.push(parsed.data);
    }
  });
  return { ok: true, manifest: { corpusVersion: envelope.data.corpusVersion, entries, problems } };
}

/** Checks a loaded file's text before it becomes a document. Returns a problem message or null. */
export function checkDocumentText(text: string): string | null {
  if (text.trim().length === 0) return 'The file is empty.';
  if (text.includes('\u0000')) return 'The file holds binary data, not text.';
  return null;
}

/** Pairs a manifest entry with its file's text. A byte-order mark is dropped so offsets start at the text. */
export function toIncomingDocument(entry: ManifestEntry, text: string, corpusVersion: number): IncomingDocument {
  return {
    meta: {
      title: entry.title,
      authors: entry.authors,
      journal: entry.journal,
      publishedDate: entry.publishedDate,
      doi: entry.doi,
      pmid: entry.pmid,
      trialRegistration: entry.trialRegistration,
      type: entry.type,
      origin: 'bundled',
      fileName: entry.file,
      corpusVersion,
      pageMap: null,
    },
    text: text.startsWith('\uFEFF') ? text.slice(1) : text,
  };
}

/**
 * Assembles the bundled corpus from a manifest's text and a file reader, as both hosts do (the main
 * process reads the disk, the web host fetches). Never throws: every failure becomes a named problem.
 */
export async function assembleCorpus(
  manifestText: string | null,
  readFile: (file: string) => Promise<string>,
): Promise<BundledCorpus> {
  if (manifestText === null) {
    return { corpusVersion: 0, documents: [], problems: [{ file: 'manifest.json', message: 'The corpus manifest could not be read.' }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(manifestText.startsWith('\uFEFF') ? manifestText.slice(1) : manifestText);
  } catch (error) {
    return {
      corpusVersion: 0,
      documents: [],
      problems: [{ file: 'manifest.json', message: `The corpus manifest is not valid JSON (${(error as Error).message}).` }],
    };
  }
  const parsed = parseManifest(json);
  if (!parsed.ok) return { corpusVersion: 0, documents: [], problems: [{ file: 'manifest.json', message: parsed.message }] };
  const { corpusVersion, entries, problems } = parsed.manifest;
  const documents: IncomingDocument[] = [];
  for (const entry of entries) {
    let text: string;
    try {
      text = await readFile(entry.file);
    } catch (error) {
      problems.push({ file: entry.file, message: `${entry.file} could not be read (${(error as Error).message}).` });
      continue;
    }
    const problem = checkDocumentText(text);
    if (problem) problems.push({ file: entry.file, message: `${entry.file}: ${problem}` });
    else documents.push(toIncomingDocument(entry, text, corpusVersion));
  }
  return { corpusVersion, documents, problems };
}
