// The application menu. Undo and Redo are deliberately not Electron's roles: a role calls Chromium's
// text-editing undo and claims the shortcut, so Ctrl+Z would bypass the renderer's own undo of
// annotations. Here the keystroke always reaches the page, and the menu item replays that keystroke.
import type { KeyboardInputEvent, MenuItemConstructorOptions, WebContents } from 'electron';

export type EditCommand = 'undo' | 'redo';

export interface MenuOptions {
  /** Under `npm run dev` only: adds reload and DevTools to the View menu. */
  development: boolean;
  platform: NodeJS.Platform;
  /** Sends an edit command to the focused Margin window (see sendEditShortcut). */
  onEditCommand: (command: EditCommand) => void;
}

/**
 * Replays Undo/Redo as the keystroke the renderer already handles (Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z),
 * so the menu and the keyboard take one path. The renderer decides whether it is text undo or
 * annotation undo; no extra IPC channel is needed.
 */
export function sendEditShortcut(contents: Pick<WebContents, 'sendInputEvent'>, command: EditCommand, platform: NodeJS.Platform): void {
  const primary = platform === 'darwin' ? 'meta' : 'control';
  const modifiers: KeyboardInputEvent['modifiers'] = command === 'redo' ? [primary, 'shift'] : [primary];
  contents.sendInputEvent({ type: 'keyDown', keyCode: 'z', modifiers });
  contents.sendInputEvent({ type: 'keyUp', keyCode: 'z', modifiers });
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  // On Windows and Linux the accelerator is shown but not registered, so the key goes to the page.
  // macOS cannot show an unregistered accelerator, and a registered one would catch the replayed
  // keystroke again, so there the items carry no accelerator at all.
  const editShortcut = (accelerator: string): Pick<MenuItemConstructorOptions, 'accelerator' | 'registerAccelerator'> =>
    mac ? {} : { accelerator, registerAccelerator: false };

  const template: MenuItemConstructorOptions[] = [];
  if (mac) template.push({ role: 'appMenu' });
  template.push(
    { label: 'File', submenu: mac ? [{ role: 'close' }] : [{ role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [
        { id: 'undo', label: 'Undo', ...editShortcut('CmdOrCtrl+Z'), click: () => options.onEditCommand('undo') },
        { id: 'redo', label: 'Redo', ...editShortcut('CmdOrCtrl+Shift+Z'), click: () => options.onEditCommand('redo') },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { type: 'separator' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        ...(options.development
          ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] satisfies MenuItemConstructorOptions[])
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    // The help role only means something on macOS, where it adds the system's search field.
    { label: 'Help', ...(mac ? { role: 'help' as const } : {}), submenu: [{ role: 'about', label: 'About Margin' }] },
  );
  return template;
}
