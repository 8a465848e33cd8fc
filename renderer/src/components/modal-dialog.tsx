// The one modal dialog of the app (the ARIA dialog pattern), shared by import, metadata, export, restore,
// the import report and the command menu, so every dialog traps focus and shields the desk the same way.
import { useEffect, useId, useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { createPortal } from 'react-dom';

const TABBABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Whether Tab can land on `el`: not hidden or inert, and of a radio group only one radio is a stop. */
function isTabStop(el: HTMLElement, root: HTMLElement): boolean {
  if (el.closest('[hidden], [inert]')) return false;
  if (!(el instanceof HTMLInputElement) || el.type !== 'radio' || el.checked || el.name === '') return true;
  // The browser stops on the checked radio of a group, or on its first when none is checked.
  const group = Array.from(root.querySelectorAll<HTMLInputElement>('input[type="radio"]:not([disabled])')).filter((radio) => radio.name === el.name && radio.form === el.form);
  return !group.some((radio) => radio.checked) && group[0] === el;
}

function tabStopsIn(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(TABBABLE)).filter((el) => isTabStop(el, root));
}

export interface ModalDialogProps {
  /** Names the dialog; shown as its heading unless `hideTitle`. */
  title: string;
  /** Shown under the title and read out as the dialog's description when it opens. */
  description?: ReactNode;
  onClose: () => void;
  /** False while something is being written, so the dialog cannot be dismissed half-way. */
  dismissable?: boolean;
  /** Hides the visible heading and its Close button (the command menu names itself with its input). */
  hideTitle?: boolean;
  /** Buttons at the bottom, right-aligned, outside the scrolling body. */
  footer?: ReactNode;
  className?: string;
  children: ReactNode;
}

export function ModalDialog({ title, description, onClose, dismissable = true, hideTitle = false, footer, className, children }: ModalDialogProps) {
  const dialogRef = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const first = dialog.querySelector<HTMLElement>('[data-autofocus]') ?? tabStopsIn(dialog)[0] ?? dialog;
    first.focus();
    // Screen readers and Tab would otherwise still reach the desk behind the dialog.
    const backdrop = dialog.parentElement;
    const madeInert = Array.from(document.body.children).filter((el) => el !== backdrop && !el.hasAttribute('inert'));
    for (const el of madeInert) el.setAttribute('inert', '');
    return () => {
      for (const el of madeInert) el.removeAttribute('inert');
      // Back to the control that opened the dialog, if it is still there.
      if (returnTo?.isConnected && returnTo !== document.body) returnTo.focus();
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Keys pressed in a modal belong to it: the desk's shortcuts must not act on the page behind.
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      if (dismissable) onClose();
      return;
    }
    const dialog = dialogRef.current;
    if (event.key !== 'Tab' || !dialog) return;
    const stops = tabStopsIn(dialog);
    const first = stops[0];
    const last = stops.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && (document.activeElement === first || document.activeElement === dialog)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    <div className="dialog-backdrop" onMouseDown={(event) => dismissable && event.target === event.currentTarget && onClose()}>
      <div
        ref={dialogRef}
        className={className ? `dialog ${className}` : 'dialog'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        {hideTitle ? (
          <h2 id={titleId} className="visually-hidden">
            {title}
          </h2>
        ) : (
          <header className="dialog-header">
            <h2 id={titleId} className="dialog-title">
              {title}
            </h2>
            <button type="button" className="icon-button" onClick={onClose} disabled={!dismissable} aria-label={`Close ${title}`}>
              Close
            </button>
          </header>
        )}
        {description && (
          <p id={descriptionId} className="dialog-description">
            {description}
          </p>
        )}
        <div className="dialog-body">{children}</div>
        {footer && <footer className="dialog-footer">{footer}</footer>}
      </div>
    </div>,
    document.body,
  );
}
