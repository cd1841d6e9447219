/**
 * A person's dashboard alerts: who alerted them, about which pupil, in which
 * categories, when. Live alerts only (not read, not cleared). The alert itself
 * is the way in for a non-key user, so listing it needs no other permission;
 * the categories shown are the incident's own.
 */
import 'server-only';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { alerts, incidents, students, users } from '@/db/schema';
import { lozengeTextColour } from '@/lib/access';
import { shownAuthorName } from '@/lib/incidents/author';
import { categoriesOn } from '@/lib/incidents/categories';
import { pupilNameColumns } from '@/lib/students/name-columns';
import { formatPupilName, type NameStyle } from '@/lib/students/names';
import type { UserCtx } from '@/lib/tenancy/context';

export interface AlertItem {
  id: string;
  incidentId: string;
  actionId: string | null;
  incidentNumber: number;
  studentName: string;
  raisedBy: string | null;
  at: Date;
  categories: { name: string; colour: string; textColour: string }[];
}

const raiser = alias(users, 'raiser');

export async function listMyAlerts(ctx: UserCtx, style: NameStyle): Promise<AlertItem[]> {
  return ctx.run(async (tx) => {
    const rows = await tx
      .select({
        id: alerts.id,
        incidentId: alerts.incidentId,
        actionId: alerts.actionId,
        at: alerts.createdAt,
        // An integration's incident has no person who raised it: its product's name stands in.
        raisedBy: shownAuthorName(incidents.externalAuthor, raiser.displayName),
        number: incidents.number,
        pupil: pupilNameColumns,
      })
      .from(alerts)
      .innerJoin(incidents, eq(incidents.id, alerts.incidentId))
      .innerJoin(students, eq(students.id, incidents.studentId))
      .leftJoin(raiser, eq(raiser.id, alerts.raisedBy))
      // A deleted incident takes its alerts off every dashboard.
      .where(
        and(
          eq(alerts.userId, ctx.user.id),
          isNull(alerts.readAt),
          isNull(alerts.clearedAt),
          isNull(incidents.deletedAt),
          isNull(incidents.mergedIntoId),
        ),
      )
      .orderBy(desc(alerts.createdAt))
      .limit(200);
    const ids = [...new Set(rows.map((r) => r.incidentId))];
    const cats = await categoriesOn(tx, ids);
    return rows.map((r) => ({
      id: r.id,
      incidentId: r.incidentId,
      actionId: r.actionId,
      incidentNumber: r.number,
      studentName: formatPupilName(r.pupil, style),
      raisedBy: r.raisedBy,
      at: r.at,
      categories: cats
        .filter((c) => c.incidentId === r.incidentId)
        .map((c) => ({ name: c.name, colour: c.colour, textColour: lozengeTextColour(c.colour) })),
    }));
  });
}
