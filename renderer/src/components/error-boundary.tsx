// Keeps one failing view from blanking the desk: the view that threw is replaced by a short account
// of what failed and a way to try again, while the other views stay usable. Everything a reviewer
// made is in the database already, so nothing is lost with the view.
import { Component, Fragment, useId } from 'react';
import type { ErrorInfo, ReactNode } from 'react';

export interface ErrorBoundaryProps {
  /** The view in the reviewer's words, as it completes "… could not be shown": "The library". */
  view: string;
  children: ReactNode;
}

interface ErrorBoundaryState {
  error: Error | null;
  /** Bumped by "Try again", so the view mounts afresh instead of keeping its broken state. */
  attempt: number;
}

function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(typeof thrown === 'string' ? thrown : 'an unexpected value was thrown');
}

function ViewFailed({ view, error, onRetry }: { view: string; error: Error; onRetry: () => void }) {
  const id = useId();
  const detail = error.message.trim() === '' ? error.name : error.message;
  return (
    <section className="view-error" role="alert" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="view-error-title">
        {view} could not be shown
      </h2>
      <p id={`${id}-detail`}>
        Something in this view failed: “{detail}”.
      </p>
      <p>The rest of Margin still works, and nothing you saved was lost.</p>
      <button type="button" className="toolbar-button" aria-describedby={`${id}-title`} onClick={onRetry}>
        Try again
      </button>
    </section>
  );
}

export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { error: null, attempt: 0 };

  static getDerivedStateFromError(thrown: unknown): Partial<ErrorBoundaryState> {
    return { error: asError(thrown) };
  }

  override componentDidCatch(thrown: unknown, info: ErrorInfo): void {
    // For whoever reads the console or a bug report: which view, what, and where in the tree.
    console.error(`Margin: ${this.props.view} failed.`, thrown, info.componentStack);
  }

  private readonly retry = (): void => {
    this.setState((state) => ({ error: null, attempt: state.attempt + 1 }));
  };

  override render(): ReactNode {
    if (this.state.error !== null) return <ViewFailed view={this.props.view} error={this.state.error} onRetry={this.retry} />;
    return <Fragment key={this.state.attempt}>{this.props.children}</Fragment>;
  }
}
