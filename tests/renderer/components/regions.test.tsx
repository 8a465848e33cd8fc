// F6 / Shift+F6 move the focus between the desk's regions in order, wrapping round and skipping a
// region with nothing to focus; a skip link focuses its region's best target.
import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { regionProps, SkipLinks, useRegionCycle } from '../../../renderer/src/components/regions';

function Desk({ withSide = true }: { withSide?: boolean }) {
  useRegionCycle();
  return (
    <>
      <SkipLinks links={[{ region: 'right-pane', label: 'Skip to the right pane' }]} />
      <section {...regionProps('library', ['button[data-open-document]', 'input'])}>
        <input aria-label="Filter documents" />
        <button type="button" data-open-document>
          Open A
        </button>
      </section>
      <section {...regionProps('left-pane', ['.pane-scroll'])}>
        <div className="pane-scroll" tabIndex={0} aria-label="Article in the left pane" />
      </section>
      <section {...regionProps('right-pane', ['.pane-scroll'])}>
        <div className="pane-scroll" tabIndex={0} aria-label="Article in the right pane" />
      </section>
      <section {...regionProps('side-panel', ['[role=tab][aria-selected=true]'])}>
        {withSide && (
          <button type="button" role="tab" aria-selected="true">
            Annotations
          </button>
        )}
      </section>
    </>
  );
}

// jsdom lays nothing out, so every element reports no boxes: give them one, as a browser would.
Element.prototype.getClientRects = function () {
  return [{ top: 0, left: 0, width: 10, height: 10 }] as unknown as DOMRectList;
};

const f6 = (shiftKey = false) => fireEvent.keyDown(document.activeElement ?? document.body, { key: 'F6', shiftKey });

describe('regions', () => {
  it('F6 cycles library → left pane → right pane → side panel and wraps; Shift+F6 goes back', () => {
    render(<Desk />);
    f6();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Open A' }));
    f6();
    expect(document.activeElement).toBe(screen.getByLabelText('Article in the left pane'));
    f6();
    expect(document.activeElement).toBe(screen.getByLabelText('Article in the right pane'));
    f6();
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Annotations' }));
    f6();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Open A' }));
    f6(true);
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Annotations' }));
    f6(true);
    expect(document.activeElement).toBe(screen.getByLabelText('Article in the right pane'));
  });

  it('skips a region with nothing to focus', () => {
    render(<Desk withSide={false} />);
    screen.getByLabelText('Article in the right pane').focus();
    f6();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Open A' }));
  });

  it('a skip link focuses its region', async () => {
    render(<Desk />);
    await userEvent.tab();
    expect(document.activeElement).toBe(screen.getByRole('link', { name: 'Skip to the right pane' }));
    await userEvent.keyboard('{Enter}');
    expect(document.activeElement).toBe(screen.getByLabelText('Article in the right pane'));
  });
});
