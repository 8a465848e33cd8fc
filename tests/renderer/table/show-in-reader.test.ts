import { waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnnotationId, DocumentId } from '@shared/model';
import { showInReader } from '../../../renderer/src/features/table/show-in-reader';
import { resetAppStore, useAppStore } from '../../../renderer/src/store/app-store';

const DOC = 'a'.repeat(64) as DocumentId;
const VALUE = 'value-1' as AnnotationId;

/** A stand-in for the left reader pane's article while it renders. */
function paneText(busy: boolean): HTMLElement {
  const pane = document.createElement('section');
  pane.setAttribute('aria-label', 'Reader, left pane');
  const text = document.createElement('div');
  text.className = 'document-text';
  text.setAttribute('aria-busy', String(busy));
  pane.append(text);
  document.body.append(pane);
  return text;
}

beforeEach(() => resetAppStore());
afterEach(() => document.body.replaceChildren());

describe('showInReader', () => {
  it('opens the document in the left pane of the desk and flashes the value at once', () => {
    useAppStore.getState().setView('table');
    useAppStore.getState().setActivePane(1);
    showInReader(DOC, VALUE);
    const state = useAppStore.getState();
    expect(state.panes[0]).toBe(DOC);
    expect(state.activePane).toBe(0);
    expect(state.view).toBe('desk');
    expect(state.flash).toMatchObject({ pane: 0, id: VALUE });
    expect(state.selectedAnnotation).toEqual({ pane: 0, id: VALUE });
  });

  it('flashes again once the pane has finished rendering, if the first flash found nothing to paint', async () => {
    const text = paneText(true);
    showInReader(DOC, VALUE);
    const first = useAppStore.getState().flash!.nonce;
    await new Promise((done) => setTimeout(done, 100));
    expect(useAppStore.getState().flash!.nonce).toBe(first);
    text.setAttribute('aria-busy', 'false');
    await waitFor(() => expect(useAppStore.getState().flash!.nonce).toBe(first + 1));
    expect(useAppStore.getState().flash!.id).toBe(VALUE);
  });

  it('leaves a newer flash alone', async () => {
    const text = paneText(true);
    showInReader(DOC, VALUE);
    useAppStore.getState().flashAnnotation(0, 'other' as AnnotationId);
    const newer = useAppStore.getState().flash!.nonce;
    text.setAttribute('aria-busy', 'false');
    await new Promise((done) => setTimeout(done, 100));
    expect(useAppStore.getState().flash).toMatchObject({ id: 'other', nonce: newer });
  });

  it('only opens the document when there is no value to show', () => {
    showInReader(DOC, null);
    expect(useAppStore.getState().panes[0]).toBe(DOC);
    expect(useAppStore.getState().flash).toBeNull();
  });
});
