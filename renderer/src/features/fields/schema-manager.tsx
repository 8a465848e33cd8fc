// Shows the active extraction schema and lets the reviewer import another (validated; an invalid
// file changes nothing and says which field is wrong) or export the active one as JSON.
import { useState } from 'react';
import { serializeSchema } from '@shared/fields/schema';
import { useNotices } from '../../components/notices';
import { useDatabase } from '../../db/context';
import { describeStorageError } from '../../db/errors';
import { importSchema, useActiveSchema } from '../../db/schemas';
import { bridge } from '../../platform';

function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

export function SchemaManager() {
  const db = useDatabase();
  const schema = useActiveSchema();
  const notify = useNotices((s) => s.push);
  const [problem, setProblem] = useState<string | null>(null);

  const runImport = async () => {
    setProblem(null);
    try {
      const [file] = await bridge.openFiles({ extensions: ['json'], multiple: false });
      if (!file) return;
      const result = await importSchema(db, decodeUtf8(file.bytes));
      if (!result.ok) {
        setProblem(`${file.name} was not imported: ${result.message} The active schema is unchanged.`);
        return;
      }
      notify({ kind: 'info', message: `Schema “${result.schema.title}” version ${result.schema.version} is now active. Stored values are kept.` });
    } catch (error) {
      setProblem(`The schema could not be imported. ${describeStorageError(error)}`);
    }
  };

  const runExport = async () => {
    const result = await bridge.saveFile({
      suggestedName: `${schema.id}-v${schema.version}.json`,
      mimeType: 'application/json',
      data: serializeSchema(schema),
    });
    if (result.saved) notify({ kind: 'info', message: `Schema saved to ${result.location}.` });
    else if (result.reason === 'failed') notify({ kind: 'error', message: `The schema was not saved: ${result.message ?? 'unknown error'}` });
  };

  return (
    <section className="schema-manager" aria-labelledby="schema-heading">
      <h3 id="schema-heading" className="form-section-title">
        Extraction schema
      </h3>
      <p className="schema-name">
        {schema.title} <span className="hint">· version {schema.version}</span>
      </p>
      <div className="schema-actions">
        <button type="button" className="toolbar-button" onClick={() => void runImport()}>
          Import schema…
        </button>
        <button type="button" className="toolbar-button" onClick={() => void runExport()}>
          Export schema
        </button>
      </div>
      {problem && (
        <p className="notice notice-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
