// Parts of the desk that the first screen (the library's rows) does not need are loaded after it: a
// part is a component fetched with a dynamic import, shown through Suspense with a loading state
// that says what is coming, so the window's first JavaScript stays small.
import { lazy, Suspense } from 'react';
import type { ComponentType, ReactNode } from 'react';

/**
 * A component loaded on first render. `load` resolves to the component itself (features export
 * named components, React.lazy wants a default). A failed fetch is not cached: the error reaches the
 * nearest ErrorBoundary, and its "Try again" mounts a fresh attempt.
 */
export type LazyPart<P> = ComponentType<P> & {
  /** Starts the fetch now (after the first screen), so the part is there before it is first used. */
  preload: () => void;
};

export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>): LazyPart<P> {
  let started: Promise<ComponentType<P>> | null = null;
  const once = () => (started ??= load().catch((error: unknown) => {
    started = null;
    throw error;
  }));
  // React.lazy keeps a rejected promise forever, so a failed fetch swaps in a new lazy component.
  const fresh = () =>
    lazy(async () => {
      try {
        return { default: await once() };
      } catch (error) {
        current = fresh();
        throw error;
      }
    });
  let current = fresh();
  function Part(props: P) {
    const Loaded = current;
    return <Loaded {...props} />;
  }
  return Object.assign(Part, { preload: () => void once().catch(() => undefined) });
}

/** What stands in a part's place while it loads: a polite status with the part's name. */
export function PartLoading({ what, className = 'part-loading' }: { what: string; className?: string }) {
  return (
    <div className={className} role="status" aria-live="polite" aria-busy="true">
      <span className="part-loading-text">Loading {what}…</span>
    </div>
  );
}

/** A part inside its own Suspense boundary, with `fallback` (by default nothing) while it loads. */
export function Deferred({ children, fallback = null }: { children: ReactNode; fallback?: ReactNode }) {
  return <Suspense fallback={fallback}>{children}</Suspense>;
}
