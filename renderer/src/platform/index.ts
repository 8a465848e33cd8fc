// The platform layer: the app talks to `bridge` and never knows which host it runs in.
import type { Bridge } from '@shared/ipc';
import { createWebBridge } from './web';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the web build. */
    margin?: Bridge;
  }
}

export const bridge: Bridge = window.margin ?? createWebBridge();
