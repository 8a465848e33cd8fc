// A schema section filled once per patient, arm or time point (issue 10 item 4): one tab per
// instance, with add, rename and remove; the fields below show the chosen instance's values only.
// Values that belong to no instance (stored before the section repeated) get a tab of their own.
import { useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { EvidenceEntry, FieldEntry } from '@shared/evidence';
import { REPEAT_WORDS } from '@shared/fields/instances';
import type { InstanceRecord } from '@shared/fields/instances';
import type { RepeatKind, SchemaSection } from '@shared/fields/types';
import { ModalDialog } from '../../components/modal-dialog';
import { useNotices } from '../../components/notices';
import { useDatabase } from '../../db/context';
import { describeStorageError } from '../../db/errors';
import { addInstance, removeInstance, renameInstance } from '../../db/instances';
import { colorForSection } from '../../document/section-colors';
import { useAppStore } from '../../store/app-store';
import { FieldBlock } from './form-panel';
import type { FieldContext } from './form-panel';

/** The tab of values that belong to no instance. */
const NONE = '';

interface Props {
  section: SchemaSection & { repeat: RepeatKind };
  fields: FieldEntry[];
  /** The document's instances (all kinds); the section shows those of its kind and any its values point at. */
  instances: InstanceRecord[];
  context: FieldContext;
}

export function RepeatingSection({ section, fields, instances, context }: Props) {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const kind = section.repeat;
  const words = REPEAT_WORDS[kind];
  const activeKey = `${context.documentId} ${kind}`;
  const remembered = useAppStore((s) => s.activeInstances.get(activeKey));
  const setActiveInstance = useAppStore((s) => s.setActiveInstance);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [removing, setRemoving] = useState<InstanceRecord | null>(null);
  const [busy, setBusy] = useState(false);

  const entries = fields.flatMap((f) => f.values);
  const referenced = new Set(entries.flatMap((e) => (e.instance ? [e.instance.id] : [])));
  const shown = instances.filter((i) => i.kind === kind || referenced.has(i.id));
  const unassigned = entries.some((e) => e.instance === null);
  const tabs: { id: string; label: string }[] = [...shown.map((i) => ({ id: i.id, label: i.label })), ...(unassigned ? [{ id: NONE, label: 'Not assigned' }] : [])];
  const activeId = tabs.some((t) => t.id === remembered) ? remembered! : (tabs[0]?.id ?? null);
  const activeInstance = shown.find((i) => i.id === activeId) ?? null;
  const countOf = (id: string) => entries.filter((e) => (e.instance?.id ?? NONE) === id).length;
  const tabId = (id: string) => `tab-${section.key}-${id || 'none'}`;
  const panelId = `panel-${section.key}`;

  const select = (id: string) => setActiveInstance(context.documentId, kind, id);
  const fail = (what: string) => (error: unknown) => notify({ kind: 'error', message: `${what} ${describeStorageError(error)}` });

  const add = async () => {
    try {
      const made = await addInstance(db, context.documentId, kind);
      select(made.id);
    } catch (error) {
      fail(`The ${words.one.toLowerCase()} was not added.`)(error);
    }
  };
  const remove = async (values: 'keep' | 'remove') => {
    if (!removing) return;
    setBusy(true);
    try {
      await removeInstance(db, context.documentId, removing.id, values);
      setRemoving(null);
    } catch (error) {
      fail(`${removing.label} was not removed.`)(error);
    } finally {
      setBusy(false);
    }
  };

  // Arrow keys move between tabs (the tabs pattern): one Tab stop for the row, the rest by arrows.
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const to = event.key === 'Home' ? 0 : event.key === 'End' ? tabs.length - 1 : step === 0 ? -1 : (index + step + tabs.length) % tabs.length;
    if (to < 0) return;
    event.preventDefault();
    const next = tabs[to]!;
    select(next.id);
    document.getElementById(tabId(next.id))?.focus();
  };

  const removingCount = removing ? countOf(removing.id) : 0;
  const valuesWord = (n: number) => `${n} ${n === 1 ? 'value' : 'values'}`;

  return (
    <section className="form-section repeating-section" aria-labelledby={`section-${section.key}`} data-repeat={kind}>
      <h3 id={`section-${section.key}`} className="form-section-title">
        <span className={`swatch-dot swatch-${colorForSection(section.key)}`} aria-hidden="true" /> {section.label}
        <span className="section-repeat-note"> · one set per {words.one.toLowerCase()}</span>
      </h3>
      <div className="instance-bar">
        {tabs.length > 0 && (
          <div role="tablist" aria-label={`${words.many} of ${section.label}`} className="instance-tabs">
            {tabs.map((t, index) => (
              <button
                key={t.id || 'none'}
                id={tabId(t.id)}
                type="button"
                role="tab"
                aria-selected={t.id === activeId}
                aria-controls={panelId}
                tabIndex={t.id === activeId ? 0 : -1}
                className={`instance-tab${t.id === NONE ? ' instance-tab-none' : ''}`}
                onClick={() => select(t.id)}
                onKeyDown={(e) => onTabKey(e, index)}
              >
                {t.label}
                <span className="instance-count" aria-label={`, ${valuesWord(countOf(t.id))}`}>
                  {' '}
                  {countOf(t.id)}
                </span>
              </button>
            ))}
          </div>
        )}
        <button type="button" className="link-button" onClick={() => void add()}>
          + Add {words.one.toLowerCase()}
        </button>
      </div>
      {tabs.length === 0 ? (
        <p className="hint">
          No {words.many.toLowerCase()} yet. Add a {words.one.toLowerCase()}, or tag text for one of these fields and choose “New {words.one.toLowerCase()}”.
        </p>
      ) : (
        <div role="tabpanel" id={panelId} aria-labelledby={activeId === null ? undefined : tabId(activeId)} className="instance-panel">
          {activeInstance && (
            <div className="instance-actions">
              {renaming === activeInstance.id ? (
                <form
                  className="inline-form"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const typed = new FormData(e.currentTarget).get('label');
                    setRenaming(null);
                    void renameInstance(db, context.documentId, activeInstance, typeof typed === 'string' ? typed : '').catch(fail('The new name was not saved.'));
                  }}
                >
                  <input type="text" name="label" autoFocus defaultValue={activeInstance.label} aria-label={`Name of ${activeInstance.label}`} maxLength={80} />
                  <button type="submit" className="toolbar-button">
                    Save name
                  </button>
                  <button type="button" className="icon-button" onClick={() => setRenaming(null)}>
                    Cancel
                  </button>
                </form>
              ) : (
                <>
                  <button type="button" className="icon-button" onClick={() => setRenaming(activeInstance.id)} aria-label={`Rename ${activeInstance.label}`}>
                    Rename
                  </button>
                  <button type="button" className="icon-button" onClick={() => setRemoving(activeInstance)} aria-label={`Remove ${activeInstance.label}`}>
                    Remove
                  </button>
                </>
              )}
            </div>
          )}
          {activeId === NONE && <p className="hint">These values were stored without a {words.one.toLowerCase()} (before this section repeated, or after one was removed). Choose one for each, or keep them here.</p>}
          {fields.map(({ field, values }) => (
            <FieldBlock
              key={field.key}
              field={field}
              entries={values.filter((v: EvidenceEntry) => (v.instance?.id ?? NONE) === activeId)}
              context={{ ...context, repeat: { kind, instances: shown, instanceId: activeId === NONE ? null : activeId } }}
            />
          ))}
        </div>
      )}
      {removing && (
        <ModalDialog
          title={`Remove ${removing.label}?`}
          description={
            removingCount === 0
              ? `${removing.label} has no values.`
              : `${removing.label} has ${valuesWord(removingCount)}. Remove them with it, or keep them as values of no ${words.one.toLowerCase()}?`
          }
          onClose={() => setRemoving(null)}
          dismissable={!busy}
          footer={
            <>
              <button type="button" className="toolbar-button" onClick={() => setRemoving(null)} disabled={busy} data-autofocus>
                Cancel
              </button>
              {removingCount > 0 && (
                <button type="button" className="toolbar-button" onClick={() => void remove('keep')} disabled={busy}>
                  Keep its {valuesWord(removingCount)}, not assigned
                </button>
              )}
              <button type="button" className="toolbar-button danger" onClick={() => void remove('remove')} disabled={busy}>
                {removingCount === 0 ? `Remove ${removing.label}` : `Remove ${removing.label} and its ${valuesWord(removingCount)}`}
              </button>
            </>
          }
        >
          <p className="hint">Undo (Ctrl+Z) brings it back.</p>
        </ModalDialog>
      )}
    </section>
  );
}
