// The searchable field picker: with text selected, F (or the toolbar's Field button) opens it;
// typing filters the schema's fields, arrow keys move, Enter tags the selection as that field. It
// names the document it tags into, preselects the field the selected text best fits (or the one
// tagged last), and for a field of a repeating section asks which patient, arm or time point. An area of a PDF page has
// no text to read, so the picker also asks for the value as the area shows it.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { REPEAT_WORDS } from '@shared/fields/instances';
import type { InstanceRecord } from '@shared/fields/instances';
import { normalizeValue } from '@shared/fields/normalize';
import type { ExtractionSchema, FieldDefinition, RepeatKind } from '@shared/fields/types';
import { useNotices } from '../../components/notices';
import { useDatabase } from '../../db/context';
import { describeStorageError } from '../../db/errors';
import { addInstance, useDocumentInstances } from '../../db/instances';
import { useActiveSchema } from '../../db/schemas';
import { isAreaSelection, useAppStore } from '../../store/app-store';
import { useAnnotateCommands } from '../../document/use-annotate-commands';
import { DocumentLine } from './document-line';

interface Choice {
  sectionKey: string;
  sectionLabel: string;
  repeat: RepeatKind | null;
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
      if (words.every((w) => all.includes(w))) choices.push({ sectionKey: section.key, sectionLabel: section.label, repeat: section.repeat ?? null, field });
    }
  }
  // Matches in the name rank above matches only in the guidance.
  return choices.sort((a, b) => {
    const score = (c: Choice) => (words.every((w) => `${c.field.label} ${c.sectionLabel} ${c.field.key}`.toLowerCase().includes(w)) ? 0 : 1);
    return score(a) - score(b);
  });
}

// Words of field labels that say nothing about what a quote is: "grade" is in every graded field.
const PLAIN_WORDS = new Set(['and', 'the', 'for', 'per', 'with', 'without', 'other', 'number', 'measure', 'result', 'duration', 'regimen', 'grade', 'patient', 'patients']);

function wordsOf(text: string, min: number): string[] {
  return [...new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= min && !PLAIN_WORDS.has(w)))];
}

