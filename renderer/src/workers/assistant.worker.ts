// The assistant worker: suggests values off the main thread (wink-nlp's model and the rules take tens
// of milliseconds on a long article). Loaded by assistant-client as a module worker.
import { handleAssistantRequest } from './assistant-protocol';
import type { AssistantRequest, AssistantResponse } from './assistant-protocol';

/** The part of a dedicated worker's global scope used here (the renderer compiles with the DOM library, not WebWorker). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<AssistantRequest>) => void) | null;
  postMessage(message: AssistantResponse): void;
}

const scope = self as unknown as WorkerScope;
scope.onmessage = (event) => scope.postMessage(handleAssistantRequest(event.data));
