import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWebBridge } from '../../../renderer/src/platform/web';
import { readCorpusFile, readManifestJson } from '../../helpers/corpus';

afterEach(() => vi.unstubAllGlobals());

/** A chosen file as the input hands it over (jsdom's File has no arrayBuffer). */
function fakeFile(name: string, content: string) {
  const bytes = new TextEncoder().encode(content);
  return { name, size: bytes.length, arrayBuffer: vi.fn(async () => bytes.buffer) };
}

/** Captures the file input the bridge creates and "chooses" the given files on it. */
function chooseOnNextInput(files: ReturnType<typeof fakeFile>[]) {
  const create = document.createElement.bind(document);
  const fake = (tag: string, options?: ElementCreationOptions): HTMLElement => {
    const element = create(tag, options);
    if (tag === 'input') {
      vi.spyOn(element as HTMLInputElement, 'click').mockImplementation(() => {
        Object.defineProperty(element, 'files', { value: files });
        element.dispatchEvent(new Event('change'));
      });
    }
    return element;
  };
  vi.spyOn(document, 'createElement').mockImplementation(fake as typeof document.createElement);
}

describe('the web host', () => {
  it('loads the bundled corpus from the build, naming a missing file', async () => {
    const manifest = readManifestJson() as { documents: { file: string }[] };
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: URL) => {
        const name = decodeURIComponent(url.pathname.split('/').pop()!);
        if (name === 'manifest.json') return new Response(JSON.stringify(manifest));
        if (name === manifest.documents[2]!.file) return new Response('gone', { status: 404, statusText: 'Not Found' });
        return new Response(readCorpusFile(name));
      }),
    );
    const corpus = await createWebBridge().listBundledDocuments();
    expect(corpus.documents).toHaveLength(4);
    expect(corpus.problems).toEqual([{ file: manifest.documents[2]!.file, message: expect.stringMatching(/could not be read \(HTTP 404 Not Found\)/) }]);
  });

  it('opens chosen files with their bytes', async () => {
    chooseOnNextInput([fakeFile('a.txt', 'hello')]);
    const opened = await createWebBridge().openFiles({ extensions: ['txt'], multiple: true });
    expect(opened.map((f) => [f.name, new TextDecoder().decode(f.bytes)])).toEqual([['a.txt', 'hello']]);
  });

  it('refuses a selection with a file over the limit, naming it, and reads nothing', async () => {
    const small = fakeFile('small.txt', 'ok');
    const big = fakeFile('big.pdf', '0123456789');
    chooseOnNextInput([small, big]);
    await expect(createWebBridge().openFiles({ extensions: ['txt', 'pdf'], multiple: true, maxBytes: 5 })).rejects.toThrow(
      /“big\.pdf” is 0\.0 MB; Margin opens files up to 0\.0 MB\. Nothing was opened\./,
    );
    expect(big.arrayBuffer).not.toHaveBeenCalled();
    expect(small.arrayBuffer).not.toHaveBeenCalled();
  });
});
