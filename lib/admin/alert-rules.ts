/**
 * Admin → Users → a user → Alerts: the rules that alert someone about every
 * new incident in chosen categories, about chosen pupils, or about pupils in
 * chosen tutor or year groups (lib/incidents/recipients.ts applies them), and
 * "Remove dashboard alerts". Rules are rows: removing one marks it removed.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alertRules, alerts, categories, students } from '@/db/schema';
import type { Tx } from '@/db/scoped';
import { accessSubjectOf, type AccessSubject } from '@/lib/access';
import { NotFoundError } from '@/lib/errors';
import { visibleStudents } from '@/lib/students/queries';
import { formatPupilName, type NameStyle } from '@/lib/students/names';
import type { Ctx } from '@/lib/tenancy/context';
import { recordAdminEvent } from '@/lib/audit/admin-events';
import { requireAdmin } from './guard';
import { alertRulesInput, clearAlertsInput } from './schema';
import { findMemberOrThrow } from './user-queries';
import { isUuid } from '@/lib/ids';

export interface AlertRulesView {
  userId: string;
  displayName: string;
  categoryIds: string[];
  tutorGroups: string[];
  yearGroups: string[];
  /** The pupils of the person's rules whom the reader may list. */
  students: { id: string; name: string; group: string | null }[];
  /** Rules about pupils the reader may not list: counted, never named, and kept by a save. */
  hiddenStudents: number;
  liveAlerts: number;
  options: {
    categories: { id: string; name: string; parentName: string | null }[];
    tutorGroups: string[];
    yearGroups: string[];
  };
}

const natural = (a: string, b: string) => a.localeCompare(b, 'en-GB', { numeric: true, sensitivity: 'base' });

/**
 * Of these pupil ids, those the reader may list (the permission engine's
 * condition in SQL). Administration alone does not make someone a reader of
 * every pupil: a rule about a pupil out of their reach is neither named to
 * them nor theirs to add or remove.
 */
async function listablePupils(tx: Tx, subject: AccessSubject, ids: string[]) {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(students)
    .where(and(inArray(students.id, ids), visibleStudents(subject)));
}

export async function getAlertRules(ctx: Ctx, rawUserId: string, style: NameStyle): Promise<AlertRulesView> {
  requireAdmin(ctx);
  if (!isUuid(rawUserId)) throw new NotFoundError('user');
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const member = await findMemberOrThrow(tx, ctx.school.id, rawUserId);
    const rules = await tx
      .select()
      .from(alertRules)
      .where(and(eq(alertRules.userId, member.userId), isNull(alertRules.removedAt)));
    const studentIds = rules.flatMap((r) => (r.studentId ? [r.studentId] : []));
    const pupils = await listablePupils(tx, subject, studentIds);
    const cats = await tx
      .select({ id: categories.id, name: categories.name, parentId: categories.parentId })
      .from(categories)
      .where(isNull(categories.archivedAt))
      .orderBy(asc(categories.sortOrder), asc(categories.name));
    const parentName = new Map(cats.map((c) => [c.id, c.name]));
    const groups = await tx
      .selectDistinct({ tutor: students.tutorGroup, year: students.yearGroup })
      .from(students)
      .where(isNull(students.archivedAt));
    const [live] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(alerts)
      .where(and(eq(alerts.userId, member.userId), isNull(alerts.readAt), isNull(alerts.clearedAt)));
    return {
      userId: member.userId,
      displayName: member.displayName,
      categoryIds: rules.flatMap((r) => (r.kind === 'category' && r.categoryId ? [r.categoryId] : [])),
      tutorGroups: rules.flatMap((r) => (r.kind === 'tutor_group' && r.groupName ? [r.groupName] : [])),
      yearGroups: rules.flatMap((r) => (r.kind === 'year_group' && r.groupName ? [r.groupName] : [])),
      students: pupils.map((p) => ({ id: p.id, name: formatPupilName(p, style), group: p.tutorGroup ?? p.yearGroup })),
      hiddenStudents: studentIds.length - pupils.length,
      liveAlerts: live?.n ?? 0,
      options: {
        // Parents first, each followed by its sub-categories.
        categories: cats
          .filter((c) => !c.parentId)
          .flatMap((p) => [
            { id: p.id, name: p.name, parentName: null },
            ...cats
              .filter((c) => c.parentId === p.id)
              .map((c) => ({ id: c.id, name: c.name, parentName: parentName.get(p.id) ?? null })),
          ]),
        tutorGroups: [...new Set(groups.flatMap((g) => (g.tutor ? [g.tutor] : [])))].sort(natural),
        yearGroups: [...new Set(groups.flatMap((g) => (g.year ? [g.year] : [])))].sort(natural),
      },
    };
  });
}

