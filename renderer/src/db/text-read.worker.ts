// Reads one stored text from IndexedDB off the main thread: IndexedDB hands a value over in the
// thread that reads it, and unpacking a 50 MB text held the window for most of a second. Opened
// at whatever version the database has (no upgrade), read-only, and closed after the one read.
interface WorkerScope {
  onmessage: ((event: MessageEvent<{ database: string; id: string }>) => void) | null;
  postMessage(message: { text: string | null } | { error: string }): void;
}

const scope = self as unknown as WorkerScope;
scope.onmessage = (event) => {
  const { database, id } = event.data;
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
        scope.postMessage({ text: typeof record?.text === 'string' ? record.text : null });
      };
    } catch (error) {
      db.close();
      fail(error);
    }
  };
};
