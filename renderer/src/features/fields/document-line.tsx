// The document a form or picker writes into, named as a reviewer cites it (issue 15 point 8): with
// two case reports side by side, a value must not go into the wrong study unnoticed.
import { authorYear, shortTitle } from '@shared/evidence';
import type { DocumentId } from '@shared/model';
import { useDocumentMeta } from '../../db/documents';

/** "Mougiakakos et al., 2021 · CD19-Targeted CAR T Cells in Refractory…": the study a value goes into. */
export function DocumentLine({ documentId, className }: { documentId: DocumentId; className?: string }) {
  const meta = useDocumentMeta(documentId);
  if (!meta) return null;
  const who = authorYear(meta);
  return (
    <p className={className ?? 'document-line'} title={meta.title}>
      <span className="document-line-label">Document: </span>
      {who && <span className="document-line-author">{who} · </span>}
      <span className="document-line-title">{shortTitle(meta.title)}</span>
    </p>
  );
}

