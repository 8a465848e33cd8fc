// Extraction schema repository: every imported schema version is kept; exactly one is active.
// Changing the schema never touches stored values: values of removed fields stay, listed apart.
import { useLiveQuery } from 'dexie-react-hooks';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import type { ExtractionSchema } from '@shared/fields/types';
import type { StoredSchema } from '@shared/model';
import { useDatabase } from './context';
import type { MarginDatabase } from './database';
import { runChange } from './funnel';
import { getActiveSchema } from './active-schema';

export function schemaKey(schema: ExtractionSchema): string {
  return `${schema.id}@${schema.version}`;
}

/** The active schema, or the default one when none was ever stored (kept in ./active-schema). */
export { getActiveSchema };

/**
 * Validates a schema file and makes it the active schema in one transaction. An invalid file
 * changes nothing and returns a message that names the wrong field.
 */
export async function importSchema(db: MarginDatabase, json: string, options: { now?: string } = {}): Promise<{ ok: true; schema: ExtractionSchema } | { ok: false; message: string }> {
  // The validator (zod) is loaded here, not with the library that reads the active schema at start.
  const { parseSchemaJson } = await import('@shared/fields/schema');
  const parsed = parseSchemaJson(json);
  if (!parsed.ok) return parsed;
  await activateSchema(db, parsed.schema, options);
  return parsed;
}

export async function activateSchema(db: MarginDatabase, schema: ExtractionSchema, options: { now?: string } = {}): Promise<void> {
  await runChange(db, { action: 'schema.activate', label: `extraction schema ${schema.title}`, documentId: null, now: options.now }, async (writer) => {
    const all = await db.schemas.toArray();
    const key = schemaKey(schema);
    const updates: StoredSchema[] = all.filter((s) => s.active && s.key !== key).map((s) => ({ ...s, active: false }));
    updates.push({ key, schema, active: true, importedAt: all.find((s) => s.key === key)?.importedAt ?? writer.now });
    await writer.putMany('schemas', updates);
  });
}

export function useActiveSchema(): ExtractionSchema {
  const db = useDatabase();
  const stored = useLiveQuery(() => db.schemas.toArray(), [db]);
  return stored?.find((s) => s.active)?.schema ?? DEFAULT_SCHEMA;
}
