// The editor Correct opens: one labelled input per part of the field's value type (for a median:
// measure, value, spread, IQR low and high, unit), prefilled, saving exactly what was entered.
import { useState } from 'react';
import type { KeyboardEvent } from 'react';
import { draftFrom, draftSlots, valueFromDraft } from '@shared/fields/value-draft';
import type { DraftSlot } from '@shared/fields/value-draft';
import type { FieldDefinition, FieldValue } from '@shared/fields/types';

interface TypedValueEditorProps {
  field: FieldDefinition;
  /** What the inputs start from: the machine's reading, or the reviewer's last correction. */
  initial: FieldValue | null;
  onSave: (value: FieldValue) => Promise<void>;
  onCancel: () => void;
}

export function TypedValueEditor({ field, initial, onSave, onCancel }: TypedValueEditorProps) {
  const [draft, setDraft] = useState<Map<string, string>>(() => draftFrom(field, initial));
  const [problem, setProblem] = useState<string | null>(null);
  const slots = draftSlots(field, draft);
  const set = (name: string, value: string) => {
    setDraft((d) => new Map(d).set(name, value));
    setProblem(null);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onCancel();
    }
  };

  return (
    <form
      className="inline-form typed-editor"
      aria-label={`Corrected value for ${field.label}`}
      onKeyDown={onKeyDown}
      onSubmit={(e) => {
        e.preventDefault();
        const result = valueFromDraft(field, draft);
        if (!result.ok) {
          setProblem(result.reason);
          return;
        }
        void onSave(result.value);
      }}
    >
      {slots.map((slot, index) => (
        <SlotInput key={slot.name} slot={slot} value={draft.get(slot.name) ?? ''} onChange={(v) => set(slot.name, v)} autoFocus={index === 0} />
      ))}
      {problem !== null && (
        <p className="value-reason" role="alert">
          Not saved: {problem}
        </p>
      )}
      <button type="submit" className="toolbar-button">
        Save correction
      </button>
      <button type="button" className="link-button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

function SlotInput({ slot, value, onChange, autoFocus }: { slot: DraftSlot; value: string; onChange: (value: string) => void; autoFocus: boolean }) {
  if (slot.kind === 'checkboxes') {
    const chosen = new Set(value.split('\n').filter((v) => v !== ''));
    return (
      <fieldset className="field-label">
        <legend>{slot.label}</legend>
        {(slot.options ?? []).map((option) => (
          <label key={option.value}>
            <input
              type="checkbox"
              checked={chosen.has(option.value)}
              onChange={(e) => {
                const next = new Set(chosen);
                if (e.target.checked) next.add(option.value);
                else next.delete(option.value);
                onChange([...next].join('\n'));
              }}
            />{' '}
            {option.label}
          </label>
        ))}
      </fieldset>
    );
  }
  return (
    <label className="field-label">
      {slot.optional ? `${slot.label} (optional)` : slot.label}
      {slot.kind === 'select' ? (
        <select value={value} onChange={(e) => onChange(e.target.value)} autoFocus={autoFocus}>
          {(slot.options ?? []).map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      ) : (
        <input type="text" inputMode={slot.kind === 'number' ? 'decimal' : undefined} value={value} onChange={(e) => onChange(e.target.value)} autoFocus={autoFocus} />
      )}
    </label>
  );
}
