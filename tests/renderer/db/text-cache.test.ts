// Reading a long stored text: it comes from the text-read worker in pieces (no one message holds
// all of it) and is handed out as them, reading exactly as the stored string; its blocks come from
// the same worker, so nothing posts the text on to another; a short text is read whole, here.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DocumentId } from '@shared/model';
import { segmentText } from '@shared/text/segment';
import { ChunkedText, wholeText } from '@shared/text/text-source';
import { readText, WORKER_READ_CHARS } from '../../../renderer/src/db/text-cache';
import { blocksOfLongText } from '../../../renderer/src/db/text-blocks';
import { TEXT_PIECE_CHARS, textReadAnswers } from '../../../renderer/src/db/text-read-protocol';
import type { TextReadRequest, TextReadResponse } from '../../../renderer/src/db/text-read-protocol';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { freshDatabase } from '../../helpers/db';

/** Stands in for the text-read worker: reads the record and answers as the worker does, a message per task. */
function fakeWorkers(db: MarginDatabase) {
  const made: { sent: TextReadResponse[]; terminated: boolean }[] = [];
  class FakeReadWorker {
    onmessage: ((event: MessageEvent<TextReadResponse>) => void) | null = null;
    onerror: ((event: ErrorEvent) => void) | null = null;
    private readonly log = { sent: [] as TextReadResponse[], terminated: false };
    constructor() {
      made.push(this.log);
    }
    postMessage(request: TextReadRequest) {
      void (async () => {
        const record = await db.texts.get(request.id as DocumentId);
        for (const message of textReadAnswers(record?.text ?? null, request.splitAbove)) {
          await new Promise((done) => setTimeout(done, 0));
          if (this.log.terminated) return;
          this.log.sent.push(message);
          this.onmessage?.({ data: message } as MessageEvent<TextReadResponse>);
        }
      })();
    }
    terminate() {
      this.log.terminated = true;
    }
  }
  vi.stubGlobal('Worker', FakeReadWorker);
  return made;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Paragraphs of notes to `length` units, with a character outside Latin-1 in each. */
function notes(length: number, tag: string): string {
  let text = '';
  for (let n = 1; text.length < length; n++) text += `${tag} note ${n}: 1 × 10⁶ CAR T cells/kg, grade 2 CRS on day 3.\n\n`;
  return text.slice(0, length);
}

describe('reading a stored text', () => {
  it('hands out a long text as the pieces it came in, equal to the stored string, with the worker’s blocks', async () => {
    const db = freshDatabase();
    const stored = notes(3 * TEXT_PIECE_CHARS + 12_345, 'long');
    const id = 'long-text' as DocumentId;
    await db.texts.put({ id, text: stored });
    const workers = fakeWorkers(db);

    const text = await readText(db, id, stored.length);
    expect(text).toBeInstanceOf(ChunkedText);
    expect(text!.length).toBe(stored.length);
    // No message held more than a piece of it.
    const sent = workers[0]!.sent.filter((m) => 'piece' in m);
    expect(sent).toHaveLength(4);
    expect(Math.max(...sent.map((m) => ('piece' in m ? m.piece.length : 0)))).toBe(TEXT_PIECE_CHARS);
    for (const at of [0, TEXT_PIECE_CHARS - 3, 2 * TEXT_PIECE_CHARS + 7, stored.length - 40]) expect(text!.slice(at, at + 40)).toBe(stored.slice(at, at + 40));

    // The blocks the same worker split, not a split of its own.
    await expect(blocksOfLongText(text!)).resolves.toEqual(segmentText(stored));
    expect(workers).toHaveLength(1);
    expect(workers[0]!.terminated).toBe(true);
    // Kept: read again, the same text without a worker.
    await expect(readText(db, id, stored.length)).resolves.toBe(text);
    expect(workers).toHaveLength(1);
    expect(wholeText(text!)).toBe(stored);
    db.close();
  });

  it('reads a text below the worker’s size here, as one string', async () => {
    const db = freshDatabase();
    const stored = notes(5_000, 'short');
    const id = 'short-text' as DocumentId;
    await db.texts.put({ id, text: stored });
    const workers = fakeWorkers(db);
    expect(stored.length).toBeLessThan(WORKER_READ_CHARS);
    await expect(readText(db, id, stored.length)).resolves.toBe(stored);
    expect(workers).toHaveLength(0);
    db.close();
  });
});
