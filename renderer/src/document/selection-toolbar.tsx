// The toolbar over a selection, in the text view and on a PDF page (text or a drawn area): a button
// per colour named by its colour, meaning and key, then Note, Tag and Field. One component, so both
// views offer the same commands under the same names.
import { forwardRef } from 'react';
import { HIGHLIGHT_COLORS } from '@shared/model';
import type { HighlightColor } from '@shared/model';
import { useColorMeanings } from '../db/settings';
import { useAppStore } from '../store/app-store';
import { COLOR_NAMES, keyForColor } from './color-names';
import { useAnnotateCommands } from './use-annotate-commands';

interface Props {
  /** "Annotate the selected text", "Annotate the area". */
  label: string;
  className?: string;
  style?: React.CSSProperties;
}

export const SelectionToolbar = forwardRef<HTMLDivElement, Props>(function SelectionToolbar({ label, className, style }, ref) {
  const meanings = useColorMeanings();
  const { highlightSelection } = useAnnotateCommands();
  return (
    <div ref={ref} className={`selection-toolbar${className ? ` ${className}` : ''}`} style={style} role="toolbar" aria-label={label}>
      {HIGHLIGHT_COLORS.map((color: HighlightColor) => (
        <button
          key={color}
          type="button"
          className={`swatch swatch-${color}`}
          aria-label={`${keyForColor(color)} ${meanings[color]}: highlight ${COLOR_NAMES[color].toLowerCase()}`}
          title={`${COLOR_NAMES[color]} · ${meanings[color]} (${keyForColor(color)})`}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => void highlightSelection(color)}
        >
          {/* The meaning's name on the swatch, underlined in its colour's pattern (as in the text). */}
          <span className="swatch-key">{keyForColor(color)}</span> <span className={`swatch-name pattern-${color}`}>{meanings[color]}</span>
        </button>
      ))}
      <span className="toolbar-sep" aria-hidden="true" />
      <button type="button" className="toolbar-text-button" onMouseDown={(e) => e.preventDefault()} onClick={() => void highlightSelection(null, 'note')}>
        Note <kbd>N</kbd>
      </button>
      <button type="button" className="toolbar-text-button" onMouseDown={(e) => e.preventDefault()} onClick={() => void highlightSelection(null, 'tags')}>
        Tag <kbd>T</kbd>
      </button>
      <button type="button" className="toolbar-text-button" onMouseDown={(e) => e.preventDefault()} onClick={() => useAppStore.getState().openFieldPicker()}>
        Field <kbd>F</kbd>
      </button>
    </div>
  );
});
