// The sandboxed preload: exposes exactly the typed Bridge as `window.margin`, one fixed channel per
// method, so the page can never name a channel or reach ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import type { Bridge, OpenRequest, PrintRequest, SaveRequest } from '@shared/ipc';
import { CHANNELS } from '@shared/channels';

const bridge = {
  host: 'electron',
  listBundledDocuments: () => ipcRenderer.invoke(CHANNELS.listBundledDocuments),
  bundledCorpusManifest: () => ipcRenderer.invoke(CHANNELS.bundledCorpusManifest),
  saveFile: (request: SaveRequest) => ipcRenderer.invoke(CHANNELS.saveFile, request),
  printToPdf: (request: PrintRequest) => ipcRenderer.invoke(CHANNELS.printToPdf, request),
  openFiles: (request: OpenRequest) => ipcRenderer.invoke(CHANNELS.openFiles, request),
} satisfies Bridge;

contextBridge.exposeInMainWorld('margin', bridge);