/** The words of the examples a field's guidance quotes ("neutropenia (grade 4)"), the way articles say it. */
function exampleWordsOf(field: FieldDefinition): string[] {
  const examples = [...field.guidance.matchAll(/["“]([^"”]{2,80})["”]/g)].map((m) => m[1]!).join(' ');
  return wordsOf(examples, 4);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Types whose reader accepts almost any text, so a reading says nothing about the field.
const READS_ANYTHING: ReadonlySet<string> = new Set(['text', 'yes-no', 'single-choice', 'multiple-choice']);

/**
 * The field the selected text most likely is, for the picker to preselect (issue 15 point 15): one
 * whose label the quote uses ("CRS", "ICANS", "dose") counts 2 a word; one whose reader reads the
 * quote cleanly as its type (a dose, a proportion, a graded event) 2, a flagged reading 1; each word
 * of the examples its guidance quotes ("neutropenia (grade 4)") 1. Readers that take any text count
 * nothing. On a tie the field tagged last wins, then schema order. With nothing to go on, the field
 * tagged last; failing that, null (the list's first is then active).
 */
export function bestFieldFor(schema: ExtractionSchema, quote: string, lastFieldKey: string | null): string | null {
  const text = quote.toLowerCase();
  const uses = (word: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}s?(?![\\p{L}\\p{N}])`, 'u').test(text);
  let best: { key: string; score: number } | null = null;
  for (const section of schema.sections) {
    for (const field of section.fields) {
      const label = wordsOf(`${field.label} ${field.key.replace(/_/g, ' ')}`, 3).filter(uses).length;
      const examples = exampleWordsOf(field).filter(uses).length;
      let read = 0;
      if (!READS_ANYTHING.has(field.type)) {
        const result = normalizeValue(field, quote);
        read = result.ok ? (result.needsConfirmation ? 1 : 2) : 0;
      }
      const score = label * 2 + read + examples;
      if (score === 0) continue;
      const ranked = score + (field.key === lastFieldKey ? 0.5 : 0);
      if (best === null || ranked > best.score) best = { key: field.key, score: ranked };
    }
  }
  return best?.key ?? lastFieldKey;
}

const NEW_INSTANCE = '__new__';

export function FieldPicker() {
  const target = useAppStore((s) => s.fieldPickerTarget);
  const closePicker = useAppStore((s) => s.closeFieldPicker);
  const lastFieldKey = useAppStore((s) => s.lastFieldKey);
  const activeInstances = useAppStore((s) => s.activeInstances);
  const schema = useActiveSchema();
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const { tagSelectionAsField } = useAnnotateCommands();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState<number | null>(null);
  // The field chosen for a repeating section, while the reviewer picks its patient (arm, time point).
  const [pending, setPending] = useState<Choice | null>(null);
  const [instanceIndex, setInstanceIndex] = useState(0);
  const [typed, setTyped] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const instanceListRef = useRef<HTMLUListElement>(null);
  const listId = useId();
  const choices = useMemo(() => filterFields(schema, query), [schema, query]);
  const stored = useDocumentInstances(target?.documentId ?? null);
  const preselected = useMemo(() => {
    if (!target || query !== '') return 0;
    const key = bestFieldFor(schema, target.quote, lastFieldKey);
    return Math.max(0, choices.findIndex((c) => c.field.key === key));
    // Chosen once per opening: typing or arrowing moves on from it.
  }, [target, schema, lastFieldKey, query, choices]);
  const current = choices[Math.min(active ?? preselected, choices.length - 1)];

  const open = target !== null;
  const valueRef = useRef<HTMLInputElement>(null);
  // An area's value comes first: it is what the reviewer reads off the page.
  const forArea = isAreaSelection(target);
  useEffect(() => {
    if (open) (forArea ? valueRef : inputRef).current?.focus();
  }, [forArea, open]);
  useEffect(() => {
    if (pending) instanceListRef.current?.focus();
  }, [pending]);
  useEffect(() => {
    // The preselected field may be far down the list: bring it into view (jsdom has no scrolling).
    if (current) document.getElementById(`${listId}-${current.field.key}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [current, listId]);

  if (!target) return null;
  const instances: InstanceRecord[] = pending ? (stored ?? []).filter((i) => i.kind === pending.repeat) : [];
  const close = () => {
    closePicker();
    setQuery('');
    setActive(null);
    setTyped('');
    setPending(null);
  };
  const tag = (choice: Choice, instance: { id: string; kind: string } | null) => {
    close();
    void tagSelectionAsField(target, schema, choice.sectionKey, choice.field, instance, typed);
  };
  const choose = (choice: Choice | undefined) => {
    if (!choice) return;
    if (choice.repeat === null) {
      tag(choice, null);
      return;
    }
    // Which patient: the one worked on last in this document, else the last in the list.
    const kindInstances = (stored ?? []).filter((i) => i.kind === choice.repeat);
    const last = activeInstances.get(`${target.documentId} ${choice.repeat}`);
    const at = kindInstances.findIndex((i) => i.id === last);
    setInstanceIndex(at >= 0 ? at : Math.max(0, kindInstances.length - 1));
    setPending(choice);
  };
  const chooseInstance = async (index: number) => {
    if (!pending || pending.repeat === null) return;
    const picked = instances[index];
    if (picked) {
      tag(pending, picked);
      return;
    }
    try {
      const made = await addInstance(db, target.documentId, pending.repeat);
      tag(pending, made);
    } catch (error) {
      notify({ kind: 'error', message: `The ${REPEAT_WORDS[pending.repeat].one.toLowerCase()} was not added. ${describeStorageError(error)}` });
    }
  };

  if (pending && pending.repeat !== null) {
    const words = REPEAT_WORDS[pending.repeat];
    const options = [...instances.map((i) => ({ id: i.id, label: i.label })), { id: NEW_INSTANCE, label: `New ${words.one.toLowerCase()}` }];
    const activeOption = options[Math.min(instanceIndex, options.length - 1)];
    return (
      <div className="field-picker-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
        <div className="field-picker" role="dialog" aria-modal="true" aria-label={`Which ${words.one.toLowerCase()}?`}>
          <DocumentLine documentId={target.documentId} className="field-picker-document" />
          <p className="field-picker-title">
            {pending.field.label} · which {words.one.toLowerCase()}?
          </p>
          <p className="field-picker-quote">“{target.quote}”</p>
          <ul
            ref={instanceListRef}
            role="listbox"
            tabIndex={0}
            aria-label={words.many}
            aria-activedescendant={activeOption ? `${listId}-instance-${activeOption.id}` : undefined}
            className="field-picker-list"
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                e.preventDefault();
                setInstanceIndex((i) => Math.max(0, Math.min(options.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1))));
              } else if (e.key === 'Enter') {
                e.preventDefault();
                void chooseInstance(Math.min(instanceIndex, options.length - 1));
              } else if (e.key === 'Escape') {
                e.preventDefault();
                setPending(null);
                inputRef.current?.focus();
              }
            }}
          >
            {options.map((option, index) => (
              <li
                key={option.id}
                id={`${listId}-instance-${option.id}`}
                role="option"
                aria-selected={option === activeOption}
                className="field-picker-option"
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => void chooseInstance(index)}
              >
                <span className="field-picker-label">{option.label}</span>
                {option.id === NEW_INSTANCE && <span className="field-picker-section">added to this document</span>}
              </li>
            ))}
          </ul>
          <p className="hint">↑↓ to move · Enter to tag · Esc to go back</p>
        </div>
      </div>
    );
  }

  return (
    <div className="field-picker-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="field-picker" role="dialog" aria-modal="true" aria-label="Tag the selection as a field">
        <DocumentLine documentId={target.documentId} className="field-picker-document" />
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
              setActive((i) => Math.max(0, Math.min(choices.length - 1, (i ?? preselected) + (e.key === 'ArrowDown' ? 1 : -1))));
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
              <span className="field-picker-section">
                {choice.sectionLabel}
                {choice.repeat !== null && ` · per ${REPEAT_WORDS[choice.repeat].one.toLowerCase()}`}
              </span>
            </li>
          ))}
        </ul>
        <p className="hint">↑↓ to move · Enter to tag · Esc to close</p>
      </div>
    </div>
  );
}
