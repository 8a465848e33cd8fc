// A button that opens a menu (the ARIA menu button pattern): actions, and checkboxes that stay open
// while toggled. Arrow keys, Home/End move; Enter or Space choose; Escape closes and returns focus.
import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';

export type MenuEntry =
  | { kind: 'item'; id: string; label: string; hint?: string; disabled?: boolean; onSelect: () => void }
  | { kind: 'checkbox'; id: string; label: string; checked: boolean | 'mixed'; indent?: boolean; onToggle: () => void }
  | { kind: 'separator'; id: string };

interface MenuButtonProps {
  /** The button's visible content. */
  children: ReactNode;
  /** The menu's accessible name. */
  menuLabel: string;
  entries: MenuEntry[];
  buttonLabel?: string;
  className?: string;
  /** Taller menus scroll. */
  tall?: boolean;
}

function menuItems(menu: HTMLElement | null): HTMLElement[] {
  return Array.from(menu?.querySelectorAll<HTMLElement>('[role^="menuitem"]:not([aria-disabled="true"])') ?? []);
}

export function MenuButton({ children, menuLabel, entries, buttonLabel, className, tall = false }: MenuButtonProps) {
  const [open, setOpen] = useState(false);
  // Which item takes focus when the menu opens: the first, or the last (ArrowUp on the button).
  const openFocus = useRef<number | 'last'>(0);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const wrapperRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    const list = menuItems(menuRef.current);
    const index = openFocus.current;
    (index === 'last' ? list.at(-1) : list[Math.min(index, list.length - 1)])?.focus();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!wrapperRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  };

  const openAt = (index: number | 'last') => {
    openFocus.current = index;
    setOpen(true);
  };

  const onButtonKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      openAt(event.key === 'ArrowDown' ? 0 : 'last');
    }
  };

  const choose = (entry: MenuEntry) => {
    if (entry.kind === 'item') {
      if (entry.disabled) return;
      close(true);
      entry.onSelect();
    } else if (entry.kind === 'checkbox') entry.onToggle();
  };

  const onMenuKeyDown = (event: KeyboardEvent) => {
    const list = menuItems(menuRef.current);
    const at = list.indexOf(document.activeElement as HTMLElement);
    const focus = (index: number) => list[(index + list.length) % list.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        focus(at + 1);
        break;
      case 'ArrowUp':
        focus(at - 1);
        break;
      case 'Home':
        focus(0);
        break;
      case 'End':
        focus(list.length - 1);
        break;
      case 'Escape':
        close(true);
        break;
      case 'Tab':
        setOpen(false);
        return;
      case 'Enter':
      case ' ': {
        const id = (document.activeElement as HTMLElement | null)?.dataset.entry;
        const entry = entries.find((e) => e.id === id);
        if (entry) choose(entry);
        break;
      }
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div className="menu-wrapper" ref={wrapperRef}>
      <button
        ref={buttonRef}
        type="button"
        className={className ?? 'toolbar-button'}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={buttonLabel}
        onClick={() => (open ? close(false) : openAt(0))}
        onKeyDown={onButtonKeyDown}
      >
        {children}
      </button>
      {open && (
        <div id={menuId} ref={menuRef} role="menu" aria-label={menuLabel} className={`menu${tall ? ' menu-tall' : ''}`} onKeyDown={onMenuKeyDown}>
          {entries.map((entry) =>
            entry.kind === 'separator' ? (
              <div key={entry.id} role="separator" className="menu-separator" />
            ) : entry.kind === 'item' ? (
              <div
                key={entry.id}
                role="menuitem"
                tabIndex={-1}
                data-entry={entry.id}
                aria-disabled={entry.disabled || undefined}
                aria-label={entry.hint ? `${entry.label} (${entry.hint})` : undefined}
                className="menu-item"
                onClick={() => choose(entry)}
              >
                <span>{entry.label}</span>
                {entry.hint && <span className="menu-hint">{entry.hint}</span>}
              </div>
            ) : (
              <div
                key={entry.id}
                role="menuitemcheckbox"
                tabIndex={-1}
                data-entry={entry.id}
                aria-checked={entry.checked === 'mixed' ? 'mixed' : entry.checked}
                className={`menu-item menu-check${entry.indent ? ' menu-indent' : ''}`}
                onClick={() => choose(entry)}
              >
                <span className="menu-check-box" aria-hidden="true">
                  {entry.checked === 'mixed' ? '–' : entry.checked ? '✓' : ''}
                </span>
                <span>{entry.label}</span>
              </div>
            ),
          )}
        </div>
      )}
    </div>
  );
}
