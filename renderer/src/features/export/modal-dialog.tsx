// A modal dialog (the ARIA dialog pattern): focus moves in on opening and back to where it was on
// closing, Tab stays inside, Escape closes. Used by export, restore, the import report and commands.
import { useEffect, useId, useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';

const TABBABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex="0"]';

function tabbables(root: HTMLElement | null): HTMLElement[] {
  // Of a radio group only the checked radio is a Tab stop.
  return Array.from(root?.querySelectorAll<HTMLElement>(TABBABLE) ?? []).filter(
    (el) => !el.closest('[hidden]') && !(el instanceof HTMLInputElement && el.type === 'radio' && !el.checked),
  );
}

interface ModalDialogProps {
  title: string;
  /** Shown under the title and read as the dialog's description. */
  description?: ReactNode;
  onClose: () => void;
  /** False while something is being written, so the dialog cannot be dismissed half-way. */
  dismissable?: boolean;
  className?: string;
  /** Hides the visible title (the command menu names itself with its input). */
  hideTitle?: boolean;
  children: ReactNode;
}

export function ModalDialog({ title, description, onClose, dismissable = true, className, hideTitle = false, children }: ModalDialogProps) {
  const dialogRef = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const dialog = dialogRef.current;
    const first = dialog?.querySelector<HTMLElement>('[data-autofocus]') ?? tabbables(dialog)[0] ?? dialog;
    first?.focus();
    return () => {
      // Back to the control that opened the dialog, if it is still there.
      if (previous && previous.isConnected && previous !== document.body) previous.focus();
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      if (dismissable) onClose();
      return;
    }
    if (event.key !== 'Tab') return;
    const list = tabbables(dialogRef.current);
    if (list.length === 0) return;
    const first = list[0]!;
    const last = list[list.length - 1]!;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => dismissable && e.target === e.currentTarget && onClose()}>
      <div
        ref={dialogRef}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        tabIndex={-1}
        className={`modal${className ? ` ${className}` : ''}`}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} className={hideTitle ? 'visually-hidden' : 'modal-title'}>
          {title}
        </h2>
        {description && (
          <p id={descriptionId} className="modal-description">
            {description}
          </p>
        )}
        {children}
      </div>
    </div>
  );
}
