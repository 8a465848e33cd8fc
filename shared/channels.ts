// The bridge's channel names, free of any dependency: the sandboxed preload can require only
// 'electron', so it imports this file and never the zod validators in ipc.ts.
import type { Bridge } from './ipc';

/** Channel names derived from the contract; the preload and main use only these. */
export const CHANNELS = {
  listBundledDocuments: 'margin:corpus.list',
  bundledCorpusManifest: 'margin:corpus.manifest',
  saveFile: 'margin:file.save',
  printToPdf: 'margin:report.pdf',
  openFiles: 'margin:file.open',
} as const satisfies Record<Exclude<keyof Bridge, 'host'>, string>;
