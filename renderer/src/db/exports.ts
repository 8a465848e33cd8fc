// What an export is made from, read in one transaction so it is one consistent picture.
import type { ExportInput } from '@shared/evidence';
import type { DocumentId } from '@shared/model';
import type { MarginDatabase } from './database';
import { listDocuments } from './documents';
import { getActiveSchema } from './schemas';
import { reviewerNames, KNOWN_REVIEWERS_KEY } from './reviewers';
import { REVIEWER_KEY } from './funnel';
import { COLOR_MEANINGS_KEY, mergeColorMeanings } from './settings';
import { loadAllInstances } from './instances';
import { readBlindingContext } from './reviews';
import { visibleAnnotations } from '@shared/review/blinding';

/**
 * The records an export of `documentIds` (or of every document) is made from, read in one
 * transaction. Documents keep library order; ids no longer stored are left out.
 */
export async function loadExportInput(db: MarginDatabase, documentIds: readonly DocumentId[] | 'all', generatedAt: string): Promise<ExportInput> {
  return db.transaction('r', [db.documents, db.texts, db.annotations, db.statuses, db.schemas, db.settings, db.reviews, db.progress], async () => {
    const library = await listDocuments(db);
    const wanted = documentIds === 'all' ? null : new Set(documentIds);
    const documents = wanted ? library.filter((d) => wanted.has(d.id)) : library;
    const ids = documents.map((d) => d.id);
    const [texts, stored, statuses, schema, meanings, [known, current], instances, blinding] = await Promise.all([
      db.texts.bulkGet(ids),
      wanted ? db.annotations.where('documentId').anyOf(ids).toArray() : db.annotations.toArray(),
      wanted ? db.statuses.bulkGet(ids) : db.statuses.toArray(),
      getActiveSchema(db),
      db.settings.get(COLOR_MEANINGS_KEY),
      db.settings.bulkGet([KNOWN_REVIEWERS_KEY, REVIEWER_KEY]),
      loadAllInstances(db),
      readBlindingContext(db),
    ]);
    // Blinded: an export carries only what this reviewer may see (never a colleague's values early).
    const annotations = [...visibleAnnotations(blinding, stored)];
    return {
      documents,
      texts: texts.filter((t) => t !== undefined),
      annotations,
      statuses: statuses.filter((s) => s !== undefined),
      schema,
      colorMeanings: mergeColorMeanings(meanings?.value),
      generatedAt,
      reviewers: reviewerNames(known, current, annotations, blinding.reviews.flatMap((r) => r.members)),
      instances,
      progress: blinding.progress.filter((p) => ids.includes(p.documentId)).map(({ reviewId, documentId, reviewerId, status, updatedAt }) => ({ reviewId, documentId, reviewerId, status, updatedAt })),
    };
  });
}
