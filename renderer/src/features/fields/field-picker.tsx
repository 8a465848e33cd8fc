// The searchable field picker: with text selected, F (or the toolbar's Field button) opens it;
// typing filters the schema's fields, arrow keys move, Enter tags the selection as that field. An
// area of a PDF page has no text to read, so the picker also asks for the value as the area shows it.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ExtractionSchema, FieldDefinition } from '@shared/fields/types';
import { useActiveSchema } from '../../db/schemas';
import { isAreaSelection, useAppStore } from '../../store/app-store';
import { useAnnotateCommands } from '../../document/use-annotate-commands';

interface Choice {
  sectionKey: string;
  sectionLabel: string;
  field: FieldDefinition;
}

/** The fields whose label, section, key or guidance contain every word typed, in schema order. */
export function filterFields(schema: ExtractionSchema, query: string): Choice[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const choices: Choice[] = [];
  for (const section of schema.sections) {
    for (const field of section.fields) {
      const name = `${field.label} ${section.label} ${field.key.replace(/_/g, ' ')}`.toLowerCase();
      const all = `${name} ${field.guidance.toLowerCase()}`;
      if (words.every((w) => all.includes(w))) choices.push({ sectionKey: section.key, sectionLabel: section.label, field });
    }
  }
  // Matches in the name rank above matches only in the guidance.
  return choices.sort((a, b) => {
    const score = (c: Choice) => (words.every((w) => `${c.field.label} ${c.sectionLabel} ${c.field.key}`.toLowerCase().includes(w)) ? 0 : 1);
    return score(a) - score(b);
  });
}

export function FieldPicker() {
  const target = useAppStore((s) => s.fieldPickerTarget);
  const closePicker = useAppStore((s) => s.closeFieldPicker);
  const schema = useActiveSchema();
  const { tagSelectionAsField } = useAnnotateCommands();
  const [query, setQuery] = useState('');
  const [typed, setTyped] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const choices = useMemo(() => filterFields(schema, query), [schema, query]);
  const current = choices[Math.min(active, choices.length - 1)];

  const open = target !== null;
  const valueRef = useRef<HTMLInputElement>(null);
  // An area's value comes first: it is what the reviewer reads off the page.
  const forArea = isAreaSelection(target);
  useEffect(() => {
    if (open) (forArea ? valueRef : inputRef).current?.focus();
  }, [forArea, open]);

  if (!target) return null;
  const close = () => {
    closePicker();
    setQuery('');
    setTyped('');
    setActive(0);
  };
  const choose = (choice: Choice | undefined) => {
    if (!choice) return;
    close();
    void tagSelectionAsField(target, schema, choice.sectionKey, choice.field, typed);
  };

  return (
    <div className="field-picker-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="field-picker" role="dialog" aria-modal="true" aria-label="Tag the selection as a field">
        <p className="field-picker-title">Tag as field</p>
        {isAreaSelection(target) ? (
          <label className="field-label">
            Value shown in the {target.quote}
            <input
              ref={valueRef}
              type="text"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  inputRef.current?.focus();
                } else if (e.key === 'Escape') {
                  e.preventDefault();
                  close();
                }
              }}
              placeholder="e.g. 12 of 15 (80%); leave empty to enter it later"
            />
          </label>
        ) : (
          <p className="field-picker-quote">“{target.quote}”</p>
        )}
        <input
          ref={inputRef}
          type="text"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={current ? `${listId}-${current.field.key}` : undefined}
          aria-label="Find a field"
          placeholder="Type to find a field: dose, CRS, follow-up…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((i) => Math.max(0, Math.min(choices.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1))));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              choose(current);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              close();
            }
          }}
        />
        <ul id={listId} role="listbox" aria-label="Fields" className="field-picker-list">
          {choices.length === 0 && <li className="empty-state">No field matches “{query}”.</li>}
          {choices.map((choice) => (
            <li
              key={choice.field.key}
              id={`${listId}-${choice.field.key}`}
              role="option"
              aria-selected={choice === current}
              className="field-picker-option"
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(choice)}
            >
              <span className="field-picker-label">{choice.field.label}</span>
              <span className="field-picker-section">{choice.sectionLabel}</span>
            </li>
          ))}
        </ul>
        <p className="hint">↑↓ to move · Enter to tag · Esc to close</p>
      </div>
    </div>
  );
}
