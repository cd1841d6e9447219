/**
 * The overview's combined body map: the markers of the pupil's incidents the
 * viewer may view (the permission engine's SQL condition in the WHERE, never
 * a filter after fetching), newest incident first. Deleted and merged
 * incidents are left out, as on the overview's charts.
 */
import 'server-only';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { incidents, students } from '@/db/schema';
import type { AccessSubject } from '@/lib/access';
import { visibleIncidents } from '@/lib/incidents/visibility';
import type { BodyMapIncident } from './types';

export async function bodyMapFor(tx: Tx, subject: AccessSubject, studentId: string): Promise<BodyMapIncident[]> {
  return tx
    .select({
      incidentId: incidents.id,
      number: incidents.number,
      occurredAt: incidents.occurredAt,
      markers: incidents.markers,
    })
    .from(incidents)
    .innerJoin(students, eq(students.id, incidents.studentId))
    .where(
      and(
        eq(incidents.studentId, studentId),
        isNull(incidents.mergedIntoId),
        isNull(incidents.deletedAt),
        sql`jsonb_array_length(${incidents.markers}) > 0`,
        visibleIncidents(subject),
      ),
    )
    .orderBy(desc(incidents.occurredAt), desc(incidents.number));
}
