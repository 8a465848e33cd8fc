// The active extraction schema for the first screen (the library's completeness): the default
// schema (4 KB gzip of field definitions) is fetched only when no schema was ever stored, so it is
// not in the start path's JavaScript; the read of the stored schemas runs meanwhile.
import type { ExtractionSchema } from '@shared/fields/types';
import type { MarginDatabase } from './database';

/** The active schema, or the default one when none was ever stored. */
export async function getActiveSchema(db: MarginDatabase): Promise<ExtractionSchema> {
  const fallback = import('@shared/fields/default-schema');
  fallback.catch(() => undefined); // awaited below only when needed; a failed fetch is reported there
  const all = await db.schemas.toArray();
  return all.find((s) => s.active)?.schema ?? (await fallback).DEFAULT_SCHEMA;
}
