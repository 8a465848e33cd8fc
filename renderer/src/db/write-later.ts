// The change funnel for modules on the start path: the funnel (audit chain, hashing, undo history)
// is fetched on the first write instead of with the first screen. A write issued before it has
// arrived waits for it; writes keep the order they were issued in, since each awaits the same
// module promise (its continuations run in registration order) and then queues its transaction.
import type * as Funnel from './funnel';
import type { ActionInfo, ChangeWriter } from './funnel';
import type { MarginDatabase } from './database';

let funnel: Promise<typeof Funnel> | null = null;

/** `runChange` of ./funnel, once it has loaded. A failed fetch is tried again by the next write. */
export async function runChangeLater<R>(db: MarginDatabase, info: ActionInfo, body: (writer: ChangeWriter) => Promise<R>): Promise<R> {
  const loading = (funnel ??= import('./funnel').catch((error: unknown) => {
    funnel = null;
    throw error;
  }));
  const { runChange } = await loading;
  return runChange(db, info, body);
}
