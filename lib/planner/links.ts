/**
 * What an event links to and who it is shared with, checked and brought in
 * line inside the saving transaction: colleagues must be able to use the
 * planner, pupils must be ones the person may open (those already linked that
 * they may not open are kept, unseen), a linked record one they may read.
 * Another school's ids are "not found" or refused by their field.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { incidentActions, incidents, plannerEventPupils, plannerEventShares, students } from '@/db/schema';
import { can, decide, staffSubjects, type AccessSubject } from '@/lib/access';
import { NotFoundError, UserError } from '@/lib/errors';
import { visibleIncidents } from '@/lib/incidents/visibility';
import { studentResource } from '@/lib/students/access';
import type { UserCtx } from '@/lib/tenancy/context';

export const CHECK_FIELDS = 'Check the highlighted fields.';

/** The fields the record links need: the event form's, or the one an add-incident or add-action form makes. */
interface RecordLink {
  incidentId?: string;
  actionId?: string;
}

export async function checkColleagues(tx: Tx, ctx: UserCtx, ids: readonly string[], now: Date): Promise<void> {
  const others = [...ids];
  if (others.length === 0) return;
  const subjects = await staffSubjects(tx, ctx.school, now, others);
  const refused = others.filter((id) => {
    const s = subjects.get(id);
    return !s || !decide(s, 'planner.use').allowed;
  });
  if (refused.length > 0)
    throw new UserError(CHECK_FIELDS, {
      sharedWith: ['Share only with colleagues who use the planner: choose them from the list.'],
    });
}

/**
 * The event's linked pupils this person may not open: an edit cannot show
 * them, so it keeps them rather than dropping what someone else linked.
 */
export async function pupilsKeptUnseen(
  tx: Tx,
  ctx: UserCtx,
  subject: AccessSubject,
  eventId: string,
): Promise<string[]> {
  const rows = await tx
    .select({
      id: students.id,
      schoolId: students.schoolId,
      tutorGroup: students.tutorGroup,
      yearGroup: students.yearGroup,
      archivedAt: students.archivedAt,
    })
    .from(plannerEventPupils)
    .innerJoin(
      students,
      and(eq(students.schoolId, plannerEventPupils.schoolId), eq(students.id, plannerEventPupils.studentId)),
    )
    .where(
      and(
        eq(plannerEventPupils.schoolId, ctx.school.id),
        eq(plannerEventPupils.eventId, eventId),
        isNull(plannerEventPupils.removedAt),
      ),
    );
  return rows.filter((r) => !can(subject, 'student.view', studentResource(r))).map((r) => r.id);
}

export async function checkPupils(tx: Tx, ctx: UserCtx, subject: AccessSubject, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await tx
    .select({
      id: students.id,
      schoolId: students.schoolId,
      tutorGroup: students.tutorGroup,
      yearGroup: students.yearGroup,
      archivedAt: students.archivedAt,
    })
    .from(students)
    .where(and(eq(students.schoolId, ctx.school.id), inArray(students.id, [...ids])));
  const ok = new Set(rows.filter((r) => can(subject, 'student.view', studentResource(r))).map((r) => r.id));
  if (ids.some((id) => !ok.has(id)))
    throw new UserError(CHECK_FIELDS, {
      pupils: ['Choose pupils from the list: one of them is not one you can open.'],
    });
}

/** The linked incident (and action on it) must be one the person may read; the event keeps the pupil's copy. */
export async function checkRecord(tx: Tx, ctx: UserCtx, subject: AccessSubject, d: RecordLink) {
  if (!d.incidentId) {
    if (d.actionId) throw new NotFoundError('record');
    return { incidentId: null, actionId: null };
  }
  const [inc] = await tx
    .select({ id: incidents.id })
    .from(incidents)
    .innerJoin(students, and(eq(students.schoolId, incidents.schoolId), eq(students.id, incidents.studentId)))
    .where(and(eq(incidents.schoolId, ctx.school.id), eq(incidents.id, d.incidentId), visibleIncidents(subject)))
    .limit(1);
  if (!inc) throw new NotFoundError('incident');
  if (d.actionId) {
    const [act] = await tx
      .select({ id: incidentActions.id })
      .from(incidentActions)
      .where(
        and(
          eq(incidentActions.schoolId, ctx.school.id),
          eq(incidentActions.id, d.actionId),
          eq(incidentActions.incidentId, inc.id),
          isNull(incidentActions.deletedAt),
        ),
      )
      .limit(1);
    if (!act) throw new NotFoundError('action');
  }
  return { incidentId: inc.id, actionId: d.actionId ?? null };
}

/**
 * The event's two join tables: people it is shared with, pupils it is about.
 * They have the same shape apart from the member column, so one sync serves
 * both (typed as the shares table; the pupils table's columns have the same
 * names and types).
 */
const LINKS = {
  shares: { table: plannerEventShares, member: 'userId' },
  pupils: { table: plannerEventPupils, member: 'studentId' },
} as const;
type Shape = { table: typeof plannerEventShares; member: 'userId' };

/** Replaces a join table's live set: rows no longer chosen get `removed_at`, new ones are added. */
export async function syncLinks(
  tx: Tx,
  kind: keyof typeof LINKS,
  schoolId: string,
  eventId: string,
  memberIds: readonly string[],
  now: Date,
) {
  const { table, member } = LINKS[kind] as unknown as Shape;
  const live = await tx
    .select({ id: table.id, memberId: table[member] })
    .from(table)
    .where(and(eq(table.schoolId, schoolId), eq(table.eventId, eventId), isNull(table.removedAt)));
  const gone = live.filter((r) => !memberIds.includes(r.memberId)).map((r) => r.id);
  if (gone.length > 0)
    await tx
      .update(table)
      .set({ removedAt: now })
      .where(and(eq(table.schoolId, schoolId), inArray(table.id, gone)));
  const have = new Set(live.map((r) => r.memberId));
  const add = memberIds.filter((m) => !have.has(m));
  if (add.length > 0)
    await tx
      .insert(table)
      .values(
        add.map(
          (m) => ({ schoolId, id: randomUUID(), eventId, [member]: m, createdAt: now }) as typeof table.$inferInsert,
        ),
      );
}
