/**
 * Files attached to incidents and actions, as their records list them. The
 * rule for who may read one is lib/access `documentReadableCondition`; the
 * columns it is given are built here once, for these lists and for the
 * vault's (lib/vault/queries.ts).
 */
import 'server-only';
import { and, asc, inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { documents, incidentActions, incidents } from '@/db/schema';
import { documentReadableCondition, type DocumentColumns } from '@/lib/access';

/** The documents table's columns as the document rule reads them. */
export const DOCUMENT_COLUMNS: DocumentColumns = {
  source: documents.source,
  deleted: sql`${documents.deletedAt} is not null`,
  actionDeleted: sql`exists (select 1 from ${incidentActions} where ${incidentActions.schoolId} = ${documents.schoolId} and ${incidentActions.id} = ${documents.actionId} and ${incidentActions.deletedAt} is not null)`,
  transferred: sql`${documents.transferId} is not null`,
};

/**
 * The live files of these incidents (already decided visible to the reader)
 * and of their live actions: the document rule with the record visible, so a
 * pending upload, a removed file or a deleted action's file is never listed.
 * An incident merged into one of them lives on there, and so do its files
 * (the vault reads them through it too): they are listed under the incident
 * they joined, `mergedFromNumber` saying where they came from.
 */
export async function filesOf(tx: Tx, incidentIds: string[]) {
  if (incidentIds.length === 0) return [];
  const merged = await tx
    .select({ id: incidents.id, number: incidents.number, intoId: incidents.mergedIntoId })
    .from(incidents)
    .where(inArray(incidents.mergedIntoId, incidentIds));
  const from = new Map(merged.map((m) => [m.id, m]));
  const rows = await tx
    .select({
      id: documents.id,
      incidentId: sql<string>`${documents.incidentId}`,
      actionId: documents.actionId,
      name: documents.originalName,
      size: documents.byteSize,
    })
    .from(documents)
    .where(
      and(
        inArray(documents.incidentId, [...incidentIds, ...from.keys()]),
        inArray(documents.source, ['incident', 'action']),
        documentReadableCondition(DOCUMENT_COLUMNS, sql`true`, { deletedVaultFiles: false }),
      ),
    )
    .orderBy(asc(documents.uploadedAt), asc(documents.originalName));
  return rows.map((r) => {
    const m = from.get(r.incidentId);
    return { ...r, incidentId: m?.intoId ?? r.incidentId, mergedFromNumber: m ? m.number : null };
  });
}
