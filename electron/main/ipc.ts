// The main-process end of the bridge: one handler per contract channel. Each checks that the call
// comes from our window's top frame at our origin, then validates the payload before any work.
import { BrowserWindow, ipcMain } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import { describeIssues } from '@shared/corpus';
import { CHANNELS, openRequestSchema, printRequestSchema, saveRequestSchema } from '@shared/ipc';
import type { BundledCorpus, OpenRequest, OpenedFile, PrintRequest, SaveRequest, SaveResult } from '@shared/ipc';
import { isTrustedRendererUrl } from './app-origin';

/** What the handlers need, passed in so they can be tested without a real window or disk. */
export interface IpcDeps {
  getMainWindow: () => BrowserWindow | null;
  /** The dev server URL, only in an unpackaged app; undefined means only app://margin is trusted. */
  devServerUrl: string | undefined;
  listBundledDocuments: () => Promise<BundledCorpus>;
  bundledCorpusManifest: () => Promise<string | null>;
  saveFile: (window: BrowserWindow, request: SaveRequest) => Promise<SaveResult>;
  printToPdf: (window: BrowserWindow, request: PrintRequest) => Promise<SaveResult>;
  openFiles: (window: BrowserWindow, request: OpenRequest) => Promise<OpenedFile[]>;
}

type ChannelKey = keyof typeof CHANNELS;
type Handler = (window: BrowserWindow, args: unknown[]) => Promise<unknown>;

/**
 * The window the call may act for, or null. The sender must be the main window's own web contents
 * (not its devtools, not another window), and the frame must be its top frame showing our app.
 */
export function trustedSenderWindow(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  mainWindow: BrowserWindow | null,
  devServerUrl: string | undefined,
): BrowserWindow | null {
  if (mainWindow === null || mainWindow.isDestroyed()) return null;
  if (event.sender !== mainWindow.webContents || BrowserWindow.fromWebContents(event.sender) !== mainWindow) return null;
  let frameUrl: string;
  try {
    // A frame that navigated away or was disposed reads as null (or throws on older builds).
    const frame = event.senderFrame;
    if (frame === null || frame.parent !== null) return null;
    frameUrl = frame.url;
  } catch {
    return null;
  }
  return isTrustedRendererUrl(frameUrl, devServerUrl) ? mainWindow : null;
}

function refuse(channel: string, reason: string): never {
  throw new Error(`Margin refused the request on ${channel}: ${reason}`);
}

function payloadOf<T>(channel: string, schema: z.ZodType<T>, args: unknown[]): T {
  if (args.length !== 1) refuse(channel, `expected one request object, got ${args.length} arguments.`);
  const parsed = schema.safeParse(args[0]);
  if (!parsed.success) refuse(channel, `the request is not valid (${describeIssues(parsed.error)}).`);
  return parsed.data;
}

/** Registers exactly the contract's channels; returns a function that removes them again. */
export function registerIpcHandlers(deps: IpcDeps): () => void {
  const handlers: Record<ChannelKey, Handler> = {
    listBundledDocuments: (_window, args) => {
      if (args.length !== 0) refuse(CHANNELS.listBundledDocuments, 'this request takes no arguments.');
      return deps.listBundledDocuments();
    },
    bundledCorpusManifest: (_window, args) => {
      if (args.length !== 0) refuse(CHANNELS.bundledCorpusManifest, 'this request takes no arguments.');
      return deps.bundledCorpusManifest();
    },
    saveFile: (window, args) => deps.saveFile(window, payloadOf(CHANNELS.saveFile, saveRequestSchema, args)),
    printToPdf: (window, args) => deps.printToPdf(window, payloadOf(CHANNELS.printToPdf, printRequestSchema, args)),
    openFiles: (window, args) => deps.openFiles(window, payloadOf(CHANNELS.openFiles, openRequestSchema, args)),
  };

  const keys = Object.keys(handlers) as ChannelKey[];
  for (const key of keys) {
    const channel = CHANNELS[key];
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      const window = trustedSenderWindow(event, deps.getMainWindow(), deps.devServerUrl);
      if (window === null) refuse(channel, 'the sender is not the Margin window.');
      return handlers[key](window, args);
    });
  }
  return () => {
    for (const key of keys) ipcMain.removeHandler(CHANNELS[key]);
  };
}
