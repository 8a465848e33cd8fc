// The extraction form beside the reader: the active schema's sections and fields in order, each
// with its values as evidence entries (shared/evidence: the words the table and exports use), their
// state and source quote; completeness; manual entry and correction.
import { useEffect, useMemo, useRef, useState } from 'react';
import { collectFieldEvidence, describeProvenance, namedOverride, overrideSentence, provenanceFromAnchor, sentenceCase, stateMarks } from '@shared/evidence';
import type { EvidenceEntry, FieldEvidence, Provenance } from '@shared/evidence';
import { describeScale } from '@shared/fields/scales';
import { REPEAT_WORDS } from '@shared/fields/instances';
import type { InstanceRecord } from '@shared/fields/instances';
import type { ExtractionSchema, FieldDefinition, FieldValue, RepeatKind, SchemaSection } from '@shared/fields/types';
import type { FieldEntry } from '@shared/evidence';
import { REVIEW_STATUSES, REVIEW_STATUS_LABELS } from '@shared/model';
import type { Annotation, AnnotationId, DocumentId, ReviewStatusValue } from '@shared/model';
import { useNotices } from '../../components/notices';
import { useDatabase } from '../../db/context';
import { describeStorageError } from '../../db/errors';
import { useActiveSchema } from '../../db/schemas';
import { useReviewStatusRecord } from '../../db/statuses';
import { useReviewStatusChange } from '../../document/done-override';
import { formatMoment } from '../../components/format';
import { useAppStore } from '../../store/app-store';
import type { PaneIndex } from '../../store/app-store';
import { correctFieldValue, createAnnotation, deleteAnnotations, updateAnnotation } from '../../db/annotations';
import type { AnnotationChanges } from '../../db/annotations';
import { useOpenDocument } from '../../document/open-documents';
import type { AnchoredSet } from '../../document/anchored-set';
import { tagFromTyped } from '../../document/field-values';
import { colorForSection } from '../../document/section-colors';
import { SchemaManager } from './schema-manager';
import { TypedValueEditor } from './typed-value-editor';
import { SuggestionReview } from './suggestion-review';
import { ReviewActions, ReviewLine } from './value-review';
import { useReviewerNames } from '../../db/reviewers';
import { useDocumentInstances } from '../../db/instances';
import { DocumentLine } from './document-line';
import { RepeatingSection } from './repeating-section';
import type { ReviewerNames } from '@shared/evidence';
import type { TextSource } from '@shared/text/text-source';

/** Badge colours per state mark; the words come from the evidence model. */
const MARK_BADGES: Record<ReturnType<typeof stateMarks>[number]['key'], string> = {
  'machine-read': 'badge-parsed',
  'needs-confirmation': 'badge-needs-confirmation',
  'entered-by-hand': 'badge-manual',
  corrected: 'badge-manual',
  confirmed: 'badge-parsed',
  rejected: 'badge-danger',
  'accepted-suggestion': 'badge-manual',
  'no-source': 'badge-warning',
  'stale-quote': 'badge-danger',
};

export interface FieldContext {
  schema: ExtractionSchema;
  sectionKey: string;
  documentId: DocumentId;
  pane: PaneIndex;
  anchoredSet: AnchoredSet;
  /** The document's field-value annotations by id, for the actions on an entry. */
  annotations: ReadonlyMap<AnnotationId, Annotation>;
  /** In a repeating section: its kind, the document's instances of it, and the one shown (null: values of none). */
  repeat?: { kind: RepeatKind; instances: InstanceRecord[]; instanceId: string | null };
}

