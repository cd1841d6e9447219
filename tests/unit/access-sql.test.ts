/**
 * The SQL conditions and `can` must agree on every row: a list that showed a
 * row `can` refuses is a leak, a list that hid one `can` allows is a lost
 * record. Proven here over a generated matrix of subjects × rows, executed on an
 * in-memory PGlite with stand-in tables shaped like the later features' (the
 * builders take the caller's columns, so the real tables plug in the same way).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { eq, sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { PgDialect, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import {
  INCIDENT_ACTIONS,
  STUDENT_ACTIONS,
  can,
  incidentCategoryLink,
  incidentVisibilityCondition,
  makeAccessSubject,
  monitoringCategoryCondition,
  studentVisibilityCondition,
  type AccessSubject,
  type AccessSubjectInput,
  type IncidentResource,
  type StudentResource,
} from '@/lib/access';
import { DEFAULT_CATEGORIES, defaultCategoryPermission } from '@/lib/access/default-categories';
import { DEFAULT_USER_GROUPS } from '@/lib/schools/defaults';

const students = pgTable('acc_students', {
  id: uuid('id').primaryKey(),
  schoolId: uuid('school_id').notNull(),
  tutorGroup: text('tutor_group'),
  yearGroup: text('year_group'),
  archivedAt: timestamp('archived_at', { withTimezone: true }),
});
const incidents = pgTable('acc_incidents', {
  id: uuid('id').primaryKey(),
  schoolId: uuid('school_id').notNull(),
  studentId: uuid('student_id').notNull(),
  authorId: uuid('author_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
});
const incidentCategories = pgTable('acc_incident_categories', {
  schoolId: uuid('school_id').notNull(),
  incidentId: uuid('incident_id').notNull(),
  categoryId: uuid('category_id').notNull(),
});

const DDL = `
  create table acc_students (id uuid primary key, school_id uuid not null, tutor_group text, year_group text, archived_at timestamptz);
  create table acc_incidents (id uuid primary key, school_id uuid not null, student_id uuid not null references acc_students(id),
    author_id uuid, created_at timestamptz not null, deleted_at timestamptz);
  create table acc_incident_categories (school_id uuid not null, incident_id uuid not null references acc_incidents(id),
    category_id uuid not null, primary key (school_id, incident_id, category_id));
`;

const studentCols = {
  schoolId: students.schoolId,
  tutorGroup: students.tutorGroup,
  yearGroup: students.yearGroup,
  archived: sql`${students.archivedAt} is not null`,
};
const incidentCols = {
  schoolId: incidents.schoolId,
  incidentId: incidents.id,
  authorId: incidents.authorId,
  createdAt: incidents.createdAt,
  tutorGroup: students.tutorGroup,
  yearGroup: students.yearGroup,
  studentArchived: sql`${students.archivedAt} is not null`,
  deleted: sql`${incidents.deletedAt} is not null`,
};
const link = incidentCategoryLink(incidentCategories, {
  schoolId: incidentCategories.schoolId,
  incidentId: incidentCategories.incidentId,
  categoryId: incidentCategories.categoryId,
});

/** Deterministic UUIDs, distinguishable by kind in a failure message. */
const id = (kind: number, n: number) =>
  `00000000-0000-4000-8000-${kind.toString(16).padStart(4, '0')}${n.toString(16).padStart(8, '0')}`;
