// @vitest-environment node
// Two devices' databases synced through the real sync server process: a reviewer's committed work
// reaches the adjudicator's Dexie through the change funnel with the reviewer named in the audit
// log, the status says connected with nothing waiting, and a signed bundle gives a third, offline
// device the same records as the network did; an altered bundle is refused and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import type { Annotation, AnnotationId, Reviewer } from '@shared/model';
import { reviewDocRecords } from '@shared/sync/layout';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { REVIEWER_KEY, runChange } from '../../../renderer/src/db/funnel';
import { BundleRefused, saveSyncSettings, SyncController } from '../../../renderer/src/db/sync';
import { SyncHost } from '../../../renderer/src/workers/sync-host';
import type { SyncWorkerLike } from '../../../renderer/src/workers/sync-client';
import type { SyncReplica } from '../../../renderer/src/workers/sync-replica';
import { freshDatabase } from '../../helpers/db';
import { buildSyncServer, startServerProcess } from '../../scripts/sync-server-process';
import type { ServerProcess } from '../../scripts/sync-server-process';
import { ANN, CAL, DOCS, REVIEW, REVIEW_ID, makeReplica } from '../workers/sync-fixtures';

const TOKEN = 'team-token-7c1e9b';
const OPEN_REVIEW = { ...REVIEW, blinded: false };
let file = '';
let server: ServerProcess;
let creator: SyncReplica;
const cleanups: Array<() => Promise<void> | void> = [];

/** The worker's host run in this thread, in-memory storage: the page side talks to it as to a worker. */
function inlineWorker(): SyncWorkerLike {
  const worker: SyncWorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(request) {
      void host.handle(request).then(
        (answer) => worker.onmessage?.({ data: { id: request.id, ok: true, answer } } as MessageEvent),
        (error: unknown) => worker.onmessage?.({ data: { id: request.id, ok: false, message: String(error) } } as MessageEvent),
      );
    },
    terminate() {},
  };
  const host = new SyncHost((message) => worker.onmessage?.({ data: message } as MessageEvent), {
    initWasm: async () => {
      await import('@automerge/automerge');
    },
    storage: () => undefined,
    retryMs: 200,
  });
  return worker;
}

