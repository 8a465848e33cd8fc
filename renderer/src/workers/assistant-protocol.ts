// The messages between the renderer and the assistant worker, and the work the worker does for one
// request, kept apart from the worker's wiring so the client's inline fallback and the tests share it.
import { suggestValues } from '@shared/assistant/suggest';
import { winkSentences } from '@shared/assistant/sentences';
import type { SuggestResult } from '@shared/assistant/types';
import type { ExtractionSchema } from '@shared/fields/types';

export type AssistantRequest =
  | { id: number; kind: 'suggest'; text: string; schema: ExtractionSchema; rejected: string[] }
  /** wink-nlp's sentence splitting alone: the benchmark's same-run baseline. */
  | { id: number; kind: 'sentences'; text: string };

export type AssistantResponse =
  | { id: number; kind: 'suggest'; result: SuggestResult; elapsedMs: number }
  | { id: number; kind: 'sentences'; count: number; elapsedMs: number }
  | { id: number; error: string };

function now(): number {
  return typeof performance === 'undefined' ? Date.now() : performance.now();
}

/** Runs one request. Never throws: a failure becomes an error answer the client rejects with. */
export function handleAssistantRequest(request: AssistantRequest): AssistantResponse {
  const started = now();
  try {
    if (request.kind === 'sentences') return { id: request.id, kind: 'sentences', count: winkSentences(request.text).length, elapsedMs: now() - started };
    const result = suggestValues(request.text, request.schema, { rejected: new Set(request.rejected) });
    return { id: request.id, kind: 'suggest', result, elapsedMs: now() - started };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}
