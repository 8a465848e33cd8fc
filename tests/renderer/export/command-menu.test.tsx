import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DatabaseProvider } from '../../../renderer/src/db/context';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { buildCommands, CommandMenu, filterCommands } from '../../../renderer/src/features/export/command-menu';
import { resetDataStore } from '../../../renderer/src/features/export/data-store';
import { ExportActions } from '../../../renderer/src/features/export/export-actions';
import { bridge } from '../../../renderer/src/platform';
import { OpenDocuments } from '../../../renderer/src/document/open-documents';
import { resetAppStore, useAppStore } from '../../../renderer/src/store/app-store';
import { freshDatabase } from '../../helpers/db';

let db: MarginDatabase;
beforeEach(() => {
  resetAppStore();
  resetDataStore();
  db = freshDatabase();
});
afterEach(() => db.close());

function renderApp() {
  return render(
    <DatabaseProvider db={db}>
      <OpenDocuments>
        <button type="button">Somewhere else</button>
        <ExportActions />
        <CommandMenu />
      </OpenDocuments>
    </DatabaseProvider>,
  );
}

const noop = { openExport: () => {}, backUp: async () => {}, restore: async () => {}, importAnnotations: async () => {}, openSnapshots: () => {} };

describe('filterCommands', () => {
  const commands = buildCommands(noop, 'desk', () => {});
  it('matches every typed word against label, group and keywords, label matches first', () => {
    expect(filterCommands(commands, '')).toEqual(commands);
    expect(filterCommands(commands, 'csv').map((c) => c.label)).toEqual(['Export CSV evidence table…', 'Export CSV table per patient, arm or time point…', 'Export CSV long form…']);
    expect(filterCommands(commands, 'table')[0]!.label).toBe('Show the evidence table');
    const json = filterCommands(commands, 'json').map((c) => c.label);
    expect(json[0]).toBe('Export W3C Web Annotation JSON-LD…');
    expect(json).toContain('Back up all data…');
    expect(filterCommands(commands, 'no such command')).toEqual([]);
  });

  it('offers search across documents when the desk can open it, found by "find" or "full text"', () => {
    let opened = 0;
    const withSearch = buildCommands(noop, 'desk', () => {}, () => (opened += 1));
    expect(filterCommands(withSearch, 'full text').map((c) => c.label)).toEqual(['Search all documents…']);
    filterCommands(withSearch, 'find')[0]!.run();
    expect(opened).toBe(1);
    expect(commands.map((c) => c.id)).not.toContain('search');
  });

  it('offers the view that is not showing', () => {
    expect(buildCommands(noop, 'table', () => {}).map((c) => c.label)).toContain('Show the reading desk');
    expect(buildCommands(noop, 'table', () => {}).map((c) => c.label)).not.toContain('Show the evidence table');
  });
});

describe('CommandMenu', () => {
  it('opens with Ctrl+K, filters as you type, moves with arrows and runs with Enter', async () => {
    const user = userEvent.setup();
    renderApp();
    await user.keyboard('{Control>}k{/Control}');
    const menu = screen.getByRole('dialog', { name: 'Commands' });
    const input = within(menu).getByRole('combobox', { name: 'Find a command' });
    expect(input).toHaveFocus();
    await user.type(input, 'export csv');
    const options = within(menu).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['Export CSV evidence table…Export', 'Export CSV table per patient, arm or time point…Export', 'Export CSV long form…Export']);
    expect(options[0]).toHaveAttribute('aria-selected', 'true');
    expect(input).toHaveAttribute('aria-activedescendant', options[0]!.id);
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(options[2]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('dialog', { name: 'Commands' })).not.toBeInTheDocument();
    const dialog = screen.getByRole('dialog', { name: 'Export' });
    expect(within(dialog).getByRole('radio', { name: /^CSV long form/ })).toBeChecked();
  });

  it('closes with Escape and gives focus back; ⌘K toggles it', async () => {
    const user = userEvent.setup();
    renderApp();
    const before = screen.getByRole('button', { name: 'Somewhere else' });
    before.focus();
    await user.keyboard('{Meta>}k{/Meta}');
    expect(screen.getByRole('dialog', { name: 'Commands' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Commands' })).not.toBeInTheDocument();
    expect(before).toHaveFocus();
    await user.keyboard('{Meta>}k{/Meta}');
    await user.keyboard('{Meta>}k{/Meta}');
    expect(screen.queryByRole('dialog', { name: 'Commands' })).not.toBeInTheDocument();
  });

  it('switches the view and starts data commands', async () => {
    const user = userEvent.setup();
    const open = vi.spyOn(bridge, 'openFiles').mockResolvedValue([]);
    renderApp();
    await user.click(screen.getByRole('button', { name: /^Commands/ }));
    await user.type(screen.getByRole('combobox', { name: 'Find a command' }), 'evidence table{Enter}');
    expect(useAppStore.getState().view).toBe('table');
    await user.keyboard('{Control>}k{/Control}');
    await user.type(screen.getByRole('combobox', { name: 'Find a command' }), 'restore{Enter}');
    expect(open).toHaveBeenCalledWith({ extensions: ['mbackup', 'json'], multiple: false, maxBytes: 1024 * 1024 * 1024 });
  });
});

describe('Data menu', () => {
  it('opens from the keyboard, moves with arrows, and closes with Escape back to its button', async () => {
    const user = userEvent.setup();
    renderApp();
    const button = screen.getByRole('button', { name: 'Data' });
    button.focus();
    await user.keyboard('{ArrowDown}');
    const menu = screen.getByRole('menu', { name: 'Data' });
    const items = within(menu).getAllByRole('menuitem');
    expect(button).toHaveAttribute('aria-expanded', 'true');
    expect(items[0]).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(items[1]).toHaveFocus();
    await user.keyboard('{End}');
    expect(items.at(-1)).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(items[0]).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(button).toHaveFocus();
  });
});
