// What an annotation import did: how many annotations were placed on their quotes, kept as orphans,
// matched no document or were invalid, and the first problems in words.
import type { AnnotationImportResult } from './import-annotations';
import { ModalDialog } from '../../components/modal-dialog';

const SHOWN_PROBLEMS = 12;

export function ImportReportDialog({ fileName, result, onClose }: { fileName: string; result: AnnotationImportResult; onClose: () => void }) {
  const { report, added, alreadyPresent } = result;
  const nothingNew = report.error === null && added === 0 && alreadyPresent > 0;
  const rows: [string, number][] = [
    ['Annotations in the file', report.total],
    ['Anchored on their quote', report.anchored],
    ['… of which only approximately (exported as stale)', report.approximate],
    ['Orphaned: quote not found, kept as orphans', report.orphaned],
    ['Without a quote (whole-document notes, values)', report.withoutQuote],
    ['Unmatched: no stored document has their target', report.unmatchedDocument],
    ['Invalid', report.invalid],
    ['Added', added],
    ['Already in Margin, skipped', alreadyPresent],
  ];
  return (
    <ModalDialog
      title={report.error ? 'The annotations could not be imported' : nothingNew ? 'Already in Margin: nothing new' : `Imported ${added} ${added === 1 ? 'annotation' : 'annotations'}`}
      description={fileName}
      onClose={onClose}
      className="import-report"
      footer={
        <button type="button" className="primary-button" onClick={onClose} data-autofocus>
          Close
        </button>
      }
    >
      {result.signature?.kind === 'signed' ? (
        <p className="dialog-text signature-note" data-trust={result.signature.trust}>
          <span aria-hidden="true">✓ </span>
          Signed by <strong>{result.signature.signer.name}</strong>, key <code className="fingerprint">{result.signature.fingerprint}</code>
          {result.signature.trust === 'this-device' ? ' (this device)' : result.signature.trust === 'trusted' ? ' (a signer this device trusts)' : ' (not known to this device)'}.
        </p>
      ) : result.signature?.kind === 'unsigned' ? (
        <p className="dialog-text signature-note" data-trust="unsigned">
          <span aria-hidden="true">⚠ </span>The file was not signed.
        </p>
      ) : null}
      {report.error ? (
        <p className="notice notice-error" role="alert">
          {report.error} Nothing was imported.
        </p>
      ) : (
        <>
          {alreadyPresent > 0 && (
            <p className="dialog-text" role="status">
              {alreadyPresent === report.total
                ? `All ${report.total} ${report.total === 1 ? 'annotation' : 'annotations'} of this file ${report.total === 1 ? 'is' : 'are'} already in Margin; nothing was changed.`
                : `${alreadyPresent} of ${report.total} annotations of this file ${alreadyPresent === 1 ? 'is' : 'are'} already in Margin and ${alreadyPresent === 1 ? 'was' : 'were'} skipped.`}
            </p>
          )}
          <table className="counts-table">
            <caption className="visually-hidden">What the import did</caption>
            <tbody>
              {rows.map(([label, n]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td>{n}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.orphans.length > 0 && (
            <details className="report-details">
              <summary>Orphaned quotes ({report.orphans.length})</summary>
              <ul>
                {report.orphans.slice(0, SHOWN_PROBLEMS).map((orphan) => (
                  <li key={orphan.annotationId}>
                    “{orphan.quote.length > 120 ? `${orphan.quote.slice(0, 120)}…` : orphan.quote}”: {orphan.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {report.problems.length > 0 && (
            <details className="report-details" open>
              <summary>Not imported ({report.problems.length})</summary>
              <ul>
                {report.problems.slice(0, SHOWN_PROBLEMS).map((problem) => (
                  <li key={problem.index}>
                    Item {problem.index + 1}
                    {problem.id ? ` (${problem.id})` : ''}: {problem.reason}
                  </li>
                ))}
              </ul>
              {report.problems.length > SHOWN_PROBLEMS && <p className="hint">and {report.problems.length - SHOWN_PROBLEMS} more.</p>}
            </details>
          )}
          {added > 0 && <p className="dialog-text">Undo (Ctrl+Z, or ⌘Z on a Mac) removes the imported annotations again.</p>}
        </>
      )}
    </ModalDialog>
  );
}
