// The Dexie side of team sync (issue 11 item 5): what this reviewer commits flows into the review's
// Automerge documents (the sync worker), and what arrives from other devices is written into Dexie
// THROUGH the change funnel with the remote reviewer named, so every synced change is in the audit
// log. Also the server settings, the air-gapped bundle (signed with the device key), and the status
// the desk shows: connected, last synced, changes waiting.
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { Actor, Annotation, DocumentId, Reviewer, Setting } from '@shared/model';
import { storedProgress } from '@shared/review/progress';
import type { StoredProgress } from '@shared/review/progress';
import type { Review, ReviewerProgress, ReviewId } from '@shared/review/model';
import { bundleManifest, parseBundle, serializeBundle } from '@shared/sync/bundle';
import type { BundleFile } from '@shared/sync/bundle';
import { readRecords, reviewDocRecords, reviewerDocRecords, sameMeta, syncDocOfAnnotation, syncDocumentId } from '@shared/sync/layout';
import type { SyncDocMeta } from '@shared/sync/layout';
import { createSyncClient, moduleSyncWorker } from '../workers/sync-client';
import type { SyncClient, SyncWorkerLike } from '../workers/sync-client';
import type { DocRecords } from '../workers/sync-protocol';
import { useDatabase } from './context';
import type { MarginDatabase } from './database';
import { onCommitted, REVIEWER_KEY, reviewerOf, runChange, sameRecord } from './funnel';
import type { RecordChange } from './funnel';
import { ACTIVE_REVIEW_KEY, activeReviewIdOf, setActiveReview } from './reviews';
import { checkFileSignature, signCovered } from './signing';

/** Settings key of the team's sync server: its address, the review token and the review synced. */
export const SYNC_SETTINGS_KEY = 'sync';

export interface SyncSettings {
  /** ws://host:port of the team's sync server, or null to work offline (bundles only). */
  url: string | null;
  token: string;
  reviewId: ReviewId;
}

export type SyncSettingsCheck = { ok: true; settings: SyncSettings } | { ok: false; message: string };

/** Tidies the settings as typed; each refusal says what to change. An http address is taken as its ws twin. */
export function checkSyncSettings(input: { url: string; token: string; reviewId: string }): SyncSettingsCheck {
  const reviewId = input.reviewId.trim();
  if (!reviewId) return { ok: false, message: 'Give the id of the review to sync (the review’s creator can copy it).' };
  const token = input.token.trim();
  const address = input.url.trim();
  if (!address) return { ok: true, settings: { url: null, token, reviewId: reviewId as ReviewId } };
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(address) ? address : `ws://${address}`);
  } catch {
    return { ok: false, message: `“${address}” is not a server address; it looks like ws://192.168.1.20:3030.` };
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return { ok: false, message: `The server address must start with ws:// or wss://, not ${url.protocol}//.` };
  if (token.length < 8) return { ok: false, message: 'The review token has at least 8 characters; ask whoever started the sync server.' };
  url.search = '';
  return { ok: true, settings: { url: url.toString().replace(/\/$/, ''), token, reviewId: reviewId as ReviewId } };
}

export function readSyncSettings(value: unknown): SyncSettings | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Partial<SyncSettings>;
  if (typeof v.reviewId !== 'string' || !v.reviewId || typeof v.token !== 'string') return null;
  return { url: typeof v.url === 'string' && v.url ? v.url : null, token: v.token, reviewId: v.reviewId };
}

export async function saveSyncSettings(db: MarginDatabase, settings: SyncSettings | null): Promise<void> {
  await runChange(db, { action: 'settings.sync', label: 'sync server', documentId: null }, async (writer) => {
    if (settings === null) await writer.remove('settings', SYNC_SETTINGS_KEY);
    else await writer.put<Setting>('settings', { key: SYNC_SETTINGS_KEY, value: settings });
  });
}

/** The review id to offer when nothing is set yet: the device's active review (undefined while reading). */
export function useActiveReviewId(): string | null | undefined {
  const db = useDatabase();
  return useLiveQuery(async () => {
    const value = (await db.settings.get(ACTIVE_REVIEW_KEY))?.value;
    return typeof value === 'string' ? value : null;
  }, [db]);
}

