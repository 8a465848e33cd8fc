// The messages between the renderer and the re-anchoring worker, and the work the worker does for
// one request, kept apart from the worker's global wiring so both sides and tests share them.
import { reanchorAll } from '@shared/anchoring';
import type { Anchor } from '@shared/anchoring';
import type { TextSelectors } from '@shared/model';

export interface ReanchorRequest {
  /** Pairs the answer with its request; the client numbers them. */
  id: number;
  /** The text the annotations were made on, when known (a corrected or re-imported document). */
  oldText: string | null;
  newText: string;
  targets: TextSelectors[];
}

export type ReanchorResponse = { id: number; anchors: Anchor[] } | { id: number; error: string };

/** Runs one request. Never throws: a failure becomes an error answer the client can reject with. */
export function handleReanchorRequest(request: ReanchorRequest): ReanchorResponse {
  try {
    return { id: request.id, anchors: reanchorAll(request.oldText, request.newText, request.targets) };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}
