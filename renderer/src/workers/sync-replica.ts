// One device's replica of a team review's sync documents over an automerge-repo Repo: opens or
// makes its documents local-first (every device makes the same first change, so offline copies
// merge), writes records as immutable strings, reads them back, and exports and imports bundles.
// No Dexie and no DOM here, so the same code runs in the app, in Node tests and in the bench.
import type { DocHandle, DocumentId, PeerId, Repo } from '@automerge/automerge-repo/slim';
import * as A from '@automerge/automerge/slim';
import { readSyncDoc, seedBinary, wouldChange, writeRecords } from '@shared/sync/automerge-doc';
import type { SyncDocShape } from '@shared/sync/automerge-doc';
import type { BundleDoc } from '@shared/sync/bundle';
import { decideAccess, reviewDocIds } from '@shared/sync/decide-access';
import type { ReadLocal } from '@shared/sync/decide-access';
import { parsePeerId } from '@shared/sync/peer';
import { readRecords, syncDocumentId } from '@shared/sync/layout';
import type { ReadRecords, SyncDocContent, SyncDocMeta } from '@shared/sync/layout';
import type { PeerIdentity } from '@shared/sync/peer';
import type { Review } from '@shared/review/model';

export type SyncHandle = DocHandle<SyncDocShape>;

/** Told when a sync document's content changed here, by this device or by a peer. */
export type DocListener = (meta: SyncDocMeta, content: SyncDocContent) => void;

export class SyncReplica {
  private readonly opening = new Map<string, Promise<SyncHandle>>();
  private readonly watched = new Set<string>();
  private readonly listeners = new Set<DocListener>();
  /** What each document opened here holds: this device's own are known before the review arrives. */
  private readonly opened = new Map<string, SyncDocMeta>();

  constructor(
    readonly repo: Repo,
    readonly who: PeerIdentity,
  ) {}

  get reviewMeta(): SyncDocMeta {
    return { kind: 'review', reviewId: this.who.reviewId };
  }

