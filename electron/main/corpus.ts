// Reads the bundled corpus (resources/documents) for the renderer: the manifest, then each file it
// lists. Every failure becomes a named problem in the result, so one bad file never hides the others.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assembleCorpus } from '@shared/corpus';
import type { BundledCorpus } from '@shared/ipc';

export const MANIFEST_FILE = 'manifest.json';

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

function describeReadError(error: unknown): string {
  switch (errorCode(error)) {
    case 'ENOENT':
      return 'The file is missing from the bundled documents.';
    case 'EACCES':
    case 'EPERM':
      return 'The file could not be read: permission denied.';
    case 'EISDIR':
      return 'The manifest names a folder, not a file.';
    default:
      return `The file could not be read (${error instanceof Error ? error.message : String(error)}).`;
  }
}

/** The manifest's text, or null when it cannot be read (loadBundledCorpus then names the problem). */
export async function readBundledManifest(documentsDir: string): Promise<string | null> {
  try {
    return await readFile(join(documentsDir, MANIFEST_FILE), 'utf8');
  } catch {
    return null;
  }
}

/**
 * Loads the corpus in manifest order through the same assembly as the web host. Never throws for
 * bad input: an unreadable or invalid manifest gives no documents and one problem naming manifest.json.
 */
export async function loadBundledCorpus(documentsDir: string): Promise<BundledCorpus> {
  let manifest: string | null;
  try {
    manifest = await readFile(join(documentsDir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    return {
      corpusVersion: 0,
      documents: [],
      problems: [{ file: MANIFEST_FILE, message: `The corpus manifest could not be read. ${describeReadError(error)}` }],
    };
  }
  // The manifest schema allows only plain file names, so this join cannot leave the folder.
  return assembleCorpus(manifest, async (file) => {
    try {
      return await readFile(join(documentsDir, file), 'utf8');
    } catch (error) {
      throw new Error(describeReadError(error), { cause: error });
    }
  });
}
