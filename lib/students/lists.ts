/**
 * The key holder's lists of pupils: "Monitored students" (everyone currently
 * monitored in a category the viewer may see), a class register (the
 * school's dashboard group type: tutor or year group), and a category list;
 * with the groups and categories to offer as filters and their counts. Every
 * row and every count comes through the permission engine's SQL conditions.
 */
import 'server-only';
import { and, count, countDistinct, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { categories, monitoringPeriods, students } from '@/db/schema';
import { accessSubjectOf, lozengeTextColour, mayViewMonitoring, monitoringCategoryCondition } from '@/lib/access';
import { categoryFamilyOrder, parentCategory, parentCategoryJoin } from './category-order';
import type { UserCtx } from '@/lib/tenancy/context';
import { FOUND_COLUMNS, foundPage, nameOrder, type FoundStudent } from './found';
import { archivedFilter, monitoredCondition, visibleStudents } from './visible';

/** A year group is a few hundred pupils; a list longer than this asks for a filter. */
export const LIST_LIMIT = 500;

export const studentListFilterInput = z.strictObject({
  group: z.string().trim().max(60).optional(),
  categoryId: z.uuid().optional(),
  includeArchived: z.boolean().optional(),
});
export type StudentListFilter = z.infer<typeof studentListFilterInput>;

export type GroupKind = 'tutor' | 'year';

export interface StudentList {
  /** What the list is: everyone monitored, a class register, a category list, or a register narrowed to a category. */
  kind: 'monitored' | 'group' | 'category' | 'group-category';
  groupKind: GroupKind;
  items: FoundStudent[];
  /** Every pupil the filter matches (the items stop at LIST_LIMIT). */
  total: number;
  truncated: boolean;
}

export interface GroupOption {
  name: string;
  pupils: number;
}

export interface CategoryOption {
  id: string;
  name: string;
  colour: string;
  textColour: string;
  parentId: string | null;
  /** Pupils currently monitored in it (with its sub-categories, for a top-level one) whom the viewer may list. */
  pupils: number;
}

const groupColumn = (kind: GroupKind) => (kind === 'year' ? students.yearGroup : students.tutorGroup);

function groupKindOf(ctx: UserCtx): GroupKind {
  return ctx.school.settings.dashboardGroupType;
}

export async function listStudents(ctx: UserCtx, filter: StudentListFilter = {}): Promise<StudentList> {
  const f = studentListFilterInput.parse(filter);
  const subject = await accessSubjectOf(ctx);
  const groupKind = groupKindOf(ctx);
  const group = f.group || undefined;
  const conditions = [visibleStudents(subject), archivedFilter(f.includeArchived ?? false)];
  if (group) conditions.push(eq(groupColumn(groupKind), group));
  // A register lists the whole class; without a group, only monitored pupils are listed.
  if (f.categoryId || !group) conditions.push(monitoredCondition(subject, f.categoryId));
  const where = and(...conditions);
  const kind: StudentList['kind'] = group
    ? f.categoryId
      ? 'group-category'
      : 'group'
    : f.categoryId
      ? 'category'
      : 'monitored';
  return ctx.run(async (tx) => {
    const [totalRow] = await tx.select({ n: count() }).from(students).where(where);
    const rows = await tx
      .select(FOUND_COLUMNS)
      .from(students)
      .where(where)
      .orderBy(...nameOrder(ctx.school.settings.nameSource))
      .limit(LIST_LIMIT + 1);
    const { items, truncated } = await foundPage(tx, subject, rows, LIST_LIMIT);
    return { kind, groupKind, items, total: totalRow?.n ?? 0, truncated };
  });
}

const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

/** The groups "Filter by group" offers: only those with a pupil the viewer may list, in natural order (7A before 10A). */
export async function listGroupOptions(
  ctx: UserCtx,
  opts: { includeArchived?: boolean } = {},
): Promise<{ kind: GroupKind; groups: GroupOption[] }> {
  const subject = await accessSubjectOf(ctx);
  const kind = groupKindOf(ctx);
  const col = groupColumn(kind);
  const rows = await ctx.run((tx) =>
    tx
      .select({ name: col, pupils: count() })
      .from(students)
      .where(and(visibleStudents(subject), archivedFilter(opts.includeArchived ?? false), isNotNull(col)))
      .groupBy(col),
  );
  const groups = rows.filter((r): r is GroupOption => r.name !== null).sort((a, b) => collator.compare(a.name, b.name));
  return { kind, groups };
}

/**
 * The categories whose monitoring the viewer may see (not archived), in the
 * school's order with sub-categories after their parent, each with the number
 * of pupils the viewer may list who are monitored in it now.
 */
export async function listCategoryOptions(
  ctx: UserCtx,
  opts: { includeArchived?: boolean } = {},
): Promise<CategoryOption[]> {
  const subject = await accessSubjectOf(ctx);
  if (!mayViewMonitoring(subject)) return [];
  const running = and(
    eq(monitoringPeriods.schoolId, subject.schoolId),
    isNull(monitoringPeriods.endedOn),
    monitoringCategoryCondition(subject, monitoringPeriods.categoryId),
    visibleStudents(subject),
    archivedFilter(opts.includeArchived ?? false),
  );
  const fromRunning = (tx: Parameters<Parameters<UserCtx['run']>[0]>[0]) =>
    tx
      .select({
        categoryId: monitoringPeriods.categoryId,
        parentId: categories.parentId,
        studentId: monitoringPeriods.studentId,
      })
      .from(monitoringPeriods)
      .innerJoin(
        students,
        and(eq(students.schoolId, monitoringPeriods.schoolId), eq(students.id, monitoringPeriods.studentId)),
      )
      .innerJoin(
        categories,
        and(eq(categories.schoolId, monitoringPeriods.schoolId), eq(categories.id, monitoringPeriods.categoryId)),
      )
      .where(running)
      .as('running');
  return ctx.run(async (tx) => {
    const list = await tx
      .select({ id: categories.id, name: categories.name, colour: categories.colour, parentId: categories.parentId })
      .from(categories)
      .leftJoin(parentCategory, parentCategoryJoin)
      .where(
        and(
          eq(categories.schoolId, subject.schoolId),
          isNull(categories.archivedAt),
          monitoringCategoryCondition(subject, categories.id),
        ),
      )
      .orderBy(...categoryFamilyOrder());
    const r = fromRunning(tx);
    const direct = await tx
      .select({ id: r.categoryId, n: countDistinct(r.studentId) })
      .from(r)
      .groupBy(r.categoryId);
    const family = await tx
      .select({ id: sql<string>`coalesce(${r.parentId}, ${r.categoryId})`, n: countDistinct(r.studentId) })
      .from(r)
      .groupBy(sql`coalesce(${r.parentId}, ${r.categoryId})`);
    const directN = new Map(direct.map((d) => [d.id, d.n]));
    const familyN = new Map(family.map((d) => [d.id, d.n]));
    return list.map((c) => ({
      ...c,
      textColour: lozengeTextColour(c.colour),
      pupils: (c.parentId === null ? familyN.get(c.id) : directN.get(c.id)) ?? 0,
    }));
  });
}
