// The shared modal dialog: its name and description, where focus goes, Tab kept inside (radio groups
// count once), Escape and the backdrop, the page behind made inert, and keys kept from the desk.
import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ModalDialog } from '../../../renderer/src/components/modal-dialog';
import type { ModalDialogProps } from '../../../renderer/src/components/modal-dialog';

/** A page with an opener button and, once opened, the dialog. */
function Page({ children, ...props }: Partial<Omit<ModalDialogProps, 'children'>> & { children?: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      {open && (
        <ModalDialog title="Choose" onClose={() => setOpen(false)} {...props}>
          {children ?? (
            <button type="button" data-autofocus>
              Inside
            </button>
          )}
        </ModalDialog>
      )}
    </>
  );
}

async function openPage(props: Parameters<typeof Page>[0] = {}) {
  const user = userEvent.setup();
  const { container, unmount } = render(<Page {...props} />);
  const opener = screen.getByRole('button', { name: 'Open' });
  await user.click(opener);
  return { user, opener, container, unmount, dialog: screen.getByRole('dialog', { name: 'Choose' }) };
}

const radios = (
  <fieldset>
    <legend>Format</legend>
    <label>
      <input type="radio" name="format" value="a" /> Alpha
    </label>
    <label>
      <input type="radio" name="format" value="b" defaultChecked /> Beta
    </label>
    <label>
      <input type="radio" name="format" value="c" /> Gamma
    </label>
  </fieldset>
);

const onDocumentKey = vi.fn();
afterEach(() => document.removeEventListener('keydown', onDocumentKey));

describe('ModalDialog', () => {
  it('is a modal named by its title and described by its description, with a footer', async () => {
    const { dialog } = await openPage({ description: 'Pick one.', footer: <button type="button">Done</button> });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveAccessibleDescription('Pick one.');
    expect(within(dialog).getByRole('heading', { name: 'Choose' })).toBeVisible();
    expect(within(dialog).getByRole('button', { name: 'Done' }).closest('footer')).not.toBeNull();
  });

  it('moves focus to [data-autofocus], else to the first tab stop, and back to the opener on close', async () => {
    const first = await openPage();
    expect(within(first.dialog).getByRole('button', { name: 'Inside' })).toHaveFocus();
    await first.user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(first.opener).toHaveFocus();
    first.unmount();

    const second = await openPage({ children: <input aria-label="Name" /> });
    expect(within(second.dialog).getByRole('button', { name: 'Close Choose' })).toHaveFocus();
  });

  it('keeps Tab inside, wrapping between the Close button and the footer', async () => {
    const { user, dialog } = await openPage({ children: <input aria-label="Name" />, footer: <button type="button">Done</button> });
    const close = within(dialog).getByRole('button', { name: 'Close Choose' });
    const done = within(dialog).getByRole('button', { name: 'Done' });
    expect(close).toHaveFocus();
    await user.tab({ shift: true });
    expect(done).toHaveFocus();
    await user.tab();
    expect(close).toHaveFocus();
  });

  it('stops on a radio group only at its checked radio when wrapping', async () => {
    const { user, dialog } = await openPage({ children: radios, footer: <button type="button">Done</button>, hideTitle: true });
    const beta = within(dialog).getByRole('radio', { name: 'Beta' });
    const done = within(dialog).getByRole('button', { name: 'Done' });
    expect(beta).toHaveFocus();
    await user.tab({ shift: true });
    expect(done).toHaveFocus();
    await user.tab();
    expect(beta).toHaveFocus();
  });

  it('takes a radio group with nothing checked as one stop at its first radio', async () => {
    const group = (
      <>
        <label>
          <input type="radio" name="scope" value="x" /> Ex
        </label>
        <label>
          <input type="radio" name="scope" value="y" /> Why
        </label>
      </>
    );
    const { user, dialog } = await openPage({ children: group, hideTitle: true });
    expect(within(dialog).getByRole('radio', { name: 'Ex' })).toHaveFocus();
    await user.tab();
    expect(within(dialog).getByRole('radio', { name: 'Ex' })).toHaveFocus();
  });

  it('closes on Escape and on a click on the backdrop, but neither while not dismissable', async () => {
    const fixed = await openPage({ dismissable: false });
    await fixed.user.keyboard('{Escape}');
    fireEvent.mouseDown(fixed.dialog.parentElement!);
    expect(screen.getByRole('dialog', { name: 'Choose' })).toBeInTheDocument();
    expect(within(fixed.dialog).getByRole('button', { name: 'Close Choose' })).toBeDisabled();
    fixed.unmount();

    const loose = await openPage();
    fireEvent.mouseDown(loose.dialog);
    expect(screen.getByRole('dialog', { name: 'Choose' })).toBeInTheDocument();
    fireEvent.mouseDown(loose.dialog.parentElement!);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('makes the page behind inert while open and keeps its keys from the document', async () => {
    document.addEventListener('keydown', onDocumentKey);
    const { user, container, dialog } = await openPage();
    expect(container).toHaveAttribute('inert');
    expect(dialog.closest('[inert]')).toBeNull();
    await user.keyboard('z');
    expect(onDocumentKey).not.toHaveBeenCalled();
    await user.keyboard('{Escape}');
    expect(container).not.toHaveAttribute('inert');
    await user.keyboard('z');
    expect(onDocumentKey).toHaveBeenCalled();
  });

  it('can hide its heading and Close button and still be named by the title', async () => {
    const { dialog } = await openPage({ hideTitle: true, className: 'command-menu' });
    expect(dialog).toHaveClass('dialog', 'command-menu');
    expect(within(dialog).queryByRole('button', { name: 'Close Choose' })).toBeNull();
    expect(within(dialog).getByRole('heading', { name: 'Choose' })).toHaveClass('visually-hidden');
  });
});
