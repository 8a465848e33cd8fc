// The instances of each document's repeating sections (patients, arms, time points): one record per
// document in the settings table (`instances:<document id>`), so the list and its labels are audited,
// undoable in the document's history and carried by every backup without a table of their own.
// Values point at an instance by its id (FieldTag.instance); this list orders and names them.
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { nextInstanceId, readInstanceList, tidyInstanceLabel } from '@shared/fields/instances';
import type { InstanceRecord } from '@shared/fields/instances';
import type { RepeatKind } from '@shared/fields/types';
import type { Annotation, DocumentId, Setting } from '@shared/model';
import { useDatabase } from './context';
import type { MarginDatabase } from './database';
import { runChange } from './funnel';
import type { ChangeWriter } from './funnel';

export const INSTANCES_PREFIX = 'instances:';

export function instancesKey(documentId: DocumentId): string {
  return `${INSTANCES_PREFIX}${documentId}`;
}

async function storedList(writer: ChangeWriter, documentId: DocumentId): Promise<InstanceRecord[]> {
  return readInstanceList((await writer.get<Setting>('settings', instancesKey(documentId)))?.value);
}

/** The live values of a document that point at an instance, read inside the action's transaction. */
async function valuesWithInstances(db: MarginDatabase, documentId: DocumentId): Promise<Annotation[]> {
  const all = await db.annotations.where('documentId').equals(documentId).toArray();
  return all.filter((a) => a.deletedAt === null && a.field?.instance);
}

async function saveList(writer: ChangeWriter, documentId: DocumentId, list: readonly InstanceRecord[]): Promise<void> {
  await writer.put<Setting>('settings', { key: instancesKey(documentId), value: list.map(({ id, kind, label }) => ({ id, kind, label })) });
}

/** Adds a patient, arm or time point to a document; its id is one above every id in use (listed or on a value). */
export async function addInstance(db: MarginDatabase, documentId: DocumentId, kind: RepeatKind, label = '', options: { now?: string } = {}): Promise<InstanceRecord> {
  return runChange(db, { action: 'instance.add', label: 'add instance', documentId, now: options.now }, async (writer) => {
    if (!(await writer.get('documents', documentId))) throw new Error('That document is no longer in the library.');
    const list = await storedList(writer, documentId);
    // Ids values point at count too (and tombstoned ones, which undo may bring back): an id is never given twice.
    const all = await db.annotations.where('documentId').equals(documentId).toArray();
    const used = [...list.map((i) => i.id), ...all.flatMap((a) => (a.field?.instance ? [a.field.instance] : []))];
    const id = nextInstanceId(kind, used);
    const record: InstanceRecord = { id, kind, label: tidyInstanceLabel(id, label) };
    await saveList(writer, documentId, [...list, record]);
    return record;
  });
}

/**
 * Renames an instance. An instance known only from its values (imported, or listed nowhere yet)
 * joins the list with its new name.
 */
export async function renameInstance(db: MarginDatabase, documentId: DocumentId, instance: Pick<InstanceRecord, 'id' | 'kind'>, label: string, options: { now?: string } = {}): Promise<void> {
  await runChange(db, { action: 'instance.rename', label: 'rename instance', documentId, now: options.now }, async (writer) => {
    const list = await storedList(writer, documentId);
    const renamed = { id: instance.id, kind: instance.kind, label: tidyInstanceLabel(instance.id, label) };
    const at = list.findIndex((i) => i.id === instance.id);
    await saveList(writer, documentId, at === -1 ? [...list, renamed] : list.map((i, n) => (n === at ? renamed : i)));
  });
}

/**
 * Removes an instance from a document as one action. Its values are never dropped unasked: with
 * `values: 'keep'` they stay, belonging to no instance ("Not assigned"), with `values: 'remove'` they
 * are deleted (tombstoned, so undo brings them and the instance back together).
 */
export async function removeInstance(
  db: MarginDatabase,
  documentId: DocumentId,
  instanceId: string,
  values: 'keep' | 'remove',
  options: { now?: string } = {},
): Promise<{ values: number }> {
  return runChange(db, { action: 'instance.remove', label: 'remove instance', documentId, now: options.now }, async (writer) => {
    const list = await storedList(writer, documentId);
    await saveList(writer, documentId, list.filter((i) => i.id !== instanceId));
    const own = (await valuesWithInstances(db, documentId)).filter((a) => a.field!.instance === instanceId);
    const who = writer.reviewerId ? { modifiedBy: writer.reviewerId } : {};
    const changed = own.map((a): Annotation =>
      values === 'remove'
        ? { ...a, deletedAt: writer.now, modifiedAt: writer.now, ...who }
        : { ...a, field: { ...a.field!, instance: null }, modifiedAt: writer.now, ...who },
    );
    await writer.putMany('annotations', changed);
    return { values: own.length };
  });
}

/** A document's stored instances, in order; undefined while reading. */
export function useDocumentInstances(documentId: DocumentId | null): InstanceRecord[] | undefined {
  const db = useDatabase();
  const stored = useLiveQuery(async () => (documentId ? ((await db.settings.get(instancesKey(documentId))) ?? null) : null), [db, documentId]);
  return useMemo(() => (stored === undefined ? undefined : readInstanceList(stored?.value)), [stored]);
}

/** Every document's stored instances, for the table and the exports. */
export async function loadAllInstances(db: MarginDatabase): Promise<Map<DocumentId, InstanceRecord[]>> {
  const records = await db.settings.where('key').startsWith(INSTANCES_PREFIX).toArray();
  return new Map(records.map((r) => [r.key.slice(INSTANCES_PREFIX.length) as DocumentId, readInstanceList(r.value)]));
}