const SCHOOL_A = id(1, 1);
const SCHOOL_B = id(1, 2);
const ME = id(2, 1);
const OTHER = id(2, 2);
const NOW = new Date('2025-03-10T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

/** Category name → id; "Legacy" is a category no group has rights in (a transferred file). */
const CATEGORY_IDS = new Map<string, string>();
for (const top of DEFAULT_CATEGORIES)
  for (const name of [top.name, ...top.children]) CATEGORY_IDS.set(name, id(3, CATEGORY_IDS.size + 1));
CATEGORY_IDS.set('Legacy', id(3, 999));
const cat = (name: string) => CATEGORY_IDS.get(name) ?? '';
const TOP_OF = new Map<string, string>();
for (const top of DEFAULT_CATEGORIES) for (const name of [top.name, ...top.children]) TOP_OF.set(name, top.name);

interface StudentRow extends StudentResource {
  id: string;
}

const STUDENTS: StudentRow[] = [];
for (const schoolId of [SCHOOL_A, SCHOOL_B])
  for (const tutorGroup of ['7A', '8B', null])
    for (const yearGroup of ['Year 7', 'Year 8', null])
      for (const archived of [false, true])
        STUDENTS.push({ id: id(4, STUDENTS.length + 1), schoolId, tutorGroup, yearGroup, archived });

const CATEGORY_SETS: string[][] = [
  [],
  ['Behaviour'],
  ['Child Protection'],
  ['Behaviour', 'Child Protection'],
  ['Neglect'],
  ['Prevent'],
  ['Behaviour', 'Other'],
  ['Domestic Abuse', 'Behaviour'],
  ['Legacy'],
  ['Behaviour', 'Legacy'],
];
const AGES = [60 * 60 * 1000, 7 * DAY, 7 * DAY + 1, 30 * DAY];

const INCIDENTS: IncidentResource[] = [];
let n = 0;
for (const names of CATEGORY_SETS)
  for (const deleted of [false, true])
    for (const authorId of [ME, OTHER, null])
      for (const age of AGES) {
        const student = STUDENTS[(n * 7) % STUDENTS.length] as StudentRow;
        INCIDENTS.push({
          id: id(5, ++n),
          schoolId: student.schoolId,
          categoryIds: names.map(cat),
          authorId,
          createdAt: new Date(NOW.getTime() - age),
          studentTutorGroup: student.tutorGroup,
          studentYearGroup: student.yearGroup,
          studentArchived: student.archived,
          deleted,
        });
      }
const STUDENT_OF = new Map(INCIDENTS.map((inc, i) => [inc.id, STUDENTS[(i * 7) % STUDENTS.length] as StudentRow]));
const ALERTED = INCIDENTS.filter((_, i) => i % 3 === 0).map((i) => i.id);

function subjectFor(groupName: string, over: Partial<AccessSubjectInput> = {}): AccessSubject {
  const group = DEFAULT_USER_GROUPS.find((g) => g.name === groupName);
  return makeAccessSubject({
    userId: ME,
    schoolId: SCHOOL_A,
    elevated: true,
    now: NOW,
    groupPermissions: group?.permissions ?? [],
    categoryPermissions: [...CATEGORY_IDS].map(([name, categoryId]) => ({
      categoryId,
      ...defaultCategoryPermission(groupName, TOP_OF.get(name) ?? name),
    })),
    classRestrictions: 'off',
    restrictionGroups: [],
    alertedIncidentIds: [],
    studentSearchOnAddIncident: false,
    libraryForNonKeyUsers: false,
    ...over,
  });
}

const RESTRICTIONS: { classRestrictions: AccessSubjectInput['classRestrictions']; restrictionGroups: string[] }[] = [
  { classRestrictions: 'off', restrictionGroups: [] },
  { classRestrictions: 'tutor', restrictionGroups: ['7A'] },
  { classRestrictions: 'year', restrictionGroups: ['Year 8'] },
  { classRestrictions: 'tutor', restrictionGroups: [] },
];

/** Every default group, with and without the key, under each restriction, plain and with every extra switched on. */
const SUBJECTS: { label: string; subject: AccessSubject }[] = [];
for (const group of DEFAULT_USER_GROUPS)
  for (const elevated of [true, false])
    for (const restriction of RESTRICTIONS)
      for (const extras of [false, true]) {
        const permissions = extras ? [...group.permissions, 'students.ungrouped'] : group.permissions;
        SUBJECTS.push({
          label: `${group.name} elevated=${elevated} ${restriction.classRestrictions}[${restriction.restrictionGroups.join(',')}] extras=${extras}`,
          subject: subjectFor(group.name, {
            elevated,
            ...restriction,
            groupPermissions: permissions,
            alertedIncidentIds: extras ? ALERTED : [],
            studentSearchOnAddIncident: extras,
          }),
        });
      }

let pg: PGlite;
let db: ReturnType<typeof drizzle>;

beforeAll(async () => {
  pg = new PGlite();
  db = drizzle({ client: pg });
  await pg.exec(DDL);
  await db.insert(students).values(
    STUDENTS.map((s) => ({
      id: s.id,
      schoolId: s.schoolId,
      tutorGroup: s.tutorGroup,
      yearGroup: s.yearGroup,
      archivedAt: s.archived ? NOW : null,
    })),
  );
  await db.insert(incidents).values(
    INCIDENTS.map((i) => ({
      id: i.id,
      schoolId: i.schoolId,
      studentId: STUDENT_OF.get(i.id)?.id ?? '',
      authorId: i.authorId,
      createdAt: i.createdAt,
      deletedAt: i.deleted ? NOW : null,
    })),
  );
  await db
    .insert(incidentCategories)
    .values(
      INCIDENTS.flatMap((i) =>
        i.categoryIds.map((categoryId) => ({ schoolId: i.schoolId, incidentId: i.id, categoryId })),
      ),
    );
});

afterAll(async () => {
  await pg.close();
});

async function visibleStudents(cond: SQL): Promise<string[]> {
  const rows = await db.select({ id: students.id }).from(students).where(cond);
  return rows.map((r) => r.id).sort();
}

async function visibleIncidents(cond: SQL): Promise<string[]> {
  const rows = await db
    .select({ id: incidents.id })
    .from(incidents)
    .innerJoin(students, eq(students.id, incidents.studentId))
    .where(cond);
  return rows.map((r) => r.id).sort();
}

describe('SQL conditions agree with can() on every row', () => {
  it('the matrix is what it claims to be', () => {
    expect(SUBJECTS).toHaveLength(DEFAULT_USER_GROUPS.length * 2 * RESTRICTIONS.length * 2);
    expect(STUDENTS).toHaveLength(36);
    expect(INCIDENTS).toHaveLength(CATEGORY_SETS.length * 2 * 3 * AGES.length);
  });

  it.each(SUBJECTS.map((s) => [s.label, s.subject] as const))('%s', async (_label, subject) => {
    let allowedSomewhere = 0;
    for (const action of STUDENT_ACTIONS) {
      const expected = STUDENTS.filter((s) => can(subject, action, s))
        .map((s) => s.id)
        .sort();
      expect(await visibleStudents(studentVisibilityCondition(subject, studentCols, action)), action).toEqual(expected);
      allowedSomewhere += expected.length;
    }
    for (const action of INCIDENT_ACTIONS) {
      const expected = INCIDENTS.filter((i) => can(subject, action, i))
        .map((i) => i.id)
        .sort();
      expect(await visibleIncidents(incidentVisibilityCondition(subject, incidentCols, link, action)), action).toEqual(
        expected,
      );
      allowedSomewhere += expected.length;
    }
    // Every subject has My History rows, so an accidental "always false" cannot pass unnoticed.
    expect(allowedSomewhere).toBeGreaterThan(0);
  });

  it('the matrix exercises both outcomes of every action', () => {
    for (const action of STUDENT_ACTIONS) {
      const outcomes = new Set(SUBJECTS.flatMap(({ subject }) => STUDENTS.map((s) => can(subject, action, s))));
      expect([...outcomes].sort(), action).toEqual([false, true]);
    }
    for (const action of INCIDENT_ACTIONS) {
      const outcomes = new Set(SUBJECTS.flatMap(({ subject }) => INCIDENTS.map((i) => can(subject, action, i))));
      expect([...outcomes].sort(), action).toEqual([false, true]);
    }
  });

  it('still right when the outer query joins the category table itself (reports group by category)', async () => {
    const subject = subjectFor('Pastoral');
    const rows = await db
      .select({ id: incidents.id, categoryId: incidentCategories.categoryId })
      .from(incidents)
      .innerJoin(students, eq(students.id, incidents.studentId))
      .innerJoin(incidentCategories, eq(incidentCategories.incidentId, incidents.id))
      .where(incidentVisibilityCondition(subject, incidentCols, link));
    const expected = INCIDENTS.filter((i) => can(subject, 'incident.view', i));
    expect([...new Set(rows.map((r) => r.id))].sort()).toEqual(expected.map((i) => i.id).sort());
    expect(rows).toHaveLength(expected.reduce((sum, i) => sum + i.categoryIds.length, 0));
  });

  it('monitoring rows: view-students categories only, and only with the key', async () => {
    const rows = async (subject: AccessSubject) =>
      (
        await db
          .selectDistinct({ categoryId: incidentCategories.categoryId })
          .from(incidentCategories)
          .where(monitoringCategoryCondition(subject, incidentCategories.categoryId))
      )
        .map((r) => r.categoryId)
        .sort();
    const used = [...new Set(INCIDENTS.flatMap((i) => i.categoryIds))];
    const pastoral = subjectFor('Pastoral');
    expect(await rows(pastoral)).toEqual(used.filter((c) => pastoral.categoryPermissions.get(c)?.viewStudents).sort());
    expect(await rows(pastoral)).not.toContain(cat('Prevent'));
    expect(await rows(pastoral)).toContain(cat('Child Protection'));
    expect(await rows(subjectFor('Pastoral', { elevated: false }))).toEqual([]);
    expect(await rows(subjectFor('Teachers'))).toEqual([]);
  });
});

describe('the conditions as SQL text', () => {
  const dialect = new PgDialect();
  const render = (cond: SQL) => dialect.sqlToQuery(cond);

  it('folds to a bare false when the subject has no way in', () => {
    expect(render(studentVisibilityCondition(subjectFor('DSL', { elevated: false }), studentCols))).toMatchObject({
      sql: 'false',
      params: [],
    });
    expect(render(studentVisibilityCondition(subjectFor('Teachers'), studentCols))).toMatchObject({
      sql: 'false',
      params: [],
    });
    expect(render(incidentVisibilityCondition(subjectFor('DSL'), incidentCols, link, 'incident.history')).sql).not.toBe(
      'false',
    );
    expect(render(incidentVisibilityCondition(subjectFor('SLT'), incidentCols, link, 'incident.edit'))).toMatchObject({
      sql: 'false',
      params: [],
    });
  });

  it('is only the school for an unrestricted DSL listing pupils', () => {
    expect(render(studentVisibilityCondition(subjectFor('DSL'), studentCols))).toMatchObject({
      sql: '"acc_students"."school_id" = $1',
      params: [SCHOOL_A],
    });
  });

  it('restricts by group with bound parameters', () => {
    const q = render(
      studentVisibilityCondition(
        subjectFor('SLT', { classRestrictions: 'tutor', restrictionGroups: ['7A', '7B'] }),
        studentCols,
      ),
    );
    expect(q.sql).toBe(
      '("acc_students"."school_id" = $1 and ("acc_students"."archived_at" is not null) is not true and not ("acc_students"."tutor_group" is null)' +
        ' and ("acc_students"."tutor_group" is null or "acc_students"."tutor_group" in ($2, $3)))',
    );
    expect(q.params).toEqual([SCHOOL_A, '7A', '7B']);
  });

  it('checks every category of an incident through the link table, under a private alias', () => {
    const q = render(incidentVisibilityCondition(subjectFor('Pastoral'), incidentCols, link));
    expect(q.sql).toContain(
      'exists (select 1 from "acc_incident_categories" as "access_incident_categories" where "access_incident_categories"."school_id" = $2' +
        ' and "access_incident_categories"."incident_id" = "acc_incidents"."id")',
    );
    expect(q.sql).toContain(
      'not exists (select 1 from "acc_incident_categories" as "access_incident_categories" where "access_incident_categories"."school_id" = $3' +
        ' and "access_incident_categories"."incident_id" = "acc_incidents"."id"' +
        ' and ("access_incident_categories"."category_id" is null or not ("access_incident_categories"."category_id" in ($',
    );
    expect(q.params).toContain(cat('Behaviour'));
    expect(q.params).not.toContain(cat('Child Protection'));
  });

  it('never inlines a value: a hostile group name stays a parameter and matches nothing', async () => {
    const hostile = "7A') or true; drop table acc_students; --";
    const subject = subjectFor('SLT', { classRestrictions: 'tutor', restrictionGroups: [hostile] });
    const cond = studentVisibilityCondition(subject, studentCols);
    expect(render(cond).sql).not.toContain('drop');
    expect(render(cond).params).toContain(hostile);
    expect(await visibleStudents(cond)).toEqual([]);
    expect((await db.select({ id: students.id }).from(students)).length).toBe(STUDENTS.length);
  });

  it('quotes the link table names as identifiers', () => {
    const odd = {
      name: 'odd"name',
      schoolIdCol: 'school_id',
      incidentIdCol: 'incident id',
      categoryIdCol: 'category_id',
    };
    const q = render(incidentVisibilityCondition(subjectFor('DSL'), incidentCols, odd));
    expect(q.sql).toContain(
      'from "odd""name" as "access_incident_categories" where "access_incident_categories"."school_id" = $',
    );
    expect(q.sql).toContain('and "access_incident_categories"."incident id" = "acc_incidents"."id"');
  });

  it('My History compares with the request instant, as a parameter', () => {
    const q = render(
      incidentVisibilityCondition(subjectFor('Teachers', { elevated: false }), incidentCols, link, 'incident.history'),
    );
    expect(q.sql).toBe(
      '("acc_incidents"."school_id" = $1 and ("acc_incidents"."deleted_at" is not null) is not true and "acc_incidents"."author_id" = $2' +
        ' and "acc_incidents"."created_at" >= $3::timestamptz)',
    );
    expect(q.params).toEqual([SCHOOL_A, ME, '2025-03-03T12:00:00.000Z']);
  });
});