export interface SyncStatus {
  state: 'off' | 'starting' | 'connected' | 'offline' | 'failed';
  /** Whether a server address is set (offline by choice when not). */
  server: string | null;
  lastSyncedAt: string | null;
  /** This device's documents with changes the server has not confirmed. */
  waiting: number;
  message: string | null;
}

const OFF: SyncStatus = { state: 'off', server: null, lastSyncedAt: null, waiting: 0, message: null };

function plainProgress(p: StoredProgress): ReviewerProgress {
  return { reviewId: p.reviewId, documentId: p.documentId, reviewerId: p.reviewerId, status: p.status, updatedAt: p.updatedAt };
}

export interface BundleImportResult {
  merged: number;
  withheld: number;
  signer: string;
}

/** Why a bundle was refused; nothing was changed. */
export class BundleRefused extends Error {}

/**
 * One device's sync: started from the settings, fed by the change funnel, writing what arrives
 * through the funnel. One per database (the app's, or a test's).
 */
export class SyncController {
  private client: SyncClient | null = null;
  private settings: SyncSettings | null = null;
  private me: Reviewer | null = null;
  private review: Review | null = null;
  private status: SyncStatus = OFF;
  private readonly listeners = new Set<() => void>();
  private unsubscribe: (() => void) | null = null;
  private pushing: Promise<void> = Promise.resolve();
  private pulling: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: MarginDatabase,
    private readonly makeWorker: () => SyncWorkerLike | null = moduleSyncWorker,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getStatus = (): SyncStatus => this.status;

