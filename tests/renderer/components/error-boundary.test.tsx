// A view that throws is replaced by words saying what failed and a "Try again" button, while its
// sibling views stay on screen and usable; on the desk each main view has its own boundary.
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from '../../../renderer/src/components/error-boundary';
import { useAppStore } from '../../../renderer/src/store/app-store';
import { deskWithCorpus, renderWithDatabase } from '../../helpers/desk';

const failing = vi.hoisted(() => ({ views: new Set<string>() }));

// Stand-ins that throw on demand for two of the desk's views; the others are the real ones.
vi.mock('../../../renderer/src/features/table/evidence-table', () => ({
  EvidenceTable: () => {
    if (failing.views.has('table')) throw new TypeError("Cannot read properties of undefined (reading 'values')");
    return <div role="grid" aria-label="Evidence table" />;
  },
}));
// The side panel opens on its Annotations tab: that tab's view failing takes the side panel down.
vi.mock('../../../renderer/src/features/annotate/annotation-panel', () => ({
  AnnotationPanel: () => {
    if (failing.views.has('side')) throw new Error('the side panel broke');
    return <section aria-label="Annotations">side</section>;
  },
}));

let quiet: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  failing.views.clear();
  // React and the boundary report a caught error on the console; the tests check the screen instead.
  quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  quiet.mockRestore();
});

let shouldThrow = true;
function Fragile() {
  const [clicks, setClicks] = useState(0);
  if (shouldThrow) throw new Error('the annotation list is corrupt');
  return (
    <button type="button" onClick={() => setClicks(clicks + 1)}>
      Fragile clicked {clicks}
    </button>
  );
}

function Sibling() {
  const [clicks, setClicks] = useState(0);
  return (
    <button type="button" onClick={() => setClicks(clicks + 1)}>
      Sibling clicked {clicks}
    </button>
  );
}

describe('ErrorBoundary', () => {
  it('shows in words what failed while the sibling view stays usable, and remounts on Try again', async () => {
    const user = userEvent.setup();
    shouldThrow = true;
    render(
      <>
        <ErrorBoundary view="The side panel">
          <Fragile />
        </ErrorBoundary>
        <ErrorBoundary view="The library">
          <Sibling />
        </ErrorBoundary>
      </>,
    );
    const alert = screen.getByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'The side panel could not be shown' })).toBeInTheDocument();
    expect(alert).toHaveTextContent('Something in this view failed: “the annotation list is corrupt”.');
    expect(alert).toHaveTextContent('nothing you saved was lost');
    expect(console.error).toHaveBeenCalledWith('Margin: The side panel failed.', expect.any(Error), expect.any(String));

    await user.click(screen.getByRole('button', { name: 'Sibling clicked 0' }));
    expect(screen.getByRole('button', { name: 'Sibling clicked 1' })).toBeInTheDocument();

    shouldThrow = false;
    const retry = within(alert).getByRole('button', { name: 'Try again' });
    expect(retry).toHaveAccessibleDescription('The side panel could not be shown');
    retry.focus();
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Fragile clicked 0' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sibling clicked 1' })).toBeInTheDocument();
  });

  it('shows the failure again when the view still fails after Try again', async () => {
    const user = userEvent.setup();
    shouldThrow = true;
    render(
      <ErrorBoundary view="The left reader pane">
        <Fragile />
      </ErrorBoundary>,
    );
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByRole('heading', { name: 'The left reader pane could not be shown' })).toBeInTheDocument();
  });
});

describe('the desk', () => {
  beforeEach(() => {
    // jsdom has no layout: the resizable panels only need to be able to observe, never to measure.
    vi.stubGlobal(
      'ResizeObserver',
      class {
        observe(): void {}
        unobserve(): void {}
        disconnect(): void {}
      },
    );
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('keeps the library and the reader when the side panel fails, and the library when the table fails', async () => {
    const db = await deskWithCorpus();
    const { App } = await import('../../../renderer/src/app');
    failing.views.add('side');
    renderWithDatabase(db, <App />);
    expect(await screen.findByRole('heading', { name: 'The side panel could not be shown' })).toBeInTheDocument();
    const library = await screen.findByRole('list', { name: 'Documents' });
    expect(await within(library).findAllByRole('listitem')).toHaveLength(5);
    // The reader pane loads on demand after the library's first render.
    expect(await screen.findByRole('region', { name: 'Reader, left pane' })).toBeInTheDocument();

    failing.views.add('table');
    act(() => useAppStore.getState().setView('table'));
    expect(await screen.findByRole('heading', { name: 'The evidence table could not be shown' })).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Documents' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Reading desk' })).toBeEnabled();
  });
});
