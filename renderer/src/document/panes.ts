// What the reader panes are called in what the reviewer reads and hears: the reader, the annotation
// panel and the evidence table all name a pane the same way.
import type { PaneIndex } from '../store/app-store';

export const PANE_NAMES: Record<PaneIndex, string> = { 0: 'left pane', 1: 'right pane' };
