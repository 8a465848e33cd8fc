// The parse client: a file's result comes back from the worker; past the time limit or on cancel
// the worker is ended (whatever it was doing) with a reason in words, and the next file gets a fresh
// worker; where there is no Worker the same parser runs inline.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { CANCELLED_REASON, createParseClient, timeLimitReason } from '../../../renderer/src/features/import/parse-client';
import type { ParseWorker } from '../../../renderer/src/features/import/parse-client';
import type { ParseRequest, ParseResponse } from '../../../renderer/src/features/import/parse-protocol';

class FakeWorker implements ParseWorker {
  onmessage: ((event: MessageEvent<ParseResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  readonly received: ParseRequest[] = [];
  transferred: Transferable[][] = [];
  terminated = false;

  postMessage(message: ParseRequest, transfer: Transferable[]): void {
    this.received.push(message);
    this.transferred.push(transfer);
  }

  terminate(): void {
    this.terminated = true;
  }

  answer(index: number, response: Omit<ParseResponse, 'id'>): void {
    this.onmessage?.({ data: { id: this.received[index]!.id, ...response } } as MessageEvent<ParseResponse>);
  }
}

const utf8 = (text: string) => new TextEncoder().encode(text);

afterEach(() => {
  vi.useRealTimers();
});

describe('createParseClient', () => {
  test('sends the bytes to the worker (transferred) and resolves with its result', async () => {
    const worker = new FakeWorker();
    const client = createParseClient(() => worker);
    const bytes = utf8('Notes');
    const result = client.parse('a.txt', bytes, { maxBytes: 100, timeLimitMs: 1000 });
    expect(worker.received[0]).toMatchObject({ name: 'a.txt', maxBytes: 100 });
    expect(worker.transferred[0]).toEqual([bytes.buffer]);
    worker.answer(0, { result: { ok: false, reason: 'This file holds nothing Margin reads.' } });
    await expect(result).resolves.toEqual({ ok: false, reason: 'This file holds nothing Margin reads.' });
    expect(worker.terminated).toBe(false);
  });

  test('a view into a larger buffer is copied, never detaching the rest', () => {
    const worker = new FakeWorker();
    const client = createParseClient(() => worker);
    const whole = utf8('0123456789');
    void client.parse('a.txt', whole.subarray(2, 5), { maxBytes: 100, timeLimitMs: 1000 });
    expect(whole.byteLength).toBe(10);
    expect(worker.received[0]!.bytes).toEqual(utf8('234'));
  });

  test('past the time limit the worker is ended with the reason, and the next file starts a fresh one', async () => {
    vi.useFakeTimers();
    const workers: FakeWorker[] = [];
    const client = createParseClient(() => {
      workers.push(new FakeWorker());
      return workers.at(-1)!;
    });
    const stuck = client.parse('deep.html', utf8('<div>'), { maxBytes: 100, timeLimitMs: 5000 });
    vi.advanceTimersByTime(4999);
    expect(workers[0]!.terminated).toBe(false);
    vi.advanceTimersByTime(1);
    await expect(stuck).resolves.toEqual({ ok: false, reason: timeLimitReason(5000) });
    expect(timeLimitReason(5000)).toMatch(/longer than 5 seconds/);
    expect(workers[0]!.terminated).toBe(true);
    const next = client.parse('b.txt', utf8('x'), { maxBytes: 100, timeLimitMs: 5000 });
    expect(workers).toHaveLength(2);
    workers[1]!.answer(0, { result: { ok: false, reason: 'second worker answered' } });
    await expect(next).resolves.toEqual({ ok: false, reason: 'second worker answered' });
  });

  test('cancelling ends the worker at once; a late answer changes nothing', async () => {
    const worker = new FakeWorker();
    const client = createParseClient(() => worker);
    const controller = new AbortController();
    const result = client.parse('big.pdf', utf8('%PDF-'), { maxBytes: 100, timeLimitMs: 60_000, signal: controller.signal });
    controller.abort();
    await expect(result).resolves.toEqual({ ok: false, reason: CANCELLED_REASON });
    expect(worker.terminated).toBe(true);
    worker.answer(0, { result: { ok: true, documents: [] } });
    await expect(client.parse('c.txt', utf8('x'), { maxBytes: 100, timeLimitMs: 10, signal: controller.signal })).resolves.toEqual({ ok: false, reason: CANCELLED_REASON });
  });

  test('a crashed worker gives a reason, not a hang', async () => {
    const worker = new FakeWorker();
    const client = createParseClient(() => worker);
    const result = client.parse('a.txt', utf8('x'), { maxBytes: 100, timeLimitMs: 60_000 });
    worker.onerror?.({ message: 'out of memory', preventDefault: () => undefined } as ErrorEvent);
    await expect(result).resolves.toEqual({ ok: false, reason: 'Margin could not read this file (its reader stopped: out of memory).' });
  });

  test('several files wait in the worker at once, each answered in turn', async () => {
    const worker = new FakeWorker();
    const client = createParseClient(() => worker);
    const results = ['a.txt', 'b.txt', 'c.txt'].map((name) => client.parse(name, utf8(name), { maxBytes: 100, timeLimitMs: 1000 }));
    // All three are posted before any answer: no round trip per file.
    expect(worker.received.map((request) => request.name)).toEqual(['a.txt', 'b.txt', 'c.txt']);
    worker.answer(0, { result: { ok: false, reason: 'first' } });
    worker.answer(1, { result: { ok: false, reason: 'second' } });
    worker.answer(2, { result: { ok: false, reason: 'third' } });
    await expect(Promise.all(results)).resolves.toEqual([
      { ok: false, reason: 'first' },
      { ok: false, reason: 'second' },
      { ok: false, reason: 'third' },
    ]);
  });

  test('a file\'s clock starts when the one ahead of it answers; past it only that file fails and the files behind it go to a fresh worker', async () => {
    vi.useFakeTimers();
    const workers: FakeWorker[] = [];
    const client = createParseClient(() => {
      workers.push(new FakeWorker());
      return workers.at(-1)!;
    });
    const reread = vi.fn(async () => utf8('again'));
    const first = client.parse('slow.txt', utf8('slow'), { maxBytes: 100, timeLimitMs: 5000, reread: async () => utf8('slow') });
    const stuck = client.parse('deep.html', utf8('<div>'), { maxBytes: 100, timeLimitMs: 5000, reread: async () => utf8('<div>') });
    const behind = client.parse('c.txt', utf8('c'), { maxBytes: 100, timeLimitMs: 5000, reread });
    // The first file takes 4 s: the second's 5 s have not begun while it waited.
    vi.advanceTimersByTime(4000);
    workers[0]!.answer(0, { result: { ok: false, reason: 'first answered' } });
    await expect(first).resolves.toEqual({ ok: false, reason: 'first answered' });
    vi.advanceTimersByTime(4999);
    expect(workers[0]!.terminated).toBe(false);
    vi.advanceTimersByTime(1);
    await expect(stuck).resolves.toEqual({ ok: false, reason: timeLimitReason(5000) });
    expect(workers[0]!.terminated).toBe(true);
    // The file behind the stalled one is read again and sent to a new worker, not failed with it.
    await vi.waitFor(() => expect(workers[1]?.received).toHaveLength(1));
    expect(reread).toHaveBeenCalledTimes(1);
    expect(workers[1]!.received[0]).toMatchObject({ name: 'c.txt', bytes: utf8('again') });
    workers[1]!.answer(0, { result: { ok: false, reason: 'third answered' } });
    await expect(behind).resolves.toEqual({ ok: false, reason: 'third answered' });
  });

  test('a crash fails the file the worker was on; the files behind it are sent again', async () => {
    const workers: FakeWorker[] = [];
    const client = createParseClient(() => {
      workers.push(new FakeWorker());
      return workers.at(-1)!;
    });
    const crashing = client.parse('a.txt', utf8('x'), { maxBytes: 100, timeLimitMs: 60_000, reread: async () => utf8('x') });
    const next = client.parse('b.txt', utf8('y'), { maxBytes: 100, timeLimitMs: 60_000, reread: async () => utf8('y') });
    workers[0]!.onerror?.({ message: 'out of memory', preventDefault: () => undefined } as ErrorEvent);
    await expect(crashing).resolves.toEqual({ ok: false, reason: 'Margin could not read this file (its reader stopped: out of memory).' });
    await vi.waitFor(() => expect(workers[1]?.received).toHaveLength(1));
    // An answer from the ended worker is not taken for the re-sent file's.
    workers[0]!.answer(1, { result: { ok: false, reason: 'late, from the old worker' } });
    workers[1]!.answer(0, { result: { ok: false, reason: 'from the new worker' } });
    await expect(next).resolves.toEqual({ ok: false, reason: 'from the new worker' });
  });

  test('Stop cancels every file in flight', async () => {
    const worker = new FakeWorker();
    const client = createParseClient(() => worker);
    const controller = new AbortController();
    const results = ['a.txt', 'b.txt'].map((name) => client.parse(name, utf8(name), { maxBytes: 100, timeLimitMs: 60_000, signal: controller.signal, reread: async () => utf8(name) }));
    controller.abort();
    await expect(Promise.all(results)).resolves.toEqual([
      { ok: false, reason: CANCELLED_REASON },
      { ok: false, reason: CANCELLED_REASON },
    ]);
    expect(worker.terminated).toBe(true);
  });

  test('a File goes to the worker as it is (nothing transferred), and after a crash to the fresh worker again, unread here', async () => {
    const workers: FakeWorker[] = [];
    const client = createParseClient(() => {
      workers.push(new FakeWorker());
      return workers.at(-1)!;
    });
    const crashing = new File(['x'], 'a.txt');
    const behind = new File(['y'], 'b.txt');
    const reread = vi.fn(async () => utf8('must not be read'));
    const first = client.parse('a.txt', crashing, { maxBytes: 100, timeLimitMs: 60_000 });
    const next = client.parse('b.txt', behind, { maxBytes: 100, timeLimitMs: 60_000, reread });
    expect(workers[0]!.received.map((request) => request.bytes)).toEqual([crashing, behind]);
    expect(workers[0]!.transferred).toEqual([[], []]);
    workers[0]!.onerror?.({ message: 'out of memory', preventDefault: () => undefined } as ErrorEvent);
    await expect(first).resolves.toEqual({ ok: false, reason: 'Margin could not read this file (its reader stopped: out of memory).' });
    await vi.waitFor(() => expect(workers[1]?.received).toHaveLength(1));
    expect(workers[1]!.received[0]!.bytes).toBe(behind);
    expect(reread).not.toHaveBeenCalled();
    workers[1]!.answer(0, { result: { ok: false, reason: 'from the new worker' } });
    await expect(next).resolves.toEqual({ ok: false, reason: 'from the new worker' });
  });

  test('without Worker a File is read inline; one that cannot be read gives the reason in words', async () => {
    const client = createParseClient(() => null);
    // jsdom's File has no arrayBuffer(): the one a browser's has is given here.
    const file = new File([], 'notes.txt');
    file.arrayBuffer = async () => utf8('Plain notes on CAR-T dosing\n\nLine.').buffer as ArrayBuffer;
    await expect(client.parse('notes.txt', file, { maxBytes: 1000, timeLimitMs: 1000 })).resolves.toMatchObject({ ok: true, documents: [{ text: 'Plain notes on CAR-T dosing\n\nLine.' }] });
    const folder = new File([], 'Trials');
    folder.arrayBuffer = () => Promise.reject(new DOMException('A requested file or directory could not be found.', 'NotFoundError'));
    await expect(client.parse('Trials', folder, { maxBytes: 1000, timeLimitMs: 1000 })).resolves.toEqual({
      ok: false,
      reason: 'Margin could not read this file (A requested file or directory could not be found.). A folder cannot be imported; choose the files in it.',
    });
  });

  test('without Worker the parser runs inline', async () => {
    const client = createParseClient(() => null);
    const result = await client.parse('notes.txt', utf8('Plain notes on CAR-T dosing\n\nLine.'), { maxBytes: 1000, timeLimitMs: 1000 });
    expect(result).toMatchObject({ ok: true, documents: [{ meta: { title: 'Plain notes on CAR-T dosing' } }] });
  });
});
