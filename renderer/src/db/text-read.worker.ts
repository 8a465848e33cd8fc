// Reads one stored text from IndexedDB off the main thread: IndexedDB hands a value over in the
// thread that reads it, and unpacking a 50 MB text held the window for most of a second. Opened
// at whatever version the database has (no upgrade), read-only, and closed after the one read.
// A long text goes to the window in pieces (see shared/text/text-source.ts): one 50 MB string was
// a task of up to 250 ms on the window's thread just to receive. Asked to, it then splits the text
// into the reader's blocks here too and sends them after it: handing the text on to a segmentation
// worker of its own copied 50 MB on the window's thread again (a task of 200 to 330 ms).
import { transferablesOf } from '../workers/segment-protocol';
import { textReadAnswers } from './text-read-protocol';
import type { TextReadRequest, TextReadResponse } from './text-read-protocol';

interface WorkerScope {
  onmessage: ((event: MessageEvent<TextReadRequest>) => void) | null;
  postMessage(message: TextReadResponse, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
scope.onmessage = (event) => {
  const { database, id, splitAbove } = event.data;
  const fail = (error: unknown) => scope.postMessage({ error: error instanceof Error ? error.message : String(error ?? 'unknown error') });
  const opening = indexedDB.open(database);
  opening.onerror = () => fail(opening.error);
  opening.onsuccess = () => {
    const db = opening.result;
    try {
      const request = db.transaction('texts', 'readonly').objectStore('texts').get(id);
      request.onerror = () => {
        db.close();
        fail(request.error);
      };
      request.onsuccess = () => {
        db.close();
        const record = request.result as { text?: unknown } | undefined;
        const text = typeof record?.text === 'string' ? record.text : null;
        for (const message of textReadAnswers(text, splitAbove)) scope.postMessage(message, 'blocks' in message ? transferablesOf(message.blocks) : []);
      };
    } catch (error) {
      db.close();
      fail(error);
    }
  };
};