  onDocChanged(listener: DocListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The handle of a sync document, made here if this device has never held it. Local first: what
   * storage holds is loaded; a document nobody here had starts from the shared first change, and
   * whatever a peer holds of it merges in when they meet.
   */
  open(meta: SyncDocMeta): Promise<SyncHandle> {
    const id = syncDocumentId(meta);
    this.opened.set(id, meta);
    const known = this.opening.get(id);
    if (known !== undefined) return known;
    const opened = this.openOnce(meta, id as DocumentId);
    this.opening.set(id, opened);
    opened.catch(() => this.opening.delete(id));
    return opened;
  }

  private async openOnce(meta: SyncDocMeta, id: DocumentId): Promise<SyncHandle> {
    const cached = this.repo.handles[id] as SyncHandle | undefined;
    let handle: SyncHandle;
    if (cached?.isReady()) handle = cached;
    else if (await this.repo.storageSubsystem?.loadDoc(id)) handle = await this.repo.find<SyncDocShape>(id);
    else handle = this.repo.import<SyncDocShape>(seedBinary(meta), { docId: id });
    if (!this.watched.has(id)) {
      this.watched.add(id);
      handle.on('change', ({ doc }) => {
        const content = readSyncDoc(doc);
        if (content !== null) for (const listener of this.listeners) listener(content.meta, content);
      });
    }
    return handle;
  }

  /** A document's content as held here; null when it is not open. */
  async content(meta: SyncDocMeta): Promise<SyncDocContent | null> {
    const handle = await this.open(meta);
    return readSyncDoc(handle.doc());
  }

  async read(meta: SyncDocMeta): Promise<ReadRecords | null> {
    const content = await this.content(meta);
    return content === null ? null : readRecords(content);
  }

  /** Writes the records that differ; returns how many were written (0: the document already held them). */
  async write(meta: SyncDocMeta, records: ReadonlyMap<string, string>): Promise<number> {
    const handle = await this.open(meta);
    if (!wouldChange(handle.doc(), records)) return 0;
    let written = 0;
    handle.change((d) => {
      written = writeRecords(d, records);
    });
    return written;
  }

  /** The review as this device holds it (null before anyone wrote it). */
  async review(): Promise<Review | null> {
    return (await this.read(this.reviewMeta))?.review ?? null;
  }

  /** Reads a document as held here, without asking any peer (null when not held). */
  readonly readLocal: ReadLocal = async (id) => {
    const handle = this.repo.handles[id as DocumentId] as SyncHandle | undefined;
    if (handle?.isReady()) return readSyncDoc(handle.doc());
    const stored = await this.repo.storageSubsystem?.loadDoc<SyncDocShape>(id as DocumentId);
    return stored ? readSyncDoc(stored) : null;
  };

  /** Every sync document of the review as this device knows the review: by id, with what it holds. */
  async reviewDocs(): Promise<Map<string, SyncDocMeta>> {
    const review = await this.review();
    return reviewDocIds(this.who, review?.documentIds ?? [], review?.members.map((m) => m.reviewerId) ?? []);
  }

  /**
   * Whether this device may hold a document (the client side of blinding), by the same rule the
   * server applies, with the review and the progress it announces as held here.
   */
  async mayHold(documentId: string): Promise<boolean> {
    const meta = this.opened.get(documentId);
    // Its own documents and the review's: before the review has arrived, nothing else says so.
    if (meta !== undefined && meta.reviewId === this.who.reviewId && (meta.kind === 'review' || (meta.kind === 'reviewer' && meta.reviewerId === this.who.reviewerId))) return true;
    return (await decideAccess(this.who, documentId, this.readLocal)).allowed;
  }

  /** The documents this device asks its peers for: every document of the review it may hold. */
  async wantedDocs(): Promise<SyncDocMeta[]> {
    const wanted: SyncDocMeta[] = [];
    for (const [id, meta] of await this.reviewDocs()) if (await this.mayHold(id)) wanted.push(meta);
    return wanted;
  }

  /**
   * What this replica's Repo shares: a peer gets a document only when the blinding rule allows it
   * that document (the server, which holds everything, decides for itself), and this device takes
   * a document only when it may hold it, so a blinded document is neither sent nor stored.
   */
  shareConfig(): { announce: (peerId: PeerId, documentId?: DocumentId) => Promise<boolean>; access: (peerId: PeerId, documentId: DocumentId) => Promise<boolean> } {
    const access = async (peerId: PeerId, documentId?: DocumentId) => {
      if (documentId === undefined) return false;
      if (!(await this.mayHold(documentId))) return false;
      const peer = parsePeerId(peerId);
      if (peer === null) return true;
      if (peer.reviewId !== this.who.reviewId) return false;
      return (await decideAccess(peer, documentId, this.readLocal)).allowed;
    };
    return { announce: access, access };
  }

  /** Opens every document this device asks for, so the network brings what peers have of them. */
  async openWanted(): Promise<SyncDocMeta[]> {
    const wanted = await this.wantedDocs();
    await Promise.all(wanted.map((meta) => this.open(meta)));
    return wanted;
  }

  /** The documents this reviewer writes: the review, their own reviewer documents, and consensus documents as adjudicator. */
  async ownDocs(): Promise<SyncDocMeta[]> {
    const review = await this.review();
    const own: SyncDocMeta[] = [this.reviewMeta];
    if (review === null) return own;
    const adjudicator = review.members.some((m) => m.reviewerId === this.who.reviewerId && m.role === 'adjudicator');
    for (const documentId of review.documentIds) {
      own.push({ kind: 'reviewer', reviewId: review.id, documentId, reviewerId: this.who.reviewerId });
      if (adjudicator) own.push({ kind: 'consensus', reviewId: review.id, documentId });
    }
    return own;
  }

  /** The saved binaries of this reviewer's documents, for an air-gapped bundle. */
  async exportDocs(): Promise<BundleDoc[]> {
    const docs: BundleDoc[] = [];
    for (const meta of await this.ownDocs()) {
      const handle = await this.open(meta);
      docs.push({ meta, binary: A.save(handle.doc()) });
    }
    return docs;
  }

  /**
   * Merges a bundle's documents, as network sync would have delivered them. The review document
   * goes first so the blinding rule knows the members and everyone's progress; a document this reviewer may not see yet is
   * left out (not merged, not stored) and counted, to be imported again once blinding lifts.
   */
  async importDocs(docs: readonly BundleDoc[]): Promise<{ merged: number; withheld: number }> {
    let merged = 0;
    let withheld = 0;
    const foreign = docs.filter((d) => d.meta.reviewId !== this.who.reviewId);
    withheld += foreign.length;
    const ours = docs.filter((d) => d.meta.reviewId === this.who.reviewId);
    for (const doc of ours.filter((d) => d.meta.kind === 'review')) {
      const handle = await this.open(doc.meta);
      handle.update((current) => A.loadIncremental(current, doc.binary));
      merged++;
    }
    for (const doc of ours.filter((d) => d.meta.kind !== 'review')) {
      if (!(await this.mayHold(syncDocumentId(doc.meta)))) {
        withheld++;
        continue;
      }
      const handle = await this.open(doc.meta);
      handle.update((current) => A.loadIncremental(current, doc.binary));
      merged++;
    }
    return { merged, withheld };
  }
}

