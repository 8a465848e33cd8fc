// @vitest-environment node
// The real sync server process on loopback: it refuses a connection without the review token,
// relays a reviewer's work to the team, withholds an extractor's work from the other extractor
// until both are Done, and loses nothing when it is stopped mid-way and started again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import WebSocket from 'ws';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import type { Annotation, AnnotationId } from '@shared/model';
import { annotationKey, readRecords, reviewDocRecords, reviewerDocRecords, syncDocumentId } from '@shared/sync/layout';
import type { SyncDocMeta } from '@shared/sync/layout';
import type { SyncReplica } from '../../renderer/src/workers/sync-replica';
import { ANN, BO, CAL, DOCS, REVIEW, REVIEW_ID, makeReplica } from '../renderer/workers/sync-fixtures';
import { buildSyncServer, startServerProcess } from './sync-server-process';
import type { ServerProcess } from './sync-server-process';

const TOKEN = 'team-token-4f9a2c';
let file = '';
const running: ServerProcess[] = [];
const replicas: SyncReplica[] = [];

beforeAll(() => {
  file = buildSyncServer();
}, 120_000);

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.repo.shutdown()));
  await Promise.all(running.map((s) => s.stop()));
  rmSync(dirname(file), { recursive: true, force: true });
});

async function start(dataDir: string, port?: number): Promise<ServerProcess> {
  const server = await startServerProcess(file, { dataDir, token: TOKEN, port });
  running.push(server);
  return server;
}

function connectRaw(url: string): Promise<number | 'open'> {
  return new Promise((done) => {
    const socket = new WebSocket(url);
    socket.on('open', () => {
      socket.close();
      done('open');
    });
    socket.on('unexpected-response', (_req, res) => done(res.statusCode ?? 0));
    socket.on('error', () => undefined);
  });
}

function connected(reviewerId: typeof ANN, url: string): SyncReplica {
  // retryInterval 200 ms: a restarted server is found again quickly.
  const replica = makeReplica(reviewerId, { network: [new WebSocketClientAdapter(`${url}/?token=${TOKEN}`, 200)] });
  replicas.push(replica);
  return replica;
}

function note(id: string, owner: typeof ANN, text: string): Annotation {
  return {
    id: id as AnnotationId,
    documentId: DOCS[0]!,
    target: null,
    color: 'red',
    note: text,
    tags: [],
    field: null,
    creator: 'Ann',
    creatorId: owner,
    createdAt: '2026-12-01T10:00:00.000Z',
    modifiedAt: '2026-12-01T10:00:00.000Z',
    deletedAt: null,
    reviewId: REVIEW_ID,
  };
}

const annDoc: SyncDocMeta = { kind: 'reviewer', reviewId: REVIEW_ID, documentId: DOCS[0]!, reviewerId: ANN };
const boDoc: SyncDocMeta = { kind: 'reviewer', reviewId: REVIEW_ID, documentId: DOCS[0]!, reviewerId: BO };

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

async function notes(replica: SyncReplica, meta: SyncDocMeta): Promise<string[]> {
  await replica.openWanted();
  const content = await replica.readLocal(syncDocumentId(meta));
  return content === null ? [] : readRecords(content).annotations.map((a) => a.note);
}

describe('the sync server process', () => {
  it('refuses a connection without the right review token and accepts the right one', async () => {
    const server = await start(mkdtempSync(join(tmpdir(), 'margin-sync-data-')));
    expect(await connectRaw(`${server.url}/`)).toBe(401);
    expect(await connectRaw(`${server.url}/?token=wrong-token-123`)).toBe(401);
    expect(await connectRaw(`${server.url}/?token=${TOKEN}`)).toBe('open');
    expect(server.output()).toContain('wrong or missing review token');
    await server.stop();
  });

  it('relays work, keeps blinding, and loses nothing across a stop and a restart', { timeout: 90_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'margin-sync-data-'));
    let server = await start(dataDir);
    const ann = connected(ANN, server.url);
    const bo = connected(BO, server.url);
    const cal = connected(CAL, server.url);
    for (const r of [ann, bo, cal]) await r.write(r.reviewMeta, reviewDocRecords(REVIEW));
    await ann.write(annDoc, reviewerDocRecords([note('n1', ANN, 'CRS grade 1 in 8 of 12')], null));
    await bo.write(boDoc, reviewerDocRecords([note('b1', BO, 'CRS grade 1 in 7 of 12')], null));

    // The adjudicator receives both extractors' work through the server.
    expect(await until(async () => (await notes(cal, annDoc)).includes("CRS grade 1 in 8 of 12")), server.output()).toBe(true);
    expect(await until(async () => (await notes(cal, boDoc)).includes('CRS grade 1 in 7 of 12'))).toBe(true);

    // Bo asks for Ann's document with a device that does not filter: the server still withholds it.
    bo.repo.shareConfig = { announce: async () => true, access: async () => true };
    await bo.open(annDoc);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await notes(bo, annDoc)).toEqual([]);

    // Stop the server mid-way; Ann keeps working offline.
    await server.stop();
    await ann.write(annDoc, reviewerDocRecords([note('n2', ANN, 'ICANS in 2 of 12')], null));
    server = await start(dataDir, server.port);

    // Both extractors finish: blinding lifts, and everything, from before and after the stop, arrives.
    for (const [r, who] of [[ann, ANN], [bo, BO]] as const) {
      const progress = { reviewId: REVIEW_ID, documentId: DOCS[0]!, reviewerId: who, status: 'done' as const, updatedAt: '2026-12-01T12:00:00.000Z' };
      await r.write({ kind: 'reviewer', reviewId: REVIEW_ID, documentId: DOCS[0]!, reviewerId: who }, reviewerDocRecords([], progress));
      await r.write(r.reviewMeta, reviewDocRecords(null, [progress]));
    }
    const wanted = ['CRS grade 1 in 8 of 12', 'ICANS in 2 of 12'];
    expect(await until(async () => (await notes(bo, annDoc)).sort().join() === wanted.join(), 20_000)).toBe(true);
    expect(await until(async () => (await notes(cal, annDoc)).sort().join() === wanted.join(), 20_000)).toBe(true);

    // A fresh device of the adjudicator, connecting after the restart, finds all of it on the server.
    const fresh = connected(CAL, server.url);
    await fresh.write(fresh.reviewMeta, reviewDocRecords(REVIEW));
    expect(await until(async () => (await notes(fresh, annDoc)).sort().join() === wanted.join(), 20_000)).toBe(true);
    const stored = await fresh.readLocal(syncDocumentId(annDoc));
    expect(stored?.records.has(annotationKey('n1'))).toBe(true);
  });
});
