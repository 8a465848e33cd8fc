// @vitest-environment node
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, sendEditShortcut } from '../../../electron/main/menu';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function submenu(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const menu = template.find((item) => item.label === label)?.submenu;
  if (!Array.isArray(menu)) throw new Error(`no ${label} menu`);
  return menu;
}

const roles = (items: MenuItemConstructorOptions[]) => items.flatMap((item) => (item.role === undefined ? [] : [item.role]));

describe('buildMenuTemplate', () => {
  it.each(['linux', 'win32', 'darwin'] as const)('on %s, undo and redo are not roles and go to the renderer', (platform) => {
    const onEditCommand = vi.fn();
    const template = buildMenuTemplate({ development: false, platform, onEditCommand });
    const all = flatten(template);

    expect(roles(all)).not.toContain('undo');
    expect(roles(all)).not.toContain('redo');
    expect(roles(all)).not.toContain('editMenu');
    expect(roles(submenu(template, 'Edit'))).toEqual(['cut', 'copy', 'paste', 'selectAll']);

    const undo = all.find((item) => item.id === 'undo');
    const redo = all.find((item) => item.id === 'redo');
    undo?.click?.({} as never, undefined, {} as never);
    redo?.click?.({} as never, undefined, {} as never);
    expect(onEditCommand.mock.calls).toEqual([['undo'], ['redo']]);

    if (platform === 'darwin') {
      expect(undo?.accelerator).toBeUndefined();
    } else {
      expect(undo).toMatchObject({ accelerator: 'CmdOrCtrl+Z', registerAccelerator: false });
      expect(redo).toMatchObject({ accelerator: 'CmdOrCtrl+Shift+Z', registerAccelerator: false });
    }
  });

  it('offers reload and devtools only under npm run dev, zoom always', () => {
    const devView = roles(submenu(buildMenuTemplate({ development: true, platform: 'linux', onEditCommand: vi.fn() }), 'View'));
    const shippedView = roles(submenu(buildMenuTemplate({ development: false, platform: 'linux', onEditCommand: vi.fn() }), 'View'));

    expect(devView).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(shippedView).not.toContain(role);
    for (const view of [devView, shippedView]) expect(view).toEqual(expect.arrayContaining(['resetZoom', 'zoomIn', 'zoomOut']));
  });

  it('has File with Quit, Window and Help with About', () => {
    const template = buildMenuTemplate({ development: false, platform: 'win32', onEditCommand: vi.fn() });
    expect(roles(submenu(template, 'File'))).toEqual(['quit']);
    expect(roles(template)).toContain('windowMenu');
    expect(roles(submenu(template, 'Help'))).toEqual(['about']);
    expect(roles(buildMenuTemplate({ development: false, platform: 'darwin', onEditCommand: vi.fn() }))[0]).toBe('appMenu');
  });
});

describe('sendEditShortcut', () => {
  it.each([
    ['undo', 'linux', ['control']],
    ['redo', 'win32', ['control', 'shift']],
    ['undo', 'darwin', ['meta']],
    ['redo', 'darwin', ['meta', 'shift']],
  ] as const)('replays %s on %s as Z with %j', (command, platform, modifiers) => {
    const contents = { sendInputEvent: vi.fn() };
    sendEditShortcut(contents, command, platform);
    expect(contents.sendInputEvent.mock.calls).toEqual([
      [{ type: 'keyDown', keyCode: 'z', modifiers }],
      [{ type: 'keyUp', keyCode: 'z', modifiers }],
    ]);
  });
});