  private setStatus(patch: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...patch };
    for (const listener of this.listeners) listener();
  }

  private get lastSyncedKey(): string {
    return `margin.sync.lastSynced.${this.db.name}`;
  }

  private configuring: Promise<void> = Promise.resolve();

  /** (Re)starts sync from the stored settings; stops it when there are none. One at a time. */
  configure(): Promise<void> {
    this.configuring = this.configuring.then(() => this.configureNow()).catch((error: unknown) => this.setStatus({ state: 'failed', message: String(error) }));
    return this.configuring;
  }

  private async configureNow(): Promise<void> {
    const [stored, reviewerSetting] = await this.db.settings.bulkGet([SYNC_SETTINGS_KEY, REVIEWER_KEY]);
    const settings = readSyncSettings(stored?.value);
    const me = reviewerOf(reviewerSetting);
    if (settings === null || me === null) return this.stop();
    if (this.client !== null && sameRecord(settings, this.settings) && me.id === this.me?.id) return;
    await this.stop();
    const worker = this.makeWorker();
    if (worker === null) {
      this.setStatus({ ...OFF, state: 'failed', message: 'This browser cannot run sync (no Web Workers).' });
      return;
    }
    this.settings = settings;
    this.me = me;
    const lastSyncedAt = globalThis.localStorage?.getItem(this.lastSyncedKey) ?? null;
    this.setStatus({ state: 'starting', server: settings.url, lastSyncedAt, waiting: 0, message: null });
    this.client = createSyncClient(worker, {
      status: (event) => {
        if (event.lastSyncedAt) globalThis.localStorage?.setItem(this.lastSyncedKey, event.lastSyncedAt);
        this.setStatus({
          state: event.connected ? 'connected' : 'offline',
          lastSyncedAt: event.lastSyncedAt ?? this.status.lastSyncedAt,
          waiting: event.waiting,
          message: null,
        });
      },
      changed: (event) => {
        this.pulling = this.pulling.then(() => this.pull(event.docs)).catch((error: unknown) => this.setStatus({ message: `Synced changes could not be stored: ${String(error)}` }));
      },
      failed: (message) => this.setStatus({ state: 'failed', message }),
    });
    try {
      await this.client.start({ reviewId: settings.reviewId, reviewerId: me.id }, settings.url, settings.token, `${this.db.name}-sync`);
    } catch (error) {
      this.setStatus({ state: 'failed', message: error instanceof Error ? error.message : String(error) });
      return;
    }
    this.unsubscribe = onCommitted((db, changes) => {
      if (db !== this.db) return;
      this.pushing = this.pushing.then(() => this.push(changes)).catch(() => undefined);
    });
    await this.pushAll();
    await this.pull(await this.client.readWanted());
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    const client = this.client;
    this.client = null;
    this.settings = null;
    this.review = null;
    if (client !== null) {
      await client.stop().catch(() => undefined);
      client.dispose();
    }
    this.setStatus(OFF);
  }

  /** Waits until what was committed so far has been handed to the worker and what arrived is stored. */
  async idle(): Promise<void> {
    await this.pushing;
    await this.pulling;
  }

  private async reviewHere(): Promise<Review | null> {
    const id = this.settings?.reviewId;
    if (!id) return null;
    const stored = await this.db.reviews.get(id);
    if (stored) this.review = stored;
    return this.review;
  }

  /** Whether this device writes a document: its reviewer's own, and consensus documents as adjudicator. */
  private writes(meta: SyncDocMeta, review: Review | null): boolean {
    if (meta.reviewId !== this.settings?.reviewId) return false;
    if (meta.kind === 'reviewer') return meta.reviewerId === this.me?.id;
    if (meta.kind === 'consensus') return review?.members.some((m) => m.reviewerId === this.me?.id && m.role === 'adjudicator') ?? false;
    return true;
  }

  /** Everything of the review this device holds, written into its documents (a start, or after a restore). */
  private async pushAll(): Promise<void> {
    const reviewId = this.settings?.reviewId;
    if (!reviewId) return;
    const changes: RecordChange[] = [];
    const annotations = await this.db.annotations.filter((a) => (a.consensus?.reviewId ?? a.reviewId) === reviewId).toArray();
    for (const a of annotations) changes.push({ table: 'annotations', key: a.id, before: null, after: a });
    const review = await this.db.reviews.get(reviewId);
    if (review) changes.push({ table: 'reviews', key: reviewId, before: null, after: review });
    for (const p of await this.db.progress.where('reviewId').equals(reviewId).toArray()) changes.push({ table: 'progress', key: p.id, before: null, after: p });
    await this.push(changes);
  }

  private async push(changes: readonly RecordChange[]): Promise<void> {
    const client = this.client;
    const reviewId = this.settings?.reviewId;
    if (client === null || !reviewId) return;
    const review = await this.reviewHere();
    const docs = new Map<string, DocRecords>();
    const add = (meta: SyncDocMeta, records: Map<string, string>) => {
      const id = syncDocumentId(meta);
      const doc = docs.get(id) ?? { meta, records: [] };
      doc.records.push(...records);
      docs.set(id, doc);
    };
    for (const change of changes) {
      const after = change.after as Record<string, unknown> | null;
      if (after === null) continue;
      if (change.table === 'annotations') {
        const annotation = after as unknown as Annotation;
        const meta = syncDocOfAnnotation(annotation);
        if (meta !== null && this.writes(meta, review)) add(meta, reviewerDocRecords([annotation], null));
      } else if (change.table === 'reviews' && after.id === reviewId) {
        add({ kind: 'review', reviewId }, reviewDocRecords(after as unknown as Review));
      } else if (change.table === 'progress' && after.reviewId === reviewId && after.reviewerId === this.me?.id) {
        const progress = plainProgress(after as unknown as StoredProgress);
        add({ kind: 'reviewer', reviewId, documentId: progress.documentId, reviewerId: progress.reviewerId }, reviewerDocRecords([], progress));
        // Progress is announced in the review document too: blinding lifts from it on every device.
        add({ kind: 'review', reviewId }, reviewDocRecords(null, [progress]));
      }
    }
    if (docs.size > 0) await client.write([...docs.values()]);
  }

  private actorFor(reviewerId: string | undefined, fallback: string): Actor {
    const member = this.review?.members.find((m) => m.reviewerId === reviewerId);
    return { id: reviewerId ?? 'unknown', name: member?.name ?? fallback };
  }

  /** Writes what arrived into Dexie through the funnel, one action per document and reviewer, naming them. */
  private async pull(docs: readonly DocRecords[]): Promise<void> {
    // The review first: its members name the reviewers of everything else.
    const ordered = [...docs].sort((a, b) => Number(b.meta.kind === 'review') - Number(a.meta.kind === 'review'));
    for (const doc of ordered) {
      if (doc.meta.reviewId !== this.settings?.reviewId) continue;
      const read = readRecords({ meta: doc.meta, records: new Map(doc.records) });
      if (doc.meta.kind === 'review') {
        await this.pullReview(read.review, read.reviewProgress);
        continue;
      }
      await this.pullAnnotations(doc.meta, read.annotations);
      if (read.progress !== null) await this.pullProgress([read.progress]);
    }
  }

  private async pullReview(review: Review | null, progress: readonly ReviewerProgress[]): Promise<void> {
    if (review !== null) {
      this.review = review;
      const here = await this.db.reviews.get(review.id);
      // Members are kept as a union: a member known here and not yet there is not dropped.
      const members = [...review.members];
      for (const m of here?.members ?? []) if (!members.some((x) => x.reviewerId === m.reviewerId)) members.push(m);
      const merged: Review = { ...review, members };
      if (!sameRecord(here, merged)) {
        const by = this.actorFor(review.createdBy, 'the review’s creator');
        await runChange(this.db, { action: 'sync.review', label: `review “${review.name}” synced`, documentId: null, remote: by }, async (writer) => {
          await writer.put<Review>('reviews', merged);
        });
      }
      // Joining: the review this device syncs becomes its active one when none is, so new work is made in it.
      if (activeReviewIdOf(await this.db.settings.get(ACTIVE_REVIEW_KEY)) === null && review.members.some((m) => m.reviewerId === this.me?.id)) await setActiveReview(this.db, review.id);
    }
    await this.pullProgress(progress);
  }

  private async pullProgress(progress: readonly ReviewerProgress[]): Promise<void> {
    if (progress.length === 0) return;
    const rows = progress.filter((p) => p.reviewerId !== this.me?.id).map(storedProgress);
    const here = await this.db.progress.bulkGet(rows.map((r) => r.id));
    const fresh = rows.filter((row, i) => here[i] === undefined || (!sameRecord(here[i], row) && here[i]!.updatedAt <= row.updatedAt));
    for (const row of fresh) {
      await runChange(this.db, { action: 'sync.progress', label: 'review progress synced', documentId: row.documentId as DocumentId, remote: this.actorFor(row.reviewerId, 'a reviewer') }, async (writer) => {
        await writer.put<StoredProgress>('progress', row);
      });
    }
  }

  private async pullAnnotations(meta: SyncDocMeta, annotations: readonly Annotation[]): Promise<void> {
    if (annotations.length === 0 || meta.kind === 'review') return;
    const here = await this.db.annotations.bulkGet(annotations.map((a) => a.id));
    const byActor = new Map<string, Annotation[]>();
    annotations.forEach((incoming, i) => {
      const local = here[i];
      if (local !== undefined && sameRecord(local, incoming)) return;
      // A newer local version than the one that arrived is this device's own write on its way out.
      if (local !== undefined && local.modifiedAt > incoming.modifiedAt) return;
      // Never into another document or review than the one the record's sync document is for.
      const where = syncDocOfAnnotation(incoming);
      if (where === null || !sameMeta(where, meta)) return;
      const actor = meta.kind === 'reviewer' ? meta.reviewerId : (incoming.modifiedBy ?? incoming.creatorId ?? 'unknown');
      byActor.set(actor, [...(byActor.get(actor) ?? []), incoming]);
    });
    for (const [actorId, list] of byActor) {
      const remote = this.actorFor(actorId, list[0]!.creator);
      const label = meta.kind === 'consensus' ? `consensus values synced from ${remote.name}` : `${list.length === 1 ? 'annotation' : `${list.length} annotations`} synced from ${remote.name}`;
      await runChange(this.db, { action: 'sync.receive', label, documentId: meta.documentId, remote }, async (writer) => {
        await writer.putMany('annotations', list);
      });
    }
  }

  /** This reviewer's work on the review as one signed bundle file (JSON). */
  async exportBundle(now: string = new Date().toISOString()): Promise<{ name: string; text: string }> {
    const client = this.need();
    await this.idle();
    const docs = await client.exportDocs();
    const { manifest, data } = bundleManifest({ reviewId: this.settings!.reviewId, reviewerId: this.me!.id, reviewerName: this.me!.name, createdAt: now, docs });
    const file: BundleFile = { manifest, data, signature: await signCovered(this.db, manifest) };
    const stamp = now.slice(0, 16).replace(/[:T]/g, '-');
    return { name: `margin-sync-${(this.me!.initials || 'reviewer').toLowerCase()}-${stamp}.margin-sync.json`, text: serializeBundle(file) };
  }

  /**
   * Imports a bundle: refused, with nothing changed, when it is not a bundle, was altered after it
   * was signed, is unsigned, or is for another review; otherwise merged like network sync.
   */
  async importBundle(text: string): Promise<BundleImportResult> {
    const client = this.need();
    const parsed = parseBundle(text);
    if (!parsed.ok) throw new BundleRefused(parsed.reason);
    const { manifest, signature } = parsed.file;
    const check = await checkFileSignature(this.db, manifest, signature);
    if (check.kind === 'unsigned') throw new BundleRefused('The bundle is not signed, so Margin cannot tell who made it or whether it changed. Nothing was imported.');
    if (check.kind === 'invalid') throw new BundleRefused(`The bundle was refused: ${check.reason}. Nothing was imported.`);
    if (check.signer.reviewerId !== manifest.reviewerId) throw new BundleRefused('The bundle was refused: it is signed by someone other than the reviewer it names. Nothing was imported.');
    if (manifest.reviewId !== this.settings!.reviewId) throw new BundleRefused('The bundle is for another review than the one this device syncs. Nothing was imported.');
    const result = await client.importDocs(parsed.docs.map((d) => ({ meta: d.meta, binary: d.binary })));
    // What was merged arrives as changed documents and is stored through the funnel, as from the network.
    await this.pull(await client.readWanted());
    return { ...result, signer: `${check.signer.name} (${check.fingerprint})` };
  }

  private need(): SyncClient {
    if (this.client === null || this.settings === null || this.me === null) throw new BundleRefused('Set up sync first: the review to sync is not chosen yet.');
    return this.client;
  }
}