async function device(reviewer: { id: typeof ANN; name: string }, url: string | null): Promise<{ db: MarginDatabase; sync: SyncController }> {
  const db = freshDatabase();
  const me: Reviewer = { id: reviewer.id, name: reviewer.name, initials: reviewer.name.slice(0, 2).toUpperCase(), createdAt: '2026-12-01T09:00:00.000Z', chosen: true };
  await db.settings.put({ key: REVIEWER_KEY, value: me });
  await saveSyncSettings(db, { url, token: TOKEN, reviewId: REVIEW_ID });
  const sync = new SyncController(db, inlineWorker);
  await sync.configure();
  cleanups.push(async () => {
    await sync.stop();
    db.close();
  });
  return { db, sync };
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  let value = await read();
  while (!ok(value) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}

function value(id: string, note: string): Annotation {
  return {
    id: id as AnnotationId,
    documentId: DOCS[0]!,
    target: null,
    color: 'green',
    note,
    tags: ['efficacy'],
    field: null,
    creator: 'Ann',
    creatorId: ANN,
    createdAt: '2026-12-01T10:00:00.000Z',
    modifiedAt: '2026-12-01T10:00:00.000Z',
    deletedAt: null,
    reviewId: REVIEW_ID,
  };
}

beforeAll(async () => {
  file = buildSyncServer();
  server = await startServerProcess(file, { dataDir: mkdtempSync(join(tmpdir(), 'margin-sync-data-')), token: TOKEN });
  // The review as its creator's device published it.
  creator = makeReplica(CAL, { network: [new WebSocketClientAdapter(`${server.url}/?token=${TOKEN}`, 200)] });
  await creator.write(creator.reviewMeta, reviewDocRecords(OPEN_REVIEW));
}, 120_000);

afterAll(async () => {
  for (const clean of cleanups.splice(0)) await clean();
  await creator.repo.shutdown();
  await server.stop();
  rmSync(dirname(file), { recursive: true, force: true });
});

describe('sync between devices', () => {
  it('brings a reviewer’s work into the adjudicator’s store through the funnel, and a bundle gives the same records', { timeout: 120_000 }, async () => {
    const ann = await device({ id: ANN, name: 'Ann' }, server.url);
    const cal = await device({ id: CAL, name: 'Cal' }, server.url);
    await runChange(ann.db, { action: 'annotation.create', label: 'highlight', documentId: DOCS[0]! }, async (writer) => {
      await writer.put('annotations', value('v1', 'remission at 6 months in 5 of 5'));
      await writer.put('annotations', value('v2', 'no ICANS'));
    });

    const arrived = await until(
      () => cal.db.annotations.toArray(),
      (list) => list.length === 2,
    );
    expect(arrived.map((a) => a.note).sort()).toEqual(['no ICANS', 'remission at 6 months in 5 of 5']);
    expect(arrived.find((a) => a.id === 'v1')).toEqual(value('v1', 'remission at 6 months in 5 of 5'));
    // In Cal's audit log, in Ann's name: the change arrived, it was not Cal's.
    const entries = (await cal.db.audit.toArray()).filter((e) => e.table === 'annotations');
    expect(entries.map((e) => [e.action, e.actor.id, e.actor.name, e.key]).sort()).toEqual([
      ['sync.receive', ANN, 'Ann', 'v1'],
      ['sync.receive', ANN, 'Ann', 'v2'],
    ]);

    const status = await until(
      async () => ann.sync.getStatus(),
      (s) => s.state === 'connected' && s.waiting === 0 && s.lastSyncedAt !== null,
    );
    expect(status).toMatchObject({ state: 'connected', waiting: 0 });

    // Offline device: Ann's bundle, then the same records as the network gave Cal.
    const { text, name } = await ann.sync.exportBundle();
    expect(name).toMatch(/\.margin-sync\.json$/);
    const offline = await device({ id: CAL, name: 'Cal' }, null);
    // The review arrives with Cal's own bundle (the creator's device); here, from the creator directly.
    await offline.sync.importBundle(await creatorBundle());

    const altered = JSON.parse(text) as { data: string[]; manifest: { reviewerName: string } };
    const flipped = { ...altered, data: [...altered.data] };
    flipped.data[1] = flipped.data[1]!.slice(0, 8) + (flipped.data[1]![8] === 'A' ? 'B' : 'A') + flipped.data[1]!.slice(9);
    const before = { annotations: await offline.db.annotations.count(), audit: await offline.db.audit.count() };
    await expect(offline.sync.importBundle(JSON.stringify(flipped))).rejects.toThrow(/changed after it was exported/);
    const renamed = { ...altered, manifest: { ...altered.manifest, reviewerName: 'Mallory' } };
    await expect(offline.sync.importBundle(JSON.stringify(renamed))).rejects.toThrow(BundleRefused);
    await expect(offline.sync.importBundle(JSON.stringify(renamed))).rejects.toThrow(/changed after it was signed/);
    expect({ annotations: await offline.db.annotations.count(), audit: await offline.db.audit.count() }).toEqual(before);

    const result = await offline.sync.importBundle(text);
    expect(result.signer).toContain('Ann');
    const byBundle = await until(
      () => offline.db.annotations.orderBy('id').toArray(),
      (list) => list.length === 2,
    );
    expect(byBundle).toEqual(await cal.db.annotations.orderBy('id').toArray());
    const offlineEntries = (await offline.db.audit.toArray()).filter((e) => e.table === 'annotations');
    expect(offlineEntries.every((e) => e.action === 'sync.receive' && e.actor.name === 'Ann')).toBe(true);
  });
});

/** The review document as a bundle from its creator: signed by a device key of the creator's. */
async function creatorBundle(): Promise<string> {
  const creatorDevice = freshDatabase();
  const me: Reviewer = { id: CAL, name: 'Cal', initials: 'CA', createdAt: '2026-12-01T09:00:00.000Z', chosen: true };
  await creatorDevice.settings.put({ key: REVIEWER_KEY, value: me });
  await saveSyncSettings(creatorDevice, { url: null, token: TOKEN, reviewId: REVIEW_ID });
  const sync = new SyncController(creatorDevice, inlineWorker);
  await sync.configure();
  // The creator's device holds the review document: merge the published one into it.
  const docs = await creator.exportDocs();
  const review = docs.filter((d) => d.meta.kind === 'review');
  const client = (sync as unknown as { client: { importDocs(d: typeof review): Promise<unknown> } }).client;
  await client.importDocs(review);
  const { text } = await sync.exportBundle();
  await sync.stop();
  creatorDevice.close();
  return text;
}