/** Moves a value to another patient (arm, time point), or to none: a wrong choice is fixed in place. */
function InstanceSelect({ annotation, label, repeat }: { annotation: Annotation; label: string; repeat: NonNullable<FieldContext['repeat']> }) {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const words = REPEAT_WORDS[repeat.kind];
  const tag = annotation.field!;
  const current = tag.instance ?? '';
  const move = async (to: string) => {
    try {
      await updateAnnotation(db, annotation.id, { field: { ...tag, instance: to === '' ? null : to } }, { label: `move value to another ${words.one.toLowerCase()}` });
    } catch (error) {
      notify({ kind: 'error', message: `The value was not moved. ${describeStorageError(error)}` });
    }
  };
  return (
    <select className="instance-select" aria-label={`${words.one} of ${label}`} value={current} onChange={(e) => void move(e.target.value)}>
      {repeat.instances.map((i) => (
        <option key={i.id} value={i.id}>
          {i.label}
        </option>
      ))}
      <option value="">Not assigned</option>
    </select>
  );
}

function ValueRow({ entry, annotation, field, context }: { entry: EvidenceEntry; annotation: Annotation; field: FieldDefinition | null; context: FieldContext }) {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const flashAnnotation = useAppStore((s) => s.flashAnnotation);
  const [correcting, setCorrecting] = useState(false);
  const [qualifier, setQualifier] = useState(annotation.field?.qualifier ?? '');
  const tag = annotation.field!;
  // Found in the text, even approximately: its place can be shown.
  const anchored = context.anchoredSet.byId.has(annotation.id);
  const label = entry.text;

  const save = async (changes: AnnotationChanges, what: string) => {
    try {
      await updateAnnotation(db, annotation.id, changes, { label: what });
    } catch (error) {
      notify({ kind: 'error', message: `The change was not saved. ${describeStorageError(error)}` });
    }
  };
  // The value is stored exactly as entered in the typed editor, with the machine's reading kept beside it.
  const correct = async (entered: FieldValue) => {
    if (!field) return;
    try {
      await correctFieldValue(db, annotation.id, entered, { label: `correct ${field.label}` });
      setCorrecting(false);
    } catch (error) {
      notify({ kind: 'error', message: `The correction was not saved. ${describeStorageError(error)}` });
    }
  };

  return (
    <li className={`value-row status-${entry.state}`} data-annotation-id={annotation.id}>
      <div className="value-main">
        {anchored ? (
          <button
            type="button"
            className={`value-text value-link${entry.unread ? ' value-unread' : ''}`}
            onClick={() => flashAnnotation(context.pane, annotation.id)}
            aria-label={`${label}: show its source in the text`}
          >
            {label}
          </button>
        ) : (
          <span className={`value-text${entry.unread ? ' value-unread' : ''}`}>{label}</span>
        )}
        {stateMarks(entry).map((mark) => (
          <span key={mark.key} className={`badge status-badge ${MARK_BADGES[mark.key]}`} data-mark={mark.key}>
            {mark.words}
          </span>
        ))}
      </div>
      <ReviewLine entry={entry} />
      {entry.why && <p className="value-reason">Why: {entry.why}</p>}
      {entry.provenance.state === 'stale' && <p className="value-reason value-stale">{sentenceCase(describeProvenance(entry.provenance))}</p>}
      {entry.quote !== null && <blockquote className="value-quote">“{entry.quote}”</blockquote>}
      <div className="value-actions">
        <input
          type="text"
          className="qualifier-input"
          aria-label={`Qualifier of ${label} (time point, patient or arm)`}
          placeholder="Qualifier: time point, patient, arm"
          value={qualifier}
          onChange={(e) => setQualifier(e.target.value)}
          onBlur={() => qualifier !== (tag.qualifier ?? '') && void save({ field: { ...tag, qualifier: qualifier.trim() || null } }, 'qualifier')}
        />
        {context.repeat && <InstanceSelect annotation={annotation} label={label} repeat={context.repeat} />}
        <ReviewActions entry={entry} annotation={annotation} label={label} />
        {field && (
          <button type="button" className="icon-button" aria-expanded={correcting} onClick={() => setCorrecting((c) => !c)}>
            Correct
          </button>
        )}
        <button type="button" className="icon-button" onClick={() => void deleteAnnotations(db, [annotation.id], { label: 'remove value' })} aria-label={`Remove ${label}`}>
          Remove
        </button>
      </div>
      {correcting && field && (
        // Prefilled from the current value: the machine's reading, or the reviewer's last correction.
        <TypedValueEditor field={field} initial={tag.value ?? tag.machineReading?.value ?? null} onSave={correct} onCancel={() => setCorrecting(false)} />
      )}
    </li>
  );
}