const controllers = new WeakMap<MarginDatabase, SyncController>();

/** The database's one sync controller. */
export function syncControllerFor(db: MarginDatabase): SyncController {
  let controller = controllers.get(db);
  if (controller === undefined) controllers.set(db, (controller = new SyncController(db)));
  return controller;
}

export function useSyncStatus(controller: SyncController): SyncStatus {
  return useSyncExternalStore(controller.subscribe, controller.getStatus);
}

/** The stored sync settings; undefined while reading, null when none are set. */
export function useSyncSettings(): SyncSettings | null | undefined {
  const db = useDatabase();
  const stored = useLiveQuery(async () => (await db.settings.get(SYNC_SETTINGS_KEY)) ?? null, [db]);
  return useMemo(() => (stored === undefined ? undefined : readSyncSettings(stored?.value)), [stored]);
}

/**
 * Keeps the database's sync running as its settings say: mounted once by the desk. Starts when a
 * review, token and (optionally) server are set and a reviewer is named; restarts on a change.
 */
export function useSyncController(): SyncController {
  const db = useDatabase();
  const controller = syncControllerFor(db);
  const stamp = useLiveQuery(async () => JSON.stringify((await db.settings.bulkGet([SYNC_SETTINGS_KEY, REVIEWER_KEY])).map((s) => s?.value ?? null)), [db]);
  useEffect(() => {
    if (stamp === undefined) return;
    void controller.configure();
  }, [controller, stamp]);
  return controller;
}
