// The re-anchoring client: answers paired with their requests (also out of order), failures and a
// crashed worker turned into rejections, a fresh worker after a crash, and the inline fallback.
import { describe, expect, it } from 'vitest';
import { describe as describeRange, reanchorAll } from '@shared/anchoring';
import type { TextSelectors } from '@shared/model';
import { createReanchorClient } from '../../../renderer/src/workers/reanchor-client';
import type { ReanchorWorker } from '../../../renderer/src/workers/reanchor-client';
import { handleReanchorRequest } from '../../../renderer/src/workers/reanchor-protocol';
import type { ReanchorRequest, ReanchorResponse } from '../../../renderer/src/workers/reanchor-protocol';

const oldText = 'Patients received CAR T cells. Grade 2 cytokine release syndrome resolved by day 9. No ICANS occurred.';
const newText = `Corrected version. ${oldText.replace('day 9', 'day 10')}`;
const targets: TextSelectors[] = ['CAR T cells', 'day 9', 'No ICANS'].map((quote) => {
  const at = oldText.indexOf(quote);
  return describeRange(oldText, at, at + quote.length);
});

/** A worker stand-in that runs the real request handler on a copy of each message, answering when told. */
class FakeWorker implements ReanchorWorker {
  onmessage: ((event: MessageEvent<ReanchorResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  readonly received: ReanchorRequest[] = [];
  terminated = false;

  postMessage(message: ReanchorRequest): void {
    this.received.push(structuredClone(message));
  }

  terminate(): void {
    this.terminated = true;
  }

  /** Answers the request at `index` of those received, as the worker would. */
  answer(index: number, override?: ReanchorResponse): void {
    const request = this.received[index]!;
    this.onmessage?.({ data: structuredClone(override ?? handleReanchorRequest(request)) } as MessageEvent<ReanchorResponse>);
  }

  crash(message: string): void {
    this.onerror?.({ message, preventDefault: () => undefined } as ErrorEvent);
  }
}

describe('createReanchorClient', () => {
  it('resolves each request with what reanchorAll gives, even when answers come back out of order', async () => {
    const worker = new FakeWorker();
    const client = createReanchorClient(() => worker);
    const withOld = client.reanchorAll(oldText, newText, targets);
    const withoutOld = client.reanchorAll(null, newText, targets.slice(1));
    expect(worker.received.map((r) => r.oldText)).toEqual([oldText, null]);
    worker.answer(1);
    worker.answer(0);
    await expect(withOld).resolves.toEqual(reanchorAll(oldText, newText, targets));
    await expect(withoutOld).resolves.toEqual(reanchorAll(null, newText, targets.slice(1)));
    const [first] = await withOld;
    expect(first).toMatchObject({ start: newText.indexOf('CAR T cells'), method: 'quote' });
  });

  it('starts one worker for many requests', async () => {
    let started = 0;
    const worker = new FakeWorker();
    const client = createReanchorClient(() => {
      started++;
      return worker;
    });
    const answers = [client.reanchorAll(null, newText, targets), client.reanchorAll(null, newText, targets)];
    worker.answer(0);
    worker.answer(1);
    await Promise.all(answers);
    expect(started).toBe(1);
  });

  it('rejects a request the worker could not complete, with its reason', async () => {
    const worker = new FakeWorker();
    const client = createReanchorClient(() => worker);
    const answer = client.reanchorAll(oldText, newText, targets);
    worker.answer(0, { id: worker.received[0]!.id, error: 'out of memory' });
    await expect(answer).rejects.toThrow('Re-anchoring failed: out of memory');
  });

  it('rejects what a crashed worker held and starts a new worker for the next request', async () => {
    const workers: FakeWorker[] = [];
    const client = createReanchorClient(() => {
      workers.push(new FakeWorker());
      return workers.at(-1)!;
    });
    const lost = client.reanchorAll(oldText, newText, targets);
    workers[0]!.crash('script error');
    await expect(lost).rejects.toThrow('The re-anchoring worker stopped: script error');
    expect(workers[0]!.terminated).toBe(true);
    const again = client.reanchorAll(oldText, newText, targets);
    expect(workers).toHaveLength(2);
    workers[1]!.answer(0);
    await expect(again).resolves.toEqual(reanchorAll(oldText, newText, targets));
  });

  it('rejects pending requests and stops the worker when disposed', async () => {
    const worker = new FakeWorker();
    const client = createReanchorClient(() => worker);
    const answer = client.reanchorAll(oldText, newText, targets);
    client.dispose();
    await expect(answer).rejects.toThrow('disposed');
    expect(worker.terminated).toBe(true);
  });

  it('runs inline, with the same answers, where there is no Worker (as in this jsdom)', async () => {
    expect(typeof Worker).toBe('undefined');
    const client = createReanchorClient();
    await expect(client.reanchorAll(oldText, newText, targets)).resolves.toEqual(reanchorAll(oldText, newText, targets));
    const failing = createReanchorClient(() => null);
    const broken = { ...targets[0]!, quote: null } as unknown as TextSelectors;
    await expect(failing.reanchorAll(oldText, newText, [broken])).rejects.toThrow('Re-anchoring failed');
  });
});
