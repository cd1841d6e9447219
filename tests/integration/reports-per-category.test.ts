/**
 * The report statement when one grouping is by category and the other is not
 * (or there is none): counted without DISTINCT over one row per incident and
 * category key, so these tests hold what that must not change. A category
 * listed twice on one incident (its own and an action's) counts once; a
 * category and its sub-category count once for the family; the category may
 * be the rows or the columns. A runner whose group cannot view a category
 * counts nothing of an incident in it, not even in the totals, whichever side
 * the category grouping is on; a class-restricted runner counts only their
 * class; a category filter keeps only the chosen categories as groups.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { categories, classRestrictionMembers, incidentCategories, userGroups } from '@/db/schema';
import { addAction } from '@/lib/incidents/add-action';
import { createIncident } from '@/lib/incidents/create';
import { DEFAULT_USER_GROUPS } from '@/lib/schools/defaults';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { runReport, type IncidentGrouping, type ReportDefinition } from '@/lib/reports';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const NOW = new Date('2026-06-01T12:00:00Z');
let a: School;
let dsl: UserCtx;
let pastoralId: string;
let cat: Record<string, string>;
let doubled = '';

function definition(
  primary: IncidentGrouping,
  secondary: IncidentGrouping | null,
  categoryIds: string[] = [],
): ReportDefinition {
  return {
    version: 1,
    subject: 'incidents',
    filters: {
      dates: { kind: 'any' },
      categories: { match: 'any', ids: categoryIds },
      status: 'any',
      recordedBy: { mode: 'only', ids: [] },
    },
    report: { type: 'summary-table', primary: { by: primary }, secondary: secondary ? { by: secondary } : null },
  };
}

async function tableOf(ctx: UserCtx, def: ReportDefinition) {
  const { table } = await runReport(ctx, def);
  return {
    columns: table.columns.map((c) => c.label),
    rows: table.rows.map((r) => [r.label, ...r.cells, r.total]),
    columnTotals: table.columnTotals,
    total: table.total,
  };
}

beforeAll(async () => {
  a = await makeSchool('reports-per-category');
  await inSchool(a.id, (tx) =>
    tx
      .update(userGroups)
      .set({ permissions: [...DEFAULT_USER_GROUPS.find((g) => g.name === 'Pastoral')!.permissions, 'reports.run'] })
      .where(and(eq(userGroups.schoolId, a.id), eq(userGroups.name, 'Pastoral'))),
  );
  const dslId = await makeUser({
    email: 'dsl@rpc.example.org',
    displayName: 'Dee Lead',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  pastoralId = await makeUser({
    email: 'hoy@rpc.example.org',
    displayName: 'Hal Year',
    memberships: { [a.slug]: 'Pastoral' },
    totpSecret: SECRET,
  });
  dsl = (await signedIn(a, dslId, { elevated: true })).ctx;
  const rows = await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories));
  cat = Object.fromEntries(rows.map((r) => [r.name, r.id]));

  const [ann, ben] = (await addPupils(a.id, [
    { legalForename: 'Ann', legalSurname: 'Ashe', tutorGroup: '7A' },
    { legalForename: 'Ben', legalSurname: 'Bell', tutorGroup: '7B' },
  ])) as [string, string];
  const add = async (studentId: string, names: string[], occurredAt: string) =>
    (
      await createIncident(
        dsl,
        { studentId, text: `About ${occurredAt}.`, categoryIds: names.map((n) => cat[n]!).join(','), occurredAt },
        NOW,
      )
    ).incidentId;
  doubled = await add(ann, ['Behaviour'], '2026-03-02T10:00');
  await add(ann, ['Bullying', 'Cyberbullying'], '2026-03-10T10:00');
  const raised = await add(ben, ['Behaviour'], '2026-04-01T10:00');
  await add(ben, ['Bullying', 'Cyberbullying'], '2026-04-02T10:00');
  // An action raises Ben's Behaviour incident to Child Protection: the whole incident is then out of
  // reach of a group that cannot view Child Protection.
  await addAction(
    dsl,
    { incidentId: raised, text: 'Disclosure at the meeting.', categoryIds: cat['Child Protection']! },
    NOW,
  );
  // Ann's first incident lists Behaviour twice: its own, and an action's.
  const action = await addAction(dsl, { incidentId: doubled, text: 'Again at lunch.' }, NOW);
  await inSchool(a.id, (tx) =>
    tx.insert(incidentCategories).values({
      schoolId: a.id,
      incidentId: doubled,
      categoryId: cat['Behaviour']!,
      actionId: action.actionId,
    }),
  );
});

describe('counts with one grouping by category', () => {
  it('tutor group × category: a category listed twice counts once, totals once per incident', async () => {
    expect(await tableOf(dsl, definition('tutor-group', 'category'))).toEqual({
      columns: ['Child Protection', 'Behaviour', 'Bullying', 'Cyberbullying'],
      rows: [
        ['7A', 0, 1, 1, 1, 2],
        ['7B', 1, 1, 1, 1, 2],
      ],
      columnTotals: [1, 2, 2, 2],
      total: 4,
    });
  });

  it('parent category × tutor group: a category and its sub-category count once for the family', async () => {
    expect(await tableOf(dsl, definition('parent-category', 'tutor-group'))).toEqual({
      columns: ['7A', '7B'],
      rows: [
        ['Child Protection', 0, 1, 1],
        ['Behaviour', 1, 1, 2],
        ['Bullying', 1, 1, 2],
      ],
      columnTotals: [2, 2],
      total: 4,
    });
  });

  it('a category filter keeps only the chosen categories as groups', async () => {
    expect(await tableOf(dsl, definition('tutor-group', 'category', [cat['Cyberbullying']!]))).toEqual({
      columns: ['Cyberbullying'],
      rows: [
        ['7A', 1, 1],
        ['7B', 1, 1],
      ],
      columnTotals: [2],
      total: 2,
    });
  });
});

describe('a runner lacking a category', () => {
  it('counts nothing of an incident in it, on either side and in the totals', async () => {
    const pastoral = (await signedIn(a, pastoralId, { elevated: true })).ctx;
    expect(await tableOf(pastoral, definition('tutor-group', 'category'))).toEqual({
      columns: ['Behaviour', 'Bullying', 'Cyberbullying'],
      rows: [
        ['7A', 1, 1, 1, 2],
        ['7B', 0, 1, 1, 1],
      ],
      columnTotals: [1, 2, 2],
      total: 3,
    });
    expect(await tableOf(pastoral, definition('category', null))).toEqual({
      columns: [],
      rows: [
        ['Behaviour', 1],
        ['Bullying', 2],
        ['Cyberbullying', 2],
      ],
      columnTotals: [],
      total: 3,
    });
    const filtered = await tableOf(pastoral, definition('category', 'tutor-group', [cat['Child Protection']!]));
    expect(filtered).toEqual({ columns: [], rows: [], columnTotals: [], total: 0 });
  });

  it('restricted to tutor group 7A, counts only 7A', async () => {
    await inSchool(a.id, (tx) =>
      tx
        .insert(classRestrictionMembers)
        .values({ id: randomUUID(), schoolId: a.id, groupKind: 'tutor', groupName: '7A', userId: pastoralId }),
    );
    const school = { ...a, settings: { ...a.settings, classRestrictions: 'tutor' as const } };
    const restricted = (await signedIn(school, pastoralId, { elevated: true })).ctx;
    expect(await tableOf(restricted, definition('category', 'tutor-group'))).toEqual({
      columns: ['7A'],
      rows: [
        ['Behaviour', 1, 1],
        ['Bullying', 1, 1],
        ['Cyberbullying', 1, 1],
      ],
      columnTotals: [2],
      total: 2,
    });
  });
});
