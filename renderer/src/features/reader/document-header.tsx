// The metadata header above an article: title, authors, source, date and identifiers to copy.
import { DOCUMENT_TYPE_LABELS } from '@shared/model';
import type { DocumentMeta } from '@shared/model';
import { CopyButton } from '../../components/copy-button';
import { formatPublishedDate } from '../library/format';

export function DocumentHeader({ meta }: { meta: DocumentMeta }) {
  return (
    <header className="document-header">
      <p className="document-kicker">
        <span className="badge">{DOCUMENT_TYPE_LABELS[meta.type]}</span> {meta.journal ?? 'Unknown source'} · {formatPublishedDate(meta.publishedDate)}
      </p>
      <h2 className="document-title">{meta.title}</h2>
      {meta.authors.length > 0 && <p className="document-authors">{meta.authors.join('; ')}</p>}
      <dl className="document-ids">
        {meta.doi && (
          <div>
            <dt>DOI</dt>
            <dd>
              <span className="selectable-id">{meta.doi}</span> <CopyButton value={meta.doi} label={`Copy DOI ${meta.doi}`} />
            </dd>
          </div>
        )}
        {meta.pmid && (
          <div>
            <dt>PMID</dt>
            <dd>
              <span className="selectable-id">{meta.pmid}</span> <CopyButton value={meta.pmid} label={`Copy PMID ${meta.pmid}`} />
            </dd>
          </div>
        )}
        {meta.trialRegistration && (
          <div>
            <dt>Registration</dt>
            <dd>
              <span className="selectable-id">{meta.trialRegistration}</span>{' '}
              <CopyButton value={meta.trialRegistration} label={`Copy registration ${meta.trialRegistration}`} />
            </dd>
          </div>
        )}
      </dl>
    </header>
  );
}
