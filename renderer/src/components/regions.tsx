// The desk's main regions, for moving between them without 45 Tab presses: F6 and Shift+F6 cycle
// library → left pane → right pane → side panel (or the table), and skip links at the top of the
// page jump straight to one. A region is any element marked with `regionProps`; which control in
// it takes the focus is its own list of selectors, tried in order.
import { useEffect } from 'react';
import type { MouseEvent } from 'react';

const REGION = 'data-region';
const TARGETS = 'data-region-targets';

/** Marks an element as a region called `name`; `targets` are selectors of what takes the focus, best first. */
export function regionProps(name: string, targets: readonly string[]): Record<string, string> {
  return { [REGION]: name, [TARGETS]: targets.join('|') };
}

function regions(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>(`[${REGION}]`));
}

function visible(element: HTMLElement): boolean {
  return element.getClientRects().length > 0 || element === document.activeElement;
}

/** Focuses the region's best target that is there now; false if it has none. */
export function focusRegion(region: HTMLElement): boolean {
  for (const selector of (region.getAttribute(TARGETS) ?? '').split('|').filter(Boolean)) {
    const target = region.querySelector<HTMLElement>(selector);
    if (target && !target.hasAttribute('disabled') && visible(target)) {
      target.focus();
      return document.activeElement === target;
    }
  }
  return false;
}

/** Focuses the region called `name`, if it is on screen. */
export function focusRegionNamed(name: string): boolean {
  const region = regions().find((r) => r.getAttribute(REGION) === name);
  return region ? focusRegion(region) : false;
}

/** Moves the focus to the next (or previous) region that can take it, wrapping round. */
export function cycleRegions(backward: boolean): void {
  const all = regions();
  if (all.length === 0) return;
  const at = all.findIndex((r) => r.contains(document.activeElement));
  for (let step = 1; step <= all.length; step++) {
    const index = at < 0 ? (backward ? all.length - step : step - 1) : (at + (backward ? -step : step) + all.length * 2) % all.length;
    if (focusRegion(all[index]!)) return;
  }
}

/** F6 / Shift+F6 anywhere on the page (not inside a modal dialog, which keeps its own focus). */
export function useRegionCycle(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'F6' || event.ctrlKey || event.metaKey || event.altKey) return;
      if ((event.target as HTMLElement | null)?.closest?.('[aria-modal="true"]')) return;
      event.preventDefault();
      cycleRegions(event.shiftKey);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}

/** Links at the very top of the page, shown when focused, each to one region. */
export function SkipLinks({ links }: { links: readonly { region: string; label: string }[] }) {
  const jump = (event: MouseEvent<HTMLAnchorElement>, region: string) => {
    event.preventDefault();
    focusRegionNamed(region);
  };
  return (
    <nav className="skip-links" aria-label="Skip links">
      {links.map((link) => (
        <a key={link.region} className="skip-link" href={`#region-${link.region}`} onClick={(e) => jump(e, link.region)}>
          {link.label}
        </a>
      ))}
      <span className="skip-hint">F6 moves between the library, the panes and the side panel</span>
    </nav>
  );
}
