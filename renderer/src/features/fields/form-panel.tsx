// The extraction form beside the reader: the active schema's sections and fields in order, each
// with its values, their status and source quote; completeness; manual entry and correction.
import { useMemo, useState } from 'react';
import { completeness, outsideSchema } from '@shared/fields/completeness';
import { formatFieldValue, formatValue } from '@shared/fields/format';
import { describeScale } from '@shared/fields/scales';
import type { ExtractionSchema, FieldDefinition } from '@shared/fields/types';
import { REVIEW_STATUSES, REVIEW_STATUS_LABELS } from '@shared/model';
import type { Annotation, DocumentId, ReviewStatusValue } from '@shared/model';
import { useNotices } from '../../components/notices';
import { useDatabase } from '../../db/context';
import { describeStorageError } from '../../db/errors';
import { useActiveSchema } from '../../db/schemas';
import { setReviewStatus, useReviewStatus } from '../../db/statuses';
import { useAppStore } from '../../store/app-store';
import type { PaneIndex } from '../../store/app-store';
import { createAnnotation, deleteAnnotations, updateAnnotation } from '../../db/annotations';
import type { AnnotationChanges } from '../../db/annotations';
import { useOpenDocument } from '../../document/open-documents';
import type { AnchoredSet } from '../../document/anchored-set';
import { tagFromTyped } from '../../document/field-values';
import { colorForSection } from '../../document/section-colors';
import { SchemaManager } from './schema-manager';

const STATUS_LABELS = { parsed: 'Parsed', 'needs-confirmation': 'Needs confirmation', manual: 'Entered by hand' } as const;

/** A field value counts towards completeness when it holds a value (not a failed reading). */
export function countsAsFilled(annotation: Annotation): boolean {
  return annotation.field !== null && annotation.field.value !== null;
}

interface FieldContext {
  schema: ExtractionSchema;
  sectionKey: string;
  documentId: DocumentId;
  pane: PaneIndex;
  anchoredSet: AnchoredSet;
  text: string;
}

function ValueRow({ annotation, field, context }: { annotation: Annotation; field: FieldDefinition | null; context: FieldContext }) {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const flashAnnotation = useAppStore((s) => s.flashAnnotation);
  const [correcting, setCorrecting] = useState(false);
  const [typed, setTyped] = useState('');
  const [qualifier, setQualifier] = useState(annotation.field?.qualifier ?? '');
  const tag = annotation.field!;
  const anchored = context.anchoredSet.byId.get(annotation.id);
  const orphaned = annotation.target !== null && !anchored;
  // The quote as the text reads now where it anchored; the stored quote where it did not.
  const quote = anchored ? context.text.slice(anchored.start, anchored.end) : annotation.target?.quote.exact;
  const label = tag.value ? (field ? formatFieldValue(field, tag.value) : formatValue(tag.value)) : 'Could not be read';

  const save = async (changes: AnnotationChanges, what: string) => {
    try {
      await updateAnnotation(db, annotation.id, changes, { label: what });
    } catch (error) {
      notify({ kind: 'error', message: `The change was not saved. ${describeStorageError(error)}` });
    }
  };
  const correct = async () => {
    if (!field) return;
    const result = tagFromTyped(context.schema, field, typed, tag.qualifier);
    if (!result.ok) {
      notify({ kind: 'error', message: `“${typed}” could not be read as ${field.label.toLowerCase()}: ${result.reason}` });
      return;
    }
    // A corrected value keeps its source quote.
    await save({ field: { ...result.tag, qualifier: tag.qualifier } }, `correct ${field.label}`);
    setCorrecting(false);
    setTyped('');
  };

  return (
    <li className={`value-row status-${tag.status}`} data-annotation-id={annotation.id}>
      <div className="value-main">
        {anchored ? (
          <button type="button" className="value-text value-link" onClick={() => flashAnnotation(context.pane, annotation.id)} aria-label={`${label}: show its source in the text`}>
            {label}
          </button>
        ) : (
          <span className="value-text">{label}</span>
        )}
        <span className={`badge status-badge badge-${tag.status}`}>{STATUS_LABELS[tag.status]}</span>
        {annotation.target === null && <span className="badge badge-warning">No source</span>}
        {orphaned && <span className="badge badge-danger">Source not found</span>}
      </div>
      {tag.reason && <p className="value-reason">{tag.reason}</p>}
      {quote !== undefined && <blockquote className="value-quote">“{quote}”</blockquote>}
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
        {tag.status === 'needs-confirmation' && tag.value && (
          <button type="button" className="icon-button" onClick={() => void save({ field: { ...tag, status: 'parsed', reason: null } }, 'confirm value')}>
            Confirm
          </button>
        )}
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
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void correct();
          }}
        >
          <input type="text" autoFocus aria-label={`Corrected value for ${field.label}`} value={typed} onChange={(e) => setTyped(e.target.value)} placeholder={placeholderFor(field)} />
          <button type="submit" className="toolbar-button">
            Save
          </button>
        </form>
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
    default:
      return 'Value';
  }
}

