/**
 * The school the saved-report tests share: a DSL who saves reports, a
 * Pastoral key holder who may run reports but not view Child Protection, a
 * Pastoral key holder restricted to Year 8 (same group), a teacher, and
 * another school's DSL; five incidents over Year 7 and Year 8, one of them
 * Child Protection.
 */
import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { makeSchool, makeUser, signedIn } from './identity';
import { addPupils } from './pupils';
import { inSchool } from '@/db/scoped';
import { categories, classRestrictionMembers, userGroups } from '@/db/schema';
import { createIncident } from '@/lib/incidents/create';
import type { ReportDefinition } from '@/lib/reports';
import { DEFAULT_USER_GROUPS } from '@/lib/schools/defaults';
import type { School, UserCtx } from '@/lib/tenancy/context';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const NOW = new Date('2026-06-01T12:00:00Z');

export interface SavedReportsWorld {
  a: School;
  b: School;
  ids: Record<'dsl' | 'pastoral' | 'year8' | 'teacher' | 'dslB', string>;
  dsl: UserCtx;
  pastoral: UserCtx;
  year8: UserCtx;
  teacher: UserCtx;
  dslB: UserCtx;
  tokens: Record<'dsl' | 'pastoral' | 'year8' | 'teacher' | 'dslB', string>;
  cat: Record<string, string>;
}

export const withSettings = (school: School, s: Partial<School['settings']>): School => ({
  ...school,
  settings: { ...school.settings, ...s },
});

export function byTutorGroup(filters: Partial<ReportDefinition['filters']> = {}): ReportDefinition {
  return {
    version: 1,
    subject: 'incidents',
    filters: {
      dates: { kind: 'any' },
      categories: { match: 'any', ids: [] },
      status: 'any',
      recordedBy: { mode: 'only', ids: [] },
      ...filters,
    },
    report: { type: 'summary-table', primary: { by: 'tutor-group' }, secondary: null },
  };
}

export async function savedReportsWorld(prefix: string): Promise<SavedReportsWorld> {
  const a = await makeSchool(`${prefix}-a`);
  const b = await makeSchool(`${prefix}-b`);
  await inSchool(a.id, (tx) =>
    tx
      .update(userGroups)
      .set({ permissions: [...DEFAULT_USER_GROUPS.find((g) => g.name === 'Pastoral')!.permissions, 'reports.run'] })
      .where(and(eq(userGroups.schoolId, a.id), eq(userGroups.name, 'Pastoral'))),
  );
  const user = (school: School, who: string, name: string, group: string, key: boolean) =>
    makeUser({
      email: `${who}@${prefix}.example.org`,
      displayName: name,
      memberships: { [school.slug]: group },
      totpSecret: key ? SECRET : undefined,
    });
  const ids = {
    dsl: await user(a, 'dsl', 'Dana Shaw', 'DSL', true),
    pastoral: await user(a, 'pastoral', 'Pat Oakes', 'Pastoral', true),
    year8: await user(a, 'year8', 'Hana Year', 'Pastoral', true),
    teacher: await user(a, 'teacher', 'Tess Hart', 'Teachers', false),
    dslB: await user(b, 'dsl-b', 'Bea Dale', 'DSL', true),
  };
  await inSchool(a.id, (tx) =>
    tx
      .insert(classRestrictionMembers)
      .values({ id: randomUUID(), schoolId: a.id, groupKind: 'year', groupName: 'Year 8', userId: ids.year8 }),
  );
  const dslS = await signedIn(a, ids.dsl, { elevated: true });
  const pastoralS = await signedIn(a, ids.pastoral, { elevated: true });
  const year8S = await signedIn(withSettings(a, { classRestrictions: 'year' }), ids.year8, { elevated: true });
  const teacherS = await signedIn(a, ids.teacher);
  const dslBS = await signedIn(b, ids.dslB, { elevated: true });

  const rows = await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories));
  const cat = Object.fromEntries(rows.map((r) => [r.name, r.id]));
  const [ann, cal, dan, eve] = (await addPupils(a.id, [
    { legalForename: 'Ann', legalSurname: 'Ashe', yearGroup: 'Year 7', tutorGroup: '7A' },
    { legalForename: 'Cal', legalSurname: 'Cole', yearGroup: 'Year 8', tutorGroup: '8A' },
    { legalForename: 'Dan', legalSurname: 'Dee', yearGroup: 'Year 8', tutorGroup: '8B' },
    { legalForename: 'Eve', legalSurname: 'Eng', yearGroup: 'Year 8', tutorGroup: '8A' },
  ])) as [string, string, string, string];
  const add = (studentId: string, name: string, occurredAt: string) =>
    createIncident(teacherS.ctx, { studentId, text: `About ${occurredAt}.`, categoryIds: cat[name]!, occurredAt }, NOW);
  await add(ann, 'Behaviour', '2026-03-02T10:00');
  await add(cal, 'Behaviour', '2026-03-03T10:00');
  await add(dan, 'Behaviour', '2026-03-04T10:00');
  await add(dan, 'Behaviour', '2026-03-05T10:00');
  await add(eve, 'Child Protection', '2026-03-06T10:00');

  return {
    a,
    b,
    ids,
    dsl: dslS.ctx,
    pastoral: pastoralS.ctx,
    year8: year8S.ctx,
    teacher: teacherS.ctx,
    dslB: dslBS.ctx,
    tokens: {
      dsl: dslS.token,
      pastoral: pastoralS.token,
      year8: year8S.token,
      teacher: teacherS.token,
      dslB: dslBS.token,
    },
    cat,
  };
}
