// Extraction schema repository: every imported schema version is kept; exactly one is active.
// Changing the schema never touches stored values: values of removed fields stay, listed apart.
import { useLiveQuery } from 'dexie-react-hooks';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { parseSchemaJson } from '@shared/fields/schema';
import type { ExtractionSchema } from '@shared/fields/types';
import type { StoredSchema } from '@shared/model';
import { useDatabase } from './context';
import type { MarginDatabase } from './database';

export function schemaKey(schema: ExtractionSchema): string {
  return `${schema.id}@${schema.version}`;
}

/** The active schema, or the default one when none was ever stored. */
export async function getActiveSchema(db: MarginDatabase): Promise<ExtractionSchema> {
  const all = await db.schemas.toArray();
  return all.find((s) => s.active)?.schema ?? DEFAULT_SCHEMA;
}

/**
 * Validates a schema file and makes it the active schema in one transaction. An invalid file
 * changes nothing and returns a message that names the wrong field.
 */
export async function importSchema(db: MarginDatabase, json: string, now: string): Promise<{ ok: true; schema: ExtractionSchema } | { ok: false; message: string }> {
  const parsed = parseSchemaJson(json);
  if (!parsed.ok) return parsed;
  await activateSchema(db, parsed.schema, now);
  return parsed;
}

export async function activateSchema(db: MarginDatabase, schema: ExtractionSchema, now: string): Promise<void> {
  await db.transaction('rw', db.schemas, async () => {
    const all = await db.schemas.toArray();
    const key = schemaKey(schema);
    const updates: StoredSchema[] = all.filter((s) => s.active && s.key !== key).map((s) => ({ ...s, active: false }));
    updates.push({ key, schema, active: true, importedAt: all.find((s) => s.key === key)?.importedAt ?? now });
    await db.schemas.bulkPut(updates);
  });
}

export function useActiveSchema(): ExtractionSchema {
  const db = useDatabase();
  const stored = useLiveQuery(() => db.schemas.toArray(), [db]);
  return stored?.find((s) => s.active)?.schema ?? DEFAULT_SCHEMA;
}
