// What the pane shows while a long text gets ready: first that it is being split into paragraphs
// (in a worker), then how much of it is laid out, so a 50 MB text never looks like a frozen pane.
// Short texts are ready before their first paint and show nothing here.
import type { TextBlocks } from '../../document/use-text-blocks';
import { WORKER_SEGMENT_CHARS } from '../../document/use-text-blocks';

interface Props {
  length: number;
  blocks: TextBlocks | null;
  /** How far the text is in the DOM (its length once all is). */
  renderedTo: number;
}

function size(length: number): string {
  return length >= 1_000_000 ? `${(length / 1_000_000).toLocaleString('en', { maximumFractionDigits: 1 })} million characters` : `${length.toLocaleString('en')} characters`;
}

export function TextProgress({ length, blocks, renderedTo }: Props) {
  if (blocks === null) return null;
  if (blocks.state === 'failed') {
    return (
      <p className="notice notice-error" role="alert">
        This text could not be shown: {blocks.message}
      </p>
    );
  }
  if (blocks.state === 'splitting') {
    return (
      <div className="text-progress" role="status">
        <span className="text-progress-label">Preparing the text ({size(length)}): finding its paragraphs…</span>
        <progress aria-label="Preparing the text" />
      </div>
    );
  }
  if (length <= WORKER_SEGMENT_CHARS || renderedTo >= length) return null;
  const percent = Math.floor((renderedTo / length) * 100);
  return (
    <div className="text-progress text-progress-laying-out" role="status">
      <span className="text-progress-label">Laying out the text: {percent}% — you can read and annotate what is shown.</span>
      <progress aria-label="Laying out the text" max={100} value={percent} />
    </div>
  );
}