function placeholderFor(field: FieldDefinition): string {
  switch (field.type) {
    case 'quantity':
      return `e.g. 1 × 10^6 ${field.units?.[0] ?? ''}`.trim();
    case 'grade':
      return field.scale ? `e.g. grade 2 (${describeScale(field.scale)})` : 'e.g. grade 2';
    case 'count-of-total':
      return 'e.g. 5/7';
    case 'duration':
      return 'e.g. 12 months';
    case 'range':
      return 'e.g. 20–60 years';
    case 'single-choice':
    case 'multiple-choice':
      return field.options?.map((o) => o.label).join(', ') ?? '';
    case 'yes-no':
      return 'Yes, No or Not reported';
    case 'graded-event':
      return 'e.g. grade 4 neutropenia';
    case 'summary-statistic':
      return 'e.g. median 46 years (IQR 38–55)';
    case 'proportion':
      return 'e.g. 5/6 (83%)';
    case 'dose':
      return `e.g. 1 × 10^6 ${field.units?.[0] ?? ''}`.trim();
    case 'time-point':
      return 'e.g. day 7';
    case 'change':
      return 'e.g. CK fell from 12,400 U/L to 180 U/L by week 8';
    case 'presence':
      return 'e.g. no ICANS was observed';
    case 'timeline-event':
      return 'e.g. fever on day 1';
    default:
      return 'Value';
  }
}

export function FieldBlock({ field, entries, context }: { field: FieldDefinition; entries: EvidenceEntry[]; context: FieldContext }) {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const [adding, setAdding] = useState(false);
  const [typed, setTyped] = useState('');
  const [qualifier, setQualifier] = useState('');
  const missing = field.required && entries.every((entry) => !entry.fills);

  const add = async () => {
    const typedTag = tagFromTyped(context.schema, field, typed, qualifier.trim() || null);
    // A value added by hand in a patient's tab belongs to that patient.
    const instance = context.repeat?.instanceId ?? null;
    const result = typedTag.ok && instance !== null ? { ok: true as const, tag: { ...typedTag.tag, instance } } : typedTag;
    if (!result.ok) {
      notify({ kind: 'error', message: `“${typed}” could not be read as ${field.label.toLowerCase()}: ${result.reason}` });
      return;
    }
    try {
      await createAnnotation(db, { documentId: context.documentId, target: null, color: colorForSection(context.sectionKey), field: result.tag }, { label: `add ${field.label}` });
      setAdding(false);
      setTyped('');
      setQualifier('');
    } catch (error) {
      notify({ kind: 'error', message: `The value was not saved. ${describeStorageError(error)}` });
    }
  };

  return (
    <div
      className="form-field"
      role="group"
      aria-label={field.required ? `${field.label} (required)` : field.label}
      data-missing={missing || undefined}
      data-field-key={field.key}
    >
      <div className="form-field-head">
        <span className="form-field-label">
          {field.label}
          {field.required && (
            <span className="required-mark" title="Required" aria-hidden="true">
              {' '}
              *
            </span>
          )}
        </span>
        {missing && <span className="missing-note">Required · empty</span>}
        {(field.multiple || entries.length === 0) && (
          <button type="button" className="link-button" aria-expanded={adding} onClick={() => setAdding((a) => !a)} aria-label={`Add a value for ${field.label} without a source`}>
            + Add
          </button>
        )}
      </div>
      <details className="guidance">
        <summary>Guidance</summary>
        <p>{field.guidance}</p>
      </details>
      {entries.length > 0 && (
        <ul className="value-list" aria-label={`Values of ${field.label}`}>
          {entries.map((entry) => (
            <ValueRow key={entry.annotationId} entry={entry} annotation={context.annotations.get(entry.annotationId)!} field={field} context={context} />
          ))}
        </ul>
      )}
      {adding && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <input type="text" autoFocus aria-label={`New value for ${field.label}`} value={typed} onChange={(e) => setTyped(e.target.value)} placeholder={placeholderFor(field)} />
          <input type="text" aria-label={`Qualifier for the new ${field.label} value`} value={qualifier} onChange={(e) => setQualifier(e.target.value)} placeholder="Qualifier (optional)" />
          <button type="submit" className="toolbar-button">
            Add without source
          </button>
        </form>
      )}
    </div>
  );
}

