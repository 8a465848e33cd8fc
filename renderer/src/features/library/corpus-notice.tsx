// Says what went wrong while loading the bundled corpus, naming each broken entry or file.
import { useAppStore } from '../../store/app-store';

export function CorpusNotice() {
  const corpus = useAppStore((s) => s.corpus);
  if (corpus.state === 'failed') {
    return (
      <div className="notice notice-error" role="alert">
        <strong>The library could not be loaded.</strong> {corpus.message}
      </div>
    );
  }
  if (corpus.state === 'ready' && corpus.problems.length > 0) {
    return (
      <div className="notice notice-warning" role="alert">
        <strong>
          {corpus.problems.length === 1 ? 'One bundled document could not be loaded' : `${corpus.problems.length} bundled documents could not be loaded`}
        </strong>
        ; the others are available.
        <ul>
          {corpus.problems.map((p) => (
            <li key={p.file + p.message}>
              <code>{p.file}</code>: {p.message}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return null;
}