function FieldBlock({ field, values, context }: { field: FieldDefinition; values: Annotation[]; context: FieldContext }) {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const [adding, setAdding] = useState(false);
  const [typed, setTyped] = useState('');
  const [qualifier, setQualifier] = useState('');
  const missing = field.required && values.every((v) => !countsAsFilled(v));

  const add = async () => {
    const result = tagFromTyped(context.schema, field, typed, qualifier.trim() || null);
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
        {(field.multiple || values.length === 0) && (
          <button type="button" className="link-button" aria-expanded={adding} onClick={() => setAdding((a) => !a)} aria-label={`Add a value for ${field.label} without a source`}>
            + Add
          </button>
        )}
      </div>
      <details className="guidance">
        <summary>Guidance</summary>
        <p>{field.guidance}</p>
      </details>
      {values.length > 0 && (
        <ul className="value-list" aria-label={`Values of ${field.label}`}>
          {values.map((v) => (
            <ValueRow key={v.id} annotation={v} field={field} context={context} />
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

export function FormPanel() {
  const db = useDatabase();
  const pane = useAppStore((s) => s.activePane);
  const documentId = useAppStore((s) => s.panes[pane]);
  const schema = useActiveSchema();
  const open = useOpenDocument(documentId);
  const text = open?.loaded.state === 'ready' ? open.loaded.text : null;
  const anchoredSet = open?.anchoredSet ?? null;
  const status = useReviewStatus(documentId);

  const fieldValues = useMemo(() => {
    if (!anchoredSet) return [];
    const all = [...anchoredSet.anchored.map((a) => a.annotation), ...anchoredSet.orphans.map((o) => o.annotation), ...anchoredSet.unsourced];
    return all.filter((a) => a.field !== null);
  }, [anchoredSet]);
  const byField = useMemo(() => {
    const map = new Map<string, Annotation[]>();
    for (const value of fieldValues) map.set(value.field!.fieldKey, [...(map.get(value.field!.fieldKey) ?? []), value]);
    return map;
  }, [fieldValues]);

  if (!documentId || !text || !anchoredSet) {
    return <p className="empty-state">Open a document to extract its values.</p>;
  }
  const done = completeness(
    schema,
    fieldValues.filter(countsAsFilled).map((v) => ({ fieldKey: v.field!.fieldKey })),
  );
  const outside = outsideSchema(schema, [...byField.keys()]);

  return (
    <div className="form-panel">
      <div className="form-summary">
        <div className="completeness" role="status" aria-label={`Extraction ${done.percent}% complete`}>
          <div className="meter" aria-hidden="true">
            <div className="meter-fill" style={{ width: `${done.percent}%` }} />
          </div>
          <span>
            {done.filled} of {done.total} fields · required {done.requiredFilled}/{done.required}
          </span>
        </div>
        <label className="field-label inline">
          Review status
          <select
            value={status ?? 'not-started'}
            onChange={(e) => void setReviewStatus(db, documentId, e.target.value as ReviewStatusValue)}
            aria-label="Review status of this document"
          >
            {REVIEW_STATUSES.map((s) => (
              <option key={s} value={s}>
                {REVIEW_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <p className="hint">Select text, press F (or “Field” in the toolbar) and pick a field to tag a value.</p>
      </div>
      {schema.sections.map((section) => (
        <section key={section.key} className="form-section" aria-labelledby={`section-${section.key}`}>
          <h3 id={`section-${section.key}`} className="form-section-title">
            <span className={`swatch-dot swatch-${colorForSection(section.key)}`} aria-hidden="true" /> {section.label}
          </h3>
          {section.fields.map((field) => (
            <FieldBlock
              key={field.key}
              field={field}
              values={byField.get(field.key) ?? []}
              context={{ schema, sectionKey: section.key, documentId, pane, anchoredSet, text }}
            />
          ))}
        </section>
      ))}
      {outside.length > 0 && (
        <section className="form-section outside" aria-labelledby="section-outside">
          <h3 id="section-outside" className="form-section-title">
            Outside the schema
          </h3>
          <p className="hint">These values belong to fields the active schema no longer has. They are kept.</p>
          {outside.map((key) => (
            <div key={key} className="form-field" role="group" aria-label={`Field ${key} (outside the schema)`}>
              <span className="form-field-label">{key}</span>
              <ul className="value-list">
                {(byField.get(key) ?? []).map((v) => (
                  <ValueRow key={v.id} annotation={v} field={null} context={{ schema, sectionKey: 'outside', documentId, pane, anchoredSet, text }} />
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
