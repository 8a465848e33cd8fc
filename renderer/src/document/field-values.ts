// Turning tagged text (or text typed by hand) into a field tag: the value read by the shared
// normalizers, with its status and the reason when it needs the reviewer's confirmation.
import { normalizeValue } from '@shared/fields/normalize';
import type { ExtractionSchema, FieldDefinition } from '@shared/fields/types';
import type { AreaSelector, FieldTag } from '@shared/model';
import { schemaKey } from '../db/schemas';

/** A tag from text the reviewer selected in the article. */
export function tagFromQuote(schema: ExtractionSchema, field: FieldDefinition, quote: string): FieldTag {
  const result = normalizeValue(field, quote);
  if (!result.ok) {
    return { fieldKey: field.key, schemaId: schemaKey(schema), value: null, status: 'needs-confirmation', reason: result.reason, qualifier: null };
  }
  return {
    fieldKey: field.key,
    schemaId: schemaKey(schema),
    value: result.value,
    status: result.needsConfirmation ? 'needs-confirmation' : 'parsed',
    reason: result.needsConfirmation ? result.reason : null,
    qualifier: null,
  };
}

/**
 * A value read off an area of a page (a table cell, a figure): what the reviewer typed from it, read
 * with the same normalizers and marked as entered by hand; with nothing typed, or nothing readable,
 * an unread value that says why, so it asks for the reviewer in the form.
 */
export function tagFromArea(schema: ExtractionSchema, field: FieldDefinition, typed: string, area: Pick<AreaSelector, 'page'>): FieldTag {
  const base = { fieldKey: field.key, schemaId: schemaKey(schema), qualifier: null };
  if (typed.trim() === '') return { ...base, value: null, status: 'needs-confirmation', reason: `Read from an area on page ${area.page}: type the value it shows.` };
  const result = normalizeValue(field, typed);
  if (!result.ok) return { ...base, value: null, status: 'needs-confirmation', reason: result.reason };
  return { ...base, value: result.value, status: 'manual', reason: null };
}

/** A value the reviewer typed: read with the same normalizers, marked as entered by hand. */
export function tagFromTyped(
  schema: ExtractionSchema,
  field: FieldDefinition,
  typed: string,
  qualifier: string | null,
): { ok: true; tag: FieldTag } | { ok: false; reason: string } {
  const result = normalizeValue(field, typed);
  if (!result.ok) return { ok: false, reason: result.reason };
  return { ok: true, tag: { fieldKey: field.key, schemaId: schemaKey(schema), value: result.value, status: 'manual', reason: null, qualifier } };
}
