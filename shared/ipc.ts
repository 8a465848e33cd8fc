// The one contract between the renderer and its host. Both hosts (the Electron preload and the
// web build) implement `Bridge`; the main process validates every payload with these schemas.
import { z } from 'zod';
import type { IncomingDocument } from './model';

export interface CorpusProblem {
  /** The manifest entry or file the problem is about. */
  file: string;
  message: string;
}

export interface BundledCorpus {
  corpusVersion: number;
  documents: IncomingDocument[];
  problems: CorpusProblem[];
}

export const saveRequestSchema = z.object({
  suggestedName: z
    .string()
    .min(1)
    .max(200)
    .refine(
      (name) => !/[/\\:*?"<>|]/.test(name) && ![...name].some((ch) => ch.charCodeAt(0) < 0x20),
      'a file name without path separators or control characters',
    ),
  mimeType: z.string().min(1).max(100),
  /** Text is saved as UTF-8; bytes as they are. */
  data: z.union([z.string(), z.instanceof(Uint8Array)]),
});
export type SaveRequest = z.infer<typeof saveRequestSchema>;

export const printRequestSchema = z.object({
  suggestedName: saveRequestSchema.shape.suggestedName,
  html: z.string().min(1).max(50_000_000),
});
export type PrintRequest = z.infer<typeof printRequestSchema>;

export const openRequestSchema = z.object({
  /** File name extensions without the dot, e.g. `['txt', 'pdf']`. */
  extensions: z.array(z.string().regex(/^[a-z0-9]{1,8}$/)).min(1).max(20),
  multiple: z.boolean(),
  /** Largest file accepted, in bytes (the reviewer's import limit, or a backup's); 50 MB if absent. */
  maxBytes: z.number().int().positive().max(1024 * 1024 * 1024).optional(),
});
export type OpenRequest = z.infer<typeof openRequestSchema>;

/** The largest file either host opens when the request names no limit. */
export const DEFAULT_OPEN_MAX_BYTES = 50 * 1024 * 1024;

/** A size for messages: "52.4 MB". */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Why a chosen file is not opened, in the same words in both hosts. */
export function oversizeRefusal(name: string, size: number, limit: number): string {
  return `“${name}” is ${formatMegabytes(size)}; Margin opens files up to ${formatMegabytes(limit)}.`;
}

export type SaveResult = { saved: true; location: string } | { saved: false; reason: 'cancelled' | 'failed'; message?: string };

export interface OpenedFile {
  name: string;
  bytes: Uint8Array;
}

/** Everything the renderer may ask of its host. Nothing else crosses the boundary. */
export interface Bridge {
  /** Which host this is; the UI words a few things differently (e.g. "Save" vs "Download"). */
  readonly host: 'electron' | 'web';
  listBundledDocuments(): Promise<BundledCorpus>;
  /**
   * The bundled corpus manifest's text alone (null when it cannot be read): the renderer compares
   * its digest with the one it stored, and reads and hashes the documents only when it changed.
   */
  bundledCorpusManifest(): Promise<string | null>;
  saveFile(request: SaveRequest): Promise<SaveResult>;
  printToPdf(request: PrintRequest): Promise<SaveResult>;
  openFiles(request: OpenRequest): Promise<OpenedFile[]>;
}

export { CHANNELS } from './channels';
