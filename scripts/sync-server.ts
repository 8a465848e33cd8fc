// `npm run sync-server`: the team's sync server (issue 11 item 5). automerge-repo's Repo on Node
// with its file-system storage and WebSocket server adapter; a connection must present the shared
// review token, and blinding decides which documents each reviewer's connection receives.
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { timingSafeEqual, createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { WebSocketServer } from 'ws';
import { Repo } from '@automerge/automerge-repo';
import type { DocumentId, PeerId } from '@automerge/automerge-repo';
import { WebSocketServerAdapter } from '@automerge/automerge-repo-network-websocket';
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs';
import type * as A from '@automerge/automerge/slim';
import { readSyncDoc } from '../shared/sync/automerge-doc';
import type { SyncDocShape } from '../shared/sync/automerge-doc';
import { decideAccess } from '../shared/sync/decide-access';
import { parsePeerId, SERVER_PEER_ID } from '../shared/sync/peer';

export interface SyncServerOptions {
  dataDir: string;
  port: number;
  host: string;
  token: string;
  log?: (line: string) => void;
}

export interface RunningSyncServer {
  url: string;
  port: number;
  close(): Promise<void>;
}


function sameToken(given: string, expected: string): boolean {
  // Hash both sides first: timingSafeEqual needs equal lengths, and the length must not leak either.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function refuse(socket: Duplex, status: string, reason: string): void {
  socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${reason}\n`);
  socket.destroy();
}

export async function startSyncServer(options: SyncServerOptions): Promise<RunningSyncServer> {
  const log = options.log ?? (() => undefined);
  if (options.token.length < 8) throw new Error('The review token must be at least 8 characters (set MARGIN_SYNC_TOKEN).');
  mkdirSync(options.dataDir, { recursive: true });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 * 1024 });
  const http: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Margin sync server: connect from Margin with this address and the review token.\n');
  });
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Browsers cannot set headers on a WebSocket, so the token travels in the query string.
    const url = new URL(req.url ?? '/', 'http://localhost');
    const token = url.searchParams.get('token') ?? '';
    if (!sameToken(token, options.token)) {
      log(`refused a connection from ${req.socket.remoteAddress ?? '?'}: wrong or missing review token`);
      refuse(socket, '401 Unauthorized', 'The review token is wrong or missing.');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  let repo: Repo | null = null;
  // Requests refused for now, kept to be answered once the rule allows them (a document whose
  // review had not arrived yet, or work withheld until blinding lifts).
  const refused = new Map<DocumentId, Set<PeerId>>();
  const readLocal = async (id: string) => {
    const handle = repo?.handles[id as DocumentId];
    let doc: A.Doc<SyncDocShape> | undefined | null = handle?.isReady() ? handle.doc() : undefined;
    if (doc === undefined) {
      // Not loaded: read what the server stored, without asking any peer for it.
      const stored = await repo?.storageSubsystem?.loadDoc<SyncDocShape>(id as DocumentId);
      doc = stored ?? null;
    }
    return doc === null ? null : readSyncDoc(doc);
  };
  repo = new Repo({
    network: [new WebSocketServerAdapter(wss as never)],
    storage: new NodeFSStorageAdapter(options.dataDir),
    peerId: SERVER_PEER_ID as PeerId,
    shareConfig: {
      // The server offers nothing unasked; a device asks for the documents it may have.
      announce: async () => false,
      access: async (peerId: PeerId, documentId: DocumentId) => {
        const who = parsePeerId(peerId);
        if (who === null) return false;
        const decision = await decideAccess(who, documentId, readLocal);
        if (!decision.allowed) {
          if (!refused.has(documentId)) refused.set(documentId, new Set());
          if (!refused.get(documentId)!.has(peerId)) log(`withheld ${documentId} from ${who.reviewerId}: ${decision.reason}`);
          refused.get(documentId)!.add(peerId);
        }
        return decision.allowed;
      },
    },
  });
  // When a review, a member or a reviewer's progress changes, blinding may lift: ask again.
  let pending: ReturnType<typeof setTimeout> | null = null;
  const reconsider = () => {
    if (pending !== null) return;
    pending = setTimeout(() => {
      pending = null;
      void answerRefused().then(() => repo?.shareConfigChanged());
    }, 50);
  };
  repo.on('doc-metrics', (event) => {
    // Any document that a peer changed: (this Repo emits no event per new document, so this is the hook).
    if (event.type === 'receive-sync-message') reconsider();
  });
  // automerge-repo re-asks only about documents it is already syncing; a refused request for a
  // document the server had not loaded is answered here by loading it (or asking its owner for it).
  const answerRefused = async () => {
    const connected = new Set(repo?.peers ?? []);
    for (const [documentId, peers] of refused) {
      for (const peerId of peers) {
        const who = parsePeerId(peerId);
        if (!connected.has(peerId) || who === null) {
          peers.delete(peerId);
          continue;
        }
        if (!(await decideAccess(who, documentId, readLocal)).allowed) continue;
        peers.delete(peerId);
        void repo?.find(documentId, { allowableStates: ['ready', 'unavailable', 'requesting', 'loading'] }).catch(() => undefined);
      }
      if (peers.size === 0) refused.delete(documentId);
    }
  };

  await new Promise<void>((done, fail) => {
    http.once('error', fail);
    http.listen(options.port, options.host, () => done());
  });
  const address = http.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const url = `ws://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  log(`Margin sync server on ${url}, data in ${options.dataDir}`);
  return {
    url,
    port,
    async close() {
      if (pending !== null) clearTimeout(pending);
      for (const client of wss.clients) client.terminate();
      await repo?.flush();
      await repo?.shutdown();
      wss.close();
      await new Promise<void>((done) => http.close(() => done()));
    },
  };
}

/** Options from the command line (`--port 3030`) and the environment (MARGIN_SYNC_PORT…), command line first. */
export function optionsFrom(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): SyncServerOptions {
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const port = Number(flag('port') ?? env.MARGIN_SYNC_PORT ?? 3030);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`The port must be a whole number from 0 to 65535, not “${String(flag('port') ?? env.MARGIN_SYNC_PORT)}”.`);
  const token = flag('token') ?? env.MARGIN_SYNC_TOKEN ?? '';
  if (token === '') throw new Error('Give the review token: MARGIN_SYNC_TOKEN=… npm run sync-server (share it with the team).');
  return {
    dataDir: resolve(flag('data') ?? env.MARGIN_SYNC_DATA ?? 'sync-data'),
    port,
    host: flag('host') ?? env.MARGIN_SYNC_HOST ?? '127.0.0.1',
    token,
    log: (line) => process.stdout.write(`${line}\n`),
  };
}

async function main(): Promise<void> {
  let options: SyncServerOptions;
  try {
    options = optionsFrom(process.argv.slice(2), process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const server = await startSyncServer(options);
  // The tests read this line to learn the port when they ask for port 0.
  process.stdout.write(`listening ${server.url}\n`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] !== undefined && /sync-server\.m?js$/.test(process.argv[1])) void main();
