// The sync worker's work: one automerge-repo Repo with IndexedDB storage and, when an address is
// set, a WebSocket to the team's sync server; the review's documents opened through SyncReplica;
// changed documents reported to the page (only those blinding lets this device hold), and the
// connection's state: connected, last synced, documents waiting.
import { initializeWasm, Repo } from '@automerge/automerge-repo/slim';
import type { DocumentId, PeerId, StorageAdapterInterface } from '@automerge/automerge-repo/slim';
import { IndexedDBStorageAdapter } from '@automerge/automerge-repo-storage-indexeddb';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import * as A from '@automerge/automerge/slim';
import wasmUrl from '@automerge/automerge/automerge.wasm?url';
import { syncDocumentId } from '@shared/sync/layout';
import type { SyncDocContent, SyncDocMeta } from '@shared/sync/layout';
import { peerIdFor, SERVER_PEER_ID } from '@shared/sync/peer';
import { SyncReplica } from './sync-replica';
import type { DocRecords, SyncAnswer, SyncRequest, SyncResponse } from './sync-protocol';

let wasm: Promise<void> | null = null;

function docRecords(content: SyncDocContent): DocRecords {
  return { meta: content.meta, records: [...content.records] };
}

/** The address with the token in its query (a browser WebSocket cannot carry headers). */
export function serverUrl(address: string, token: string): string {
  const url = new URL(address);
  url.searchParams.set('token', token);
  return url.toString();
}

export interface SyncHostOptions {
  /** Loads Automerge's wasm; by default the file Vite emitted beside the worker. */
  initWasm?: () => Promise<void>;
  /** Where the documents are kept; by default IndexedDB under the given name (tests: memory). */
  storage?: (databaseName: string) => StorageAdapterInterface | undefined;
  /** How long the WebSocket waits before trying the server again. */
  retryMs?: number;
}

function loadWasm(): Promise<void> {
  // The wasm file Vite emitted beside the worker; fetched from our own origin, compiled here.
  wasm ??= fetch(wasmUrl).then(async (response) => initializeWasm(new Uint8Array(await response.arrayBuffer())));
  return wasm;
}

export class SyncHost {
  private replica: SyncReplica | null = null;
  private connected = false;
  private lastSyncedAt: string | null = null;
  private readonly serverHeads = new Map<string, readonly string[]>();
  private readonly changed = new Map<string, SyncDocMeta>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private statusTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly post: (message: SyncResponse) => void,
    private readonly options: SyncHostOptions = {},
  ) {}

  async handle(request: SyncRequest): Promise<SyncAnswer> {
    switch (request.type) {
      case 'start':
        await this.start(request);
        return { type: 'done' };
      case 'write': {
        const replica = this.need();
        let count = 0;
        for (const doc of request.docs) count += await replica.write(doc.meta, new Map(doc.records));
        if (count > 0) this.statusSoon();
        return { type: 'written', count };
      }
      case 'read-wanted': {
        const replica = this.need();
        const docs: DocRecords[] = [];
        for (const meta of await replica.openWanted()) {
          const content = await replica.content(meta);
          if (content !== null) docs.push(docRecords(content));
        }
        return { type: 'docs', docs };
      }
      case 'export':
        return { type: 'exported', docs: await this.need().exportDocs() };
      case 'import': {
        const result = await this.need().importDocs(request.docs);
        return { type: 'imported', ...result };
      }
      case 'stop':
        await this.stop();
        return { type: 'done' };
    }
  }

  private need(): SyncReplica {
    if (this.replica === null) throw new Error('Sync has not started.');
    return this.replica;
  }

  private async start(request: Extract<SyncRequest, { type: 'start' }>): Promise<void> {
    await this.stop();
    await (this.options.initWasm ?? loadWasm)();
    const network = request.url === null ? [] : [new WebSocketClientAdapter(serverUrl(request.url, request.token), this.options.retryMs ?? 3000)];
    let replica: SyncReplica | null = null;
    const repo = new Repo({
      peerId: peerIdFor(request.who, crypto.randomUUID()) as PeerId,
      storage: this.options.storage ? this.options.storage(request.databaseName) : new IndexedDBStorageAdapter(request.databaseName),
      network,
      shareConfig: {
        announce: (peer, doc) => (replica ? replica.shareConfig().announce(peer, doc) : Promise.resolve(false)),
        access: (peer, doc) => (replica ? replica.shareConfig().access(peer, doc) : Promise.resolve(false)),
      },
    });
    replica = new SyncReplica(repo, request.who);
    this.replica = replica;
    repo.networkSubsystem.on('peer', ({ peerId }) => {
      if (peerId !== SERVER_PEER_ID) return;
      this.connected = true;
      this.statusSoon();
      // Ask for everything this device may hold: the server answers with what it has.
      void replica.openWanted();
    });
    repo.networkSubsystem.on('peer-disconnected', ({ peerId }) => {
      if (peerId !== SERVER_PEER_ID) return;
      this.connected = false;
      this.statusSoon();
    });
    repo.synchronizer.on('sync-state', ({ peerId, documentId, syncState }) => {
      if (peerId !== SERVER_PEER_ID) return;
      this.serverHeads.set(documentId, syncState.theirHeads ?? []);
      this.statusSoon();
    });
    replica.onDocChanged((meta) => {
      this.changed.set(syncDocumentId(meta), meta);
      this.flushSoon();
    });
    await replica.openWanted();
    this.statusSoon();
  }

  /** Reports changed documents at most every 100 ms, so a large sync arrives as a few batches. */
  private flushSoon(): void {
    if (this.flushTimer !== null) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      void this.flush();
    }, 100);
  }

  private async flush(): Promise<void> {
    const replica = this.replica;
    if (replica === null) return;
    const metas = [...this.changed.values()];
    this.changed.clear();
    const docs: DocRecords[] = [];
    for (const meta of metas) {
      // Blinding on this side too: a document this device may not hold is never reported.
      if (!(await replica.mayHold(syncDocumentId(meta)))) continue;
      const content = await replica.content(meta);
      if (content !== null) docs.push(docRecords(content));
    }
    // A changed review or progress may let in documents that were withheld: ask for them.
    if (metas.some((m) => m.kind === 'review')) {
      replica.repo.shareConfigChanged();
      void replica.openWanted();
    }
    if (docs.length > 0) this.post({ type: 'changed', docs });
    this.statusSoon();
  }

  private statusSoon(): void {
    if (this.statusTimer !== null) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      void this.status();
    }, 200);
  }

  private async status(): Promise<void> {
    const replica = this.replica;
    if (replica === null) return;
    let waiting = 0;
    for (const meta of await replica.ownDocs()) {
      const id = syncDocumentId(meta);
      const handle = replica.repo.handles[id as DocumentId];
      if (!handle?.isReady()) continue;
      const heads = A.getHeads(handle.doc());
      const theirs = new Set(this.serverHeads.get(id) ?? []);
      // Only the shared first change: nothing written yet, nothing to send.
      if (A.getAllChanges(handle.doc()).length <= 1 && theirs.size === 0) continue;
      if (!heads.every((h) => theirs.has(h))) waiting++;
    }
    if (this.connected && waiting === 0) this.lastSyncedAt = new Date().toISOString();
    this.post({ type: 'status', connected: this.connected, lastSyncedAt: this.lastSyncedAt, waiting });
  }

  private async stop(): Promise<void> {
    const replica = this.replica;
    this.replica = null;
    this.connected = false;
    this.serverHeads.clear();
    if (replica !== null) {
      await replica.repo.flush();
      await replica.repo.shutdown();
    }
  }
}
