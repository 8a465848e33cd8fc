// The start's first screen is the library's rows: until they are painted, nothing else may take the
// network (a browser fetches six files at a time from one host), the main thread or IndexedDB. The
// desk's other parts wait behind this gate; the library opens it once its first read is on screen.
import { useEffect, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';

/**
 * The latest the gate opens after the desk mounts, whatever the library does (a library that throws
 * never says it is shown): the rest of the desk must come, if late.
 */
const AT_LATEST_MS = 3_000;
/** After the frame is asked for, the most to wait for it (a hidden window draws no frames). */
const FRAME_AT_LATEST_MS = 200;

let open = false;
let scheduled = false;
const listeners = new Set<() => void>();
const waiting: (() => void)[] = [];

function openGate(): void {
  if (open) return;
  open = true;
  for (const listener of listeners) listener();
  for (const done of waiting.splice(0)) done();
}

/**
 * The first screen's content is committed: the gate opens once that frame has been painted (a task
 * after the next animation frame), so the work let through does not delay the paint.
 */
export function firstScreenShown(): void {
  if (open || scheduled) return;
  scheduled = true;
  const fallback = setTimeout(openGate, FRAME_AT_LATEST_MS);
  if (typeof requestAnimationFrame !== 'function') return;
  requestAnimationFrame(() =>
    setTimeout(() => {
      clearTimeout(fallback);
      openGate();
    }, 0),
  );
}

/** Resolves once the first screen is painted (at once if it already was). */
export function afterFirstScreen(): Promise<void> {
  return open ? Promise.resolve() : new Promise((done) => waiting.push(done));
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const isOpen = () => open;

/** True once the first screen is painted. */
export function useFirstScreenShown(): boolean {
  return useSyncExternalStore(subscribe, isOpen, isOpen);
}

/** Mounted once with the desk: the gate opens at the latest AT_LATEST_MS after it. */
export function useFirstScreenDeadline(): void {
  useEffect(() => {
    const id = setTimeout(openGate, AT_LATEST_MS);
    return () => clearTimeout(id);
  }, []);
}

/** `children` once the first screen is painted; `fallback` until then. */
export function AfterFirstScreen({ children, fallback = null }: { children: ReactNode; fallback?: ReactNode }) {
  return <>{useFirstScreenShown() ? children : fallback}</>;
}