type RuleKey = string;
const keyOf = (r: {
  kind: string;
  categoryId?: string | null;
  studentId?: string | null;
  groupName?: string | null;
}): RuleKey => `${r.kind}:${r.categoryId ?? r.studentId ?? r.groupName}`;

export async function updateAlertRules(
  ctx: Ctx,
  input: unknown,
  now = new Date(),
): Promise<{ added: number; removed: number }> {
  requireAdmin(ctx);
  const data = alertRulesInput.parse(input);
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const member = await findMemberOrThrow(tx, ctx.school.id, data.userId);
    if (data.categoryIds.length > 0) {
      const found = await tx
        .select({ id: categories.id })
        .from(categories)
        .where(inArray(categories.id, data.categoryIds));
      if (found.length !== data.categoryIds.length) throw new NotFoundError('category');
    }
    const rules = await tx
      .select()
      .from(alertRules)
      .where(and(eq(alertRules.userId, member.userId), isNull(alertRules.removedAt)));
    const ruledPupils = rules.flatMap((r) => (r.studentId ? [r.studentId] : []));
    const reachable = new Set(
      (await listablePupils(tx, subject, [...new Set([...data.studentIds, ...ruledPupils])])).map((p) => p.id),
    );
    // Only pupils the reader may list can be chosen; any other id is "not found", as if it did not exist.
    if (!data.studentIds.every((id) => reachable.has(id))) throw new NotFoundError('pupil');
    const wanted = [
      ...data.categoryIds.map((categoryId) => ({ kind: 'category' as const, categoryId })),
      ...data.studentIds.map((studentId) => ({ kind: 'student' as const, studentId })),
      ...data.tutorGroups.map((groupName) => ({ kind: 'tutor_group' as const, groupName })),
      ...data.yearGroups.map((groupName) => ({ kind: 'year_group' as const, groupName })),
    ];
    // Rules about pupils out of the reader's reach were not on their form: they stay as they are.
    const current = rules.filter((r) => !r.studentId || reachable.has(r.studentId));
    const currentKeys = new Map(current.map((r) => [keyOf(r), r.id]));
    const wantedKeys = new Set(wanted.map(keyOf));
    const toAdd = wanted.filter((w) => !currentKeys.has(keyOf(w)));
    const toRemove = current.filter((r) => !wantedKeys.has(keyOf(r))).map((r) => r.id);
    if (toRemove.length > 0)
      await tx.update(alertRules).set({ removedAt: now }).where(inArray(alertRules.id, toRemove));
    if (toAdd.length > 0) {
      await tx.insert(alertRules).values(
        toAdd.map((w) => ({
          id: randomUUID(),
          schoolId: ctx.school.id,
          userId: member.userId,
          createdBy: ctx.user.id,
          createdAt: now,
          ...w,
        })),
      );
    }
    if (toAdd.length + toRemove.length > 0) {
      await recordAdminEvent(tx, ctx, {
        action: 'admin.alert_rules_changed',
        entityType: 'user',
        entityId: member.userId,
        details: { added: toAdd.map(keyOf), removed: current.filter((r) => toRemove.includes(r.id)).map(keyOf) },
        at: now,
      });
    }
    return { added: toAdd.length, removed: toRemove.length };
  });
}

/** "Remove dashboard alerts": every live alert of the person leaves their dashboard (kept, marked cleared). */
export async function clearDashboardAlerts(ctx: Ctx, input: unknown, now = new Date()): Promise<{ cleared: number }> {
  requireAdmin(ctx);
  const data = clearAlertsInput.parse(input);
  return ctx.run(async (tx) => {
    const member = await findMemberOrThrow(tx, ctx.school.id, data.userId);
    const rows = await tx
      .update(alerts)
      .set({ clearedAt: now })
      .where(and(eq(alerts.userId, member.userId), isNull(alerts.readAt), isNull(alerts.clearedAt)))
      .returning({ id: alerts.id });
    if (rows.length > 0) {
      await recordAdminEvent(tx, ctx, {
        action: 'admin.alerts_cleared',
        entityType: 'user',
        entityId: member.userId,
        details: { cleared: rows.length },
        at: now,
      });
    }
    return { cleared: rows.length };
  });
}