/**
 * The open document's field values as evidence. Provenance comes from the anchors the reader found
 * already: re-anchoring every quote here would do that work twice.
 */
function formEvidence(schema: ExtractionSchema, anchoredSet: AnchoredSet, text: TextSource, known: ReviewerNames, instances: readonly InstanceRecord[]): { fields: FieldEvidence; annotations: Map<AnnotationId, Annotation> } {
  const orphanReasons = new Map(anchoredSet.orphans.map((o) => [o.annotation.id, o.reason]));
  const all = [...anchoredSet.anchored.map((a) => a.annotation), ...anchoredSet.orphans.map((o) => o.annotation), ...anchoredSet.unsourced, ...anchoredSet.areas];
  const annotations = new Map(all.filter((a) => a.field !== null).map((a) => [a.id, a]));
  const provenanceOf = (annotation: Annotation): Provenance => {
    if (annotation.target === null) return { state: 'no-source' };
    const found = anchoredSet.byId.get(annotation.id);
    return provenanceFromAnchor(text, annotation.target, found ?? { orphan: true, reason: orphanReasons.get(annotation.id) ?? 'The quote was not found in the text' });
  };
  // Creators of this document's annotations are reviewers too, named as they were.
  const names = new Map<string, string>();
  for (const a of annotations.values()) if (a.creatorId && a.creator) names.set(a.creatorId, a.creator);
  for (const [id, name] of known) names.set(id, name);
  return { fields: collectFieldEvidence(schema, annotations.values(), provenanceOf, names, null, instances), annotations };
}

/** Values outside the schema, by their field key, in the order given. */
function groupByField(entries: EvidenceEntry[]): Map<string, EvidenceEntry[]> {
  const groups = new Map<string, EvidenceEntry[]>();
  for (const entry of entries) groups.set(entry.fieldKey, [...(groups.get(entry.fieldKey) ?? []), entry]);
  return groups;
}

