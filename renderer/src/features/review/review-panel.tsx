// The Review side tab (issue 11): the active team review, the reviewer's own Done for the open
// document, what blinding hides, and for an adjudicator the adjudication of the document: per field
// and instance A's value and quote beside B's, the state in words, take A / take B / write a
// consensus (keys A, B, C; J and K move), and agreement with Cohen's kappa, exported as CSV.
import { useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { describe as describeRange } from '@shared/anchoring';
import { agreementCsv } from '@shared/export/agreement-csv';
import { longFormCsv } from '@shared/export/csv';
import { formatFieldValue } from '@shared/fields/format';
import type { ExtractionSchema } from '@shared/fields/types';
import type { Annotation, AnnotationId, DocumentId, ReviewerId } from '@shared/model';
import { AGREEMENT_STATE_WORDS, compareDocument, describeKappa, describePercent, reviewAgreement, summarize } from '@shared/review/agreement';
import type { FieldComparison } from '@shared/review/agreement';
import { allExtractorsDone, extractorsOf, roleIn } from '@shared/review/blinding';
import { REVIEW_ROLE_LABELS } from '@shared/review/model';
import type { ComparedValue, Review } from '@shared/review/model';
import { useNotices } from '../../components/notices';
import { useDatabase } from '../../db/context';
import { describeStorageError } from '../../db/errors';
import { loadExportInput } from '../../db/exports';
import { recordConsensus, setReviewerProgress, useReviewDesk, useReviewWork } from '../../db/reviews';
import type { ReviewWork } from '../../db/reviews';
import { useActiveSchema } from '../../db/schemas';
import { tagFromTyped } from '../../document/field-values';
import { useOpenDocument } from '../../document/open-documents';
import { bridge } from '../../platform';
import { isAreaSelection, useAppStore } from '../../store/app-store';
import type { TextSelection } from '../../store/app-store';
import { CreateReviewDialog } from './create-review-dialog';

const STATE_MARK: Record<FieldComparison['state'], string> = { agree: '=', disagree: '≠', 'only-a': '←', 'only-b': '→', neither: '–' };

function rowKey(c: Pick<FieldComparison, 'field' | 'instance'>): string {
  return JSON.stringify([c.field.key, c.instance]);
}

function ValueCell({ values, comparison, onShow }: { values: ComparedValue[]; comparison: FieldComparison; onShow: (id: string) => void }) {
  if (values.length === 0) return <span className="muted">Nothing recorded</span>;
  return (
    <ul className="compared-values">
      {values.map((v) => (
        <li key={v.annotationId}>
          <span className="compared-value">{v.value === null ? 'Not read' : formatFieldValue(comparison.field, v.value)}</span>
          {v.quote !== null && (
            <>
              {' '}
              <q className="compared-quote">{v.quote}</q>{' '}
              <button type="button" className="link-button" onClick={() => onShow(v.annotationId)}>
                Show in reader
              </button>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The adjudication of one document: one row per field and instance, with the consensus and its origin. */
function Adjudication({ work, schema, documentId, a, b }: { work: ReviewWork; schema: ExtractionSchema; documentId: DocumentId; a: ReviewerId; b: ReviewerId }) {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const requestShowInReader = useAppStore((s) => s.requestShowInReader);
  const showComparedQuotes = useAppStore((s) => s.showComparedQuotes);
  const open = useOpenDocument(documentId);
  const text = open?.loaded.state === 'ready' ? open.loaded.text : null;
  const [writing, setWriting] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [useSelection, setUseSelection] = useState(true);
  // The reader's selection as it was when the editor opened: focusing the editor's input moves the
  // page's selection into it, which clears the reader's, so the quote is taken before that.
  const [quoted, setQuoted] = useState<TextSelection | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const rowsRef = useRef<HTMLTableSectionElement>(null);

  const rows = useMemo(() => compareDocument(schema, documentId, work.annotations, a, b).filter((r) => r.state !== 'neither'), [schema, documentId, work.annotations, a, b]);
  const consensus = useMemo(() => {
    const map = new Map<string, Annotation>();
    for (const x of work.annotations) if (x.documentId === documentId && x.consensus?.reviewId === work.review.id && x.field) map.set(JSON.stringify([x.field.fieldKey, x.field.instance ?? null]), x);
    return map;
  }, [work, documentId]);
  const byId = useMemo(() => new Map(work.annotations.map((x) => [x.id as string, x])), [work.annotations]);
  const summary = summarize(rows);
  const nameOf = (id: ReviewerId | null) => (id === null ? 'the adjudicator' : (work.names.get(id) ?? id));

  const take = async (row: FieldComparison, side: 'a' | 'b') => {
    const source = (side === 'a' ? row.a : row.b)[0];
    if (!source) {
      notify({ kind: 'error', message: `${side === 'a' ? nameOf(a) : nameOf(b)} recorded nothing for ${row.field.label}.` });
      return;
    }
    try {
      await recordConsensus(db, work.review.id, documentId, { kind: 'take', source: byId.get(source.annotationId)! });
    } catch (error) {
      notify({ kind: 'error', message: describeStorageError(error) });
    }
  };

  const write = async (row: FieldComparison) => {
    const typed = tagFromTyped(schema, row.field, draft, null);
    if (!typed.ok) {
      setProblem(typed.reason);
      return;
    }
    const target = useSelection && quoted !== null && text !== null ? describeRange(text, quoted.start, quoted.end) : null;
    try {
      await recordConsensus(db, work.review.id, documentId, { kind: 'write', field: { ...typed.tag, instance: row.instance }, target });
      setWriting(null);
      setQuoted(null);
      setDraft('');
      setProblem(null);
    } catch (error) {
      setProblem(describeStorageError(error));
    }
  };

  const startWriting = (key: string | null) => {
    const selection = useAppStore.getState().selection;
    // A consensus quotes text; an area of a page has none to quote.
    setQuoted(key !== null && selection !== null && !isAreaSelection(selection) && selection.documentId === documentId && selection.end > selection.start ? selection : null);
    setWriting(key);
    setProblem(null);
  };

  const labelOf = (row: FieldComparison) => `${row.field.label}${row.instance ? ` (${row.instance})` : ''}`;
  const quotedIds = (values: readonly ComparedValue[]) => values.filter((v) => v.quote !== null).map((v) => v.annotationId as AnnotationId);
  const showBoth = (row: FieldComparison) => {
    if (quotedIds(row.a).length + quotedIds(row.b).length === 0) {
      notify({ kind: 'error', message: `Neither ${nameOf(a)} nor ${nameOf(b)} quoted the text for ${labelOf(row)}.` });
      return;
    }
    showComparedQuotes({ documentId, label: labelOf(row), a: { name: nameOf(a), annotationIds: quotedIds(row.a) }, b: { name: nameOf(b), annotationIds: quotedIds(row.b) } });
  };

  const focusRow = (index: number) => {
    const all = rowsRef.current?.querySelectorAll<HTMLTableRowElement>('tr[data-row]');
    all?.[Math.max(0, Math.min(all.length - 1, index))]?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, index: number, row: FieldComparison) => {
    if (event.target !== event.currentTarget || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key === 'j' || event.key === 'ArrowDown') focusRow(index + 1);
    else if (key === 'k' || event.key === 'ArrowUp') focusRow(index - 1);
    else if (key === 'a') void take(row, 'a');
    else if (key === 'b') void take(row, 'b');
    else if (key === 'c') startWriting(rowKey(row));
    else if (key === 'q') showBoth(row);
    else return;
    event.preventDefault();
  };

  if (rows.length === 0) return <p className="empty-state">Neither extractor has recorded a value on this document yet.</p>;
  return (
    <section aria-label="Adjudication" className="adjudication">
      <p className="agreement-line" aria-label="Agreement on this document">
        This document: {describePercent(summary)}; {describeKappa(summary.kappa)}
      </p>
      <p className="hint">Keys on a row: A takes {nameOf(a)}’s value, B takes {nameOf(b)}’s, C writes a consensus, Q shows both quotes in the reader; J and K move.</p>
      <table className="adjudication-table" role="table">
        <caption className="visually-hidden">Values of {nameOf(a)} and {nameOf(b)} side by side, with the consensus</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">Field</th>
            <th scope="col" role="columnheader">A: {nameOf(a)}</th>
            <th scope="col" role="columnheader">B: {nameOf(b)}</th>
            <th scope="col" role="columnheader">State</th>
            <th scope="col" role="columnheader">Consensus</th>
          </tr>
        </thead>
        <tbody ref={rowsRef} role="rowgroup">
          {rows.map((row, index) => {
            const key = rowKey(row);
            const decided = consensus.get(JSON.stringify([row.field.key, row.instance]));
            const label = labelOf(row);
            return (
              <tr key={key} role="row" data-row tabIndex={0} aria-label={`${label}: ${AGREEMENT_STATE_WORDS[row.state]}`} className={`state-${row.state}`} onKeyDown={(e) => onKeyDown(e, index, row)}>
                <th scope="row" role="rowheader">{label}</th>
                <td role="cell">
                  <ValueCell values={row.a} comparison={row} onShow={(id) => requestShowInReader(documentId, id as never)} />
                </td>
                <td role="cell">
                  <ValueCell values={row.b} comparison={row} onShow={(id) => requestShowInReader(documentId, id as never)} />
                </td>
                <td role="cell">
                  <span className="agreement-state">
                    <span aria-hidden="true">{STATE_MARK[row.state]} </span>
                    {AGREEMENT_STATE_WORDS[row.state]}
                  </span>{' '}
                  <button
                    type="button"
                    className="link-button"
                    disabled={quotedIds(row.a).length + quotedIds(row.b).length === 0}
                    aria-keyshortcuts="Q"
                    aria-label={`Show both quotes for ${label} in the reader`}
                    onClick={() => showBoth(row)}
                  >
                    Both quotes
                  </button>
                </td>
                <td role="cell">
                  {decided?.field && (
                    <p className="consensus-value">
                      {decided.field.value === null ? 'Not read' : formatFieldValue(row.field, decided.field.value)}{' '}
                      <span className="muted">({decided.consensus!.takenFrom === null ? 'written by the adjudicator' : `taken from ${nameOf(decided.consensus!.takenFrom)}`})</span>
                    </p>
                  )}
                  <div className="consensus-actions" role="group" aria-label={`Consensus for ${label}`}>
                    <button type="button" className="toolbar-button" disabled={row.a.length === 0} onClick={() => void take(row, 'a')} aria-label={`Take A for ${label}`}>
                      Take A
                    </button>
                    <button type="button" className="toolbar-button" disabled={row.b.length === 0} onClick={() => void take(row, 'b')} aria-label={`Take B for ${label}`}>
                      Take B
                    </button>
                    <button type="button" className="toolbar-button" onClick={() => startWriting(writing === key ? null : key)} aria-label={`Write a consensus for ${label}`} aria-expanded={writing === key}>
                      Write…
                    </button>
                  </div>
                  {writing === key && (
                    <div className="consensus-editor">
                      <label>
                        Consensus value for {label}
                        <input type="text" value={draft} autoFocus onChange={(e) => setDraft(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void write(row)} />
                      </label>
                      {quoted === null ? (
                        <p className="hint">No text was selected in the reader: select the evidence there first to quote it.</p>
                      ) : (
                        <label className="dialog-check">
                          <input type="checkbox" checked={useSelection} onChange={(e) => setUseSelection(e.target.checked)} /> Quote the text selected in the reader: <q>{quoted.quote}</q>
                        </label>
                      )}
                      <button type="button" className="toolbar-button" onClick={() => void write(row)}>
                        Save consensus
                      </button>
                      {problem && (
                        <p className="dialog-error" role="alert">
                          {problem}
                        </p>
                      )}
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** Agreement over every document of the review, with the CSV exports. */
function ReviewAgreementSummary({ work, schema, a, b }: { work: ReviewWork; schema: ExtractionSchema; a: ReviewerId; b: ReviewerId }) {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const agreement = useMemo(
    () => reviewAgreement(schema, work.review.documentIds.flatMap((d) => compareDocument(schema, d, work.annotations, a, b))),
    [schema, work, a, b],
  );
  const save = async (kind: 'agreement' | 'consensus') => {
    try {
      const date = new Date().toISOString().slice(0, 10);
      const data =
        kind === 'agreement'
          ? agreementCsv(agreement, work.documents, work.names.get(a) ?? a, work.names.get(b) ?? b)
          : longFormCsv(await loadExportInput(db, work.review.documentIds, new Date().toISOString()));
      const result = await bridge.saveFile({ suggestedName: `margin-${kind}-${date}.csv`, mimeType: 'text/csv', data });
      if (result.saved) notify({ kind: 'info', message: `Saved the ${kind} CSV.` });
      else if (result.reason !== 'cancelled') notify({ kind: 'error', message: `The ${kind} CSV was not saved: ${result.message ?? 'the host gave no reason'}.` });
    } catch (error) {
      notify({ kind: 'error', message: describeStorageError(error) });
    }
  };
  return (
    <section aria-label="Agreement in the review" className="review-agreement">
      <h3>Whole review</h3>
      <p className="agreement-line">
        {describePercent(agreement.overall)}; {describeKappa(agreement.overall.kappa)}
      </p>
      <ul className="field-agreement">
        {agreement.byField
          .filter((f) => f.summary.compared > 0)
          .map((f) => (
            <li key={f.field.key}>
              {f.field.label}: {describePercent(f.summary)}
              {f.categorical ? `; ${describeKappa(f.summary.kappa)}` : ''}
            </li>
          ))}
      </ul>
      <div className="consensus-actions">
        <button type="button" className="toolbar-button" onClick={() => void save('agreement')}>
          Export agreement CSV
        </button>
        <button type="button" className="toolbar-button" onClick={() => void save('consensus')}>
          Export values and consensus CSV
        </button>
      </div>
    </section>
  );
}

function ExtractorStatus({ review, documentId, viewer, progress }: { review: Review; documentId: DocumentId; viewer: ReviewerId; progress: Parameters<typeof allExtractorsDone>[2] }) {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const mine = progress.find((p) => p.reviewId === review.id && p.documentId === documentId && p.reviewerId === viewer)?.status ?? 'not-started';
  const extractors = extractorsOf(review);
  const doneCount = extractors.filter((id) => progress.some((p) => p.reviewId === review.id && p.documentId === documentId && p.reviewerId === id && p.status === 'done')).length;
  const lifted = allExtractorsDone(review, documentId, progress);
  const toggle = async () => {
    try {
      await setReviewerProgress(db, review.id, documentId, mine === 'done' ? 'in-progress' : 'done');
    } catch (error) {
      notify({ kind: 'error', message: describeStorageError(error) });
    }
  };
  return (
    <div className="review-status">
      <button type="button" className="toolbar-button" aria-pressed={mine === 'done'} onClick={() => void toggle()}>
        {mine === 'done' ? 'Done in this review ✓' : 'Mark Done in this review'}
      </button>
      <p className="dialog-text">
        {doneCount} of {extractors.length} extractors done.{' '}
        {review.blinded &&
          (lifted
            ? 'Blinding has lifted: every extractor is done, so colleagues’ values on this document are shown.'
            : 'Blinded: colleagues’ values on this document stay hidden until every extractor has marked it Done.')}
      </p>
    </div>
  );
}

export function ReviewPanel() {
  const desk = useReviewDesk();
  const schema = useActiveSchema();
  const pane = useAppStore((s) => s.activePane);
  const documentId = useAppStore((s) => s.panes[pane]);
  const work = useReviewWork(desk?.active ?? null);
  const [creating, setCreating] = useState(false);
  if (desk === undefined) return null;
  const review = desk.active;
  const role = review ? roleIn(review, desk.viewer) : null;
  const extractors = review ? extractorsOf(review) : [];
  return (
    <div className="review-panel">
      {review === null ? (
        <p className="empty-state">No team review is active: your work is your own. Create a review, or choose one in the app bar.</p>
      ) : (
        <header className="review-header">
          <h2 className="review-name">{review.name}</h2>
          <p className="dialog-text">
            {review.protocolId ? `Protocol ${review.protocolId}. ` : ''}
            {review.blinded ? 'Blinded. ' : 'Not blinded. '}
            You are {role ? `the ${REVIEW_ROLE_LABELS[role].toLowerCase()}` : 'not a member of this review'}.
          </p>
          <p className="dialog-text">
            Review id: <code className="review-id">{review.id}</code>
          </p>
          <p className="dialog-text">Members: {review.members.map((m) => `${m.name} (${REVIEW_ROLE_LABELS[m.role].toLowerCase()})`).join(', ')}</p>
        </header>
      )}
      <button type="button" className="toolbar-button" onClick={() => setCreating(true)}>
        New review…
      </button>
      {review && documentId && !review.documentIds.includes(documentId) && <p className="empty-state">The open document is not part of this review.</p>}
      {review && documentId && review.documentIds.includes(documentId) && role === 'extractor' && desk.viewer && (
        <ExtractorStatus review={review} documentId={documentId} viewer={desk.viewer} progress={desk.progress} />
      )}
      {review && role === 'adjudicator' && extractors.length >= 2 && work && (
        <>
          {documentId && review.documentIds.includes(documentId) && <Adjudication work={work} schema={schema} documentId={documentId} a={extractors[0]!} b={extractors[1]!} />}
          <ReviewAgreementSummary work={work} schema={schema} a={extractors[0]!} b={extractors[1]!} />
        </>
      )}
      {creating && <CreateReviewDialog onClose={() => setCreating(false)} />}
    </div>
  );
}