export function FormPanel() {
  const pane = useAppStore((s) => s.activePane);
  const documentId = useAppStore((s) => s.panes[pane]);
  const schema = useActiveSchema();
  const open = useOpenDocument(documentId);
  const text = open?.loaded.state === 'ready' ? open.loaded.text : null;
  const anchoredSet = open?.anchoredSet ?? null;
  const statusRecord = useReviewStatusRecord(documentId);
  const status = statusRecord === undefined ? undefined : (statusRecord?.status ?? 'not-started');
  const reviewers = useReviewerNames();
  const statusChange = useReviewStatusChange();
  const storedInstances = useDocumentInstances(documentId);

  // The command menu's "Next empty required field": focus the next missing field's first control,
  // after the one holding the focus (so asking again moves on), wrapping round.
  const panelRef = useRef<HTMLDivElement>(null);
  const notify = useNotices((s) => s.push);
  const emptyFieldRequest = useAppStore((s) => s.emptyFieldRequest);
  const answeredEmptyField = useRef(emptyFieldRequest);
  useEffect(() => {
    if (emptyFieldRequest === answeredEmptyField.current || !panelRef.current) return;
    answeredEmptyField.current = emptyFieldRequest;
    const panel = panelRef.current;
    requestAnimationFrame(() => {
      const missing = Array.from(panel.querySelectorAll<HTMLElement>('.form-field[data-missing]'));
      const at = missing.findIndex((group) => group.contains(document.activeElement));
      const next = missing[(at + 1) % Math.max(1, missing.length)];
      const control = next?.querySelector<HTMLElement>('button, input, select, summary');
      if (!next || !control) {
        notify({ kind: 'info', message: 'Every required field of this document has a value.' });
        return;
      }
      next.scrollIntoView({ block: 'center' });
      control.focus();
    });
  });

  const evidence = useMemo(
    () => (anchoredSet && text !== null && storedInstances ? formEvidence(schema, anchoredSet, text, reviewers ?? new Map(), storedInstances) : null),
    [anchoredSet, schema, text, reviewers, storedInstances],
  );

  if (!documentId || !text || !anchoredSet || !evidence) {
    return <p className="empty-state">Open a document to extract its values.</p>;
  }
  const { fields, annotations } = evidence;
  const done = fields.completeness;
  const context = { schema, documentId, pane, anchoredSet, annotations };
  const outside = groupByField(fields.outsideSchema);
  const emptyRequired = done.missingRequired.map((key, i) => ({ key, label: fields.missingRequired[i] ?? key }));
  const override = status === 'done' && statusRecord?.override ? namedOverride(statusRecord.override, reviewers) : null;

  return (
    <div className="form-panel" ref={panelRef}>
      <div className="form-summary">
        {/* In the sticky summary, so the document stays named however far the form is scrolled. */}
        <DocumentLine documentId={documentId} className="form-document" />
        <div className="completeness" role="status" aria-label="Extraction completeness">
          <div className="meter" aria-hidden="true">
            <div className="meter-fill" style={{ width: `${done.percent}%` }} />
          </div>
          <span>{done.label}</span>
        </div>
        <label className="field-label inline">
          Review status
          <select
            value={status ?? 'not-started'}
            onChange={(e) => statusChange.change(documentId, open?.loaded.state === 'ready' ? open.loaded.meta.title : '', e.target.value as ReviewStatusValue, emptyRequired)}
            aria-label="Review status of this document"
          >
            {REVIEW_STATUSES.map((s) => (
              <option key={s} value={s}>
                {REVIEW_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        {override && (
          <p className="value-reason done-override-note" role="note">
            Done was an override.{' '}
            {overrideSentence({ missingRequired: override.missingRequired.map((f) => f.label), reason: override.reason, byName: override.byName, at: override.at }, formatMoment)}
          </p>
        )}
        {statusChange.dialog}
        <p className="hint">Select text, press F (or “Field” in the toolbar) and pick a field to tag a value.</p>
      </div>
      <SuggestionReview schema={schema} documentId={documentId} />
      {fields.sections.map(({ section, fields: sectionFields }) =>
        section.repeat !== undefined ? (
          <RepeatingSection key={section.key} section={section as SchemaSection & { repeat: RepeatKind }} fields={sectionFields as FieldEntry[]} instances={fields.instances} context={{ ...context, sectionKey: section.key }} />
        ) : (
        <section key={section.key} className="form-section" aria-labelledby={`section-${section.key}`}>
          <h3 id={`section-${section.key}`} className="form-section-title">
            <span className={`swatch-dot swatch-${colorForSection(section.key)}`} aria-hidden="true" /> {section.label}
          </h3>
          {sectionFields.map(({ field, values }) => (
            <FieldBlock key={field.key} field={field} entries={values} context={{ ...context, sectionKey: section.key }} />
          ))}
        </section>
        ),
      )}
      {outside.size > 0 && (
        <section className="form-section outside" aria-labelledby="section-outside">
          <h3 id="section-outside" className="form-section-title">
            Values without a field
          </h3>
          <p className="hint">Outside the schema: these values belong to fields the active schema no longer has. They are kept.</p>
          {[...outside].map(([key, entries]) => (
            <div key={key} className="form-field" role="group" aria-label={`Field ${key} (outside the schema)`}>
              <span className="form-field-label">{key}</span>
              <ul className="value-list">
                {entries.map((entry) => (
                  <ValueRow key={entry.annotationId} entry={entry} annotation={annotations.get(entry.annotationId)!} field={null} context={{ ...context, sectionKey: 'outside' }} />
                ))}
              </ul>
            </div>
          ))}
        </section>
      )}
      <SchemaManager />
    </div>
  );
}
