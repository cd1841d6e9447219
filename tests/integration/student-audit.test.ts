/**
 * A pupil's Audit tab against a real database: every view and change of the
 * record with who, what, when and from where, newest first; the person and
 * date filters (bad dates refused with a message for the field, what was
 * typed kept); paging; reading the tab is itself recorded — and what each
 * reader may see: rows about an incident in a category they cannot view, or
 * monitoring they cannot see, never reach them; another school's pupil, a
 * group without the permission, a teacher and a key holder without their key
 * are refused.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { auditLog, categories, userGroups } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import { addAction } from '@/lib/incidents/add-action';
import { createIncident } from '@/lib/incidents/create';
import { editIncident, mergeIncident } from '@/lib/incidents';
import { bulkUpdateMonitoring } from '@/lib/monitoring/bulk';
import { updateProfileMonitoring } from '@/lib/monitoring/service';
import { DEFAULT_USER_GROUPS } from '@/lib/schools/defaults';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { AUDIT_TAB_PAGE_SIZE, getProfileAttendance, getProfileAudit, getProfileOverview } from '@/lib/profile';
import { NeedsElevationError } from '@/lib/students';
import { DEFAULT_NAME_STYLE } from '@/lib/students/names';
import { makeCtx } from '@/lib/tenancy/make-ctx';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const style = DEFAULT_NAME_STYLE;
const MIN = 60_000;

let a: School;
let b: School;
let teacher: UserCtx;
let dsl: UserCtx;
let dslAtHome: UserCtx;
let dslNoKey: UserCtx;
let pastoralEditor: UserCtx;
let slt: UserCtx;
let dslB: UserCtx;
let zoe: string;
let harry: string;
let ivy: string;
let pupilB: string;
let cat: Record<string, string>;
let behaviour: { id: string; number: number };
let cp: { id: string; number: number };
const start = Date.now() - 120 * MIN;
const at = (minutes: number) => new Date(start + minutes * MIN);

async function person(
  school: School,
  email: string,
  displayName: string,
  group: string,
  elevated: boolean,
): Promise<UserCtx> {
  const userId = await makeUser({
    email,
    displayName,
    memberships: { [school.slug]: group },
    totpSecret: elevated ? SECRET : undefined,
  });
  return (await signedIn(school, userId, { elevated })).ctx;
}

const whatOf = async (ctx: UserCtx, studentId: string, query: Record<string, string> = {}) =>
  (await getProfileAudit(ctx, studentId, style, query)).data.events.map((e) => e.what);

beforeAll(async () => {
  const withSearch = (s: School): School => ({ ...s, settings: { ...s.settings, studentSearchOnAddIncident: true } });
  a = withSearch(await makeSchool('student-audit-a'));
  b = withSearch(await makeSchool('student-audit-b'));
  // Pastoral staff here may edit and delete incidents: an audit reader who still cannot view
  // Child Protection incidents or Prevent monitoring (the defaults for Pastoral).
  const pastoralPermissions = [
    ...DEFAULT_USER_GROUPS.find((g) => g.name === 'Pastoral')!.permissions,
    'incidents.edit',
  ];
  await inSchool(a.id, (tx) =>
    tx
      .update(userGroups)
      .set({ permissions: pastoralPermissions })
      .where(and(eq(userGroups.schoolId, a.id), eq(userGroups.name, 'Pastoral'))),
  );
  teacher = await person(a, 'teacher@sa.example.org', 'Tom Hughes', 'Teachers', false);
  dsl = await person(a, 'dsl@sa.example.org', 'David Okafor', 'DSL', true);
  dslAtHome = makeCtx(a, dsl.user, { ip: '198.51.100.4', userAgent: 'vitest' }) as UserCtx;
  dslNoKey = makeCtx(a, { ...dsl.user, elevated: false }, dsl.meta) as UserCtx;
  pastoralEditor = await person(a, 'hoy@sa.example.org', 'Ben Price', 'Pastoral', true);
  slt = await person(a, 'slt@sa.example.org', 'Sam Lee', 'SLT', true);
  dslB = await person(b, 'dsl@sb.example.org', 'Imran Shah', 'DSL', true);
  [zoe, harry, ivy] = (await addPupils(a.id, [
    { legalForename: 'Zoë', legalSurname: "O'Brien" },
    { legalForename: 'Harry', legalSurname: 'Smith' },
    { legalForename: 'Ivy', legalSurname: 'Page' },
  ])) as [string, string, string];
  [pupilB] = (await addPupils(b.id, [{ legalForename: 'Other', legalSurname: 'School' }])) as [string];
  const rows = await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories));
  cat = Object.fromEntries(rows.map((r) => [r.name, r.id]));

  // Zoë's record, oldest first: two incidents, an action, an edit, two monitoring changes.
  const markers = JSON.stringify([{ mapId: 'body-front', x: 0.3, y: 0.2, note: 'Bruise' }]);
  const first = await createIncident(
    teacher,
    { studentId: zoe, text: 'Pushed in the lunch queue.', categoryIds: cat['Behaviour']!, markers },
    at(0),
  );
  behaviour = { id: first.incidentId, number: first.number };
  const second = await createIncident(
    teacher,
    { studentId: zoe, text: 'Disclosure at break.', categoryIds: cat['Child Protection']! },
    at(10),
  );
  cp = { id: second.incidentId, number: second.number };
  await addAction(dsl, { incidentId: cp.id, text: 'Referral made to Children’s Social Care.' }, at(20));
  await editIncident(
    dsl,
    {
      incidentId: behaviour.id,
      version: 1,
      text: 'Pushed in the lunch queue, twice.',
      categoryIds: cat['Behaviour']!,
      occurredAt: '2026-03-01T09:00',
      status: 'active',
      agencies: '',
    },
    at(30),
  );
  await updateProfileMonitoring(
    dsl,
    { studentId: zoe, monitored: cat['Bullying']!, shown: '', startedOn: '2025-09-08' },
    at(40),
  );
  await updateProfileMonitoring(
    dsl,
    { studentId: zoe, monitored: cat['Prevent']!, shown: '', startedOn: '2025-09-08' },
    at(50),
  );
  // From another address: the tab shows where each event came from.
  await getProfileAttendance(dslAtHome, zoe, style);
});

describe('the audit of a pupil', () => {
  it('lists every view and change newest first, with who, what, when and from where', async () => {
    const page = await getProfileAudit(dsl, zoe, style);
    expect(page.header.canAudit).toBe(true);
    expect(page.data.events.map((e) => [e.who, e.what])).toEqual([
      ['David Okafor', 'Viewed the Attendance tab'],
      ['David Okafor', 'Started monitoring: Prevent'],
      ['David Okafor', 'Started monitoring: Bullying'],
      ['David Okafor', `Edited incident #${behaviour.number}`],
      ['David Okafor', `Added an action to incident #${cp.number}`],
      ['Tom Hughes', `Added incident #${cp.number}`],
      ['Tom Hughes', `Added incident #${behaviour.number}`],
    ]);
    const [viewed, prevent, , edited, , , added] = page.data.events;
    expect(viewed!.ip).toBe('198.51.100.4');
    expect(prevent).toMatchObject({ at: at(50), ip: '203.0.113.7', href: null });
    expect(edited).toMatchObject({ at: at(30), href: `/incidents/${behaviour.id}` });
    expect(added).toMatchObject({ at: at(0), href: `/incidents/${behaviour.id}` });
    expect(page.data.people).toEqual([
      { userId: dsl.user.id, name: 'David Okafor' },
      { userId: teacher.user.id, name: 'Tom Hughes' },
    ]);
    expect(page.data.nextBefore).toBeNull();
  });

  it('records the reading of the tab, which the next reading shows', async () => {
    // A request of its own (a context carries its request's instant).
    await getProfileAudit(makeCtx(a, dsl.user, dsl.meta) as UserCtx, zoe, style);
    const rows = await inSchool(a.id, (tx) =>
      tx
        .select({ actor: auditLog.actorUserId, ip: auditLog.ip, details: auditLog.details })
        .from(auditLog)
        .where(and(eq(auditLog.entityId, zoe), eq(auditLog.action, 'student.viewed'))),
    );
    expect(rows).toContainEqual({ actor: dsl.user.id, ip: '203.0.113.7', details: { view: 'audit', studentId: zoe } });
    expect((await whatOf(makeCtx(a, dsl.user, dsl.meta) as UserCtx, zoe))[0]).toBe('Viewed the Audit tab');
  });

  it('shows monitoring changed from a class list too', async () => {
    await bulkUpdateMonitoring(dsl, {
      studentIds: [ivy],
      change: 'add',
      categoryId: cat['Young Carer']!,
      date: '2025-09-08',
    });
    expect(await whatOf(dsl, ivy)).toContain('Started monitoring: Young Carer (from a class list)');
  });

  it('filters by person', async () => {
    expect(await whatOf(dsl, zoe, { person: teacher.user.id })).toEqual([
      `Added incident #${cp.number}`,
      `Added incident #${behaviour.number}`,
    ]);
    // Someone who never touched the record: nothing, not an error.
    expect(await whatOf(dsl, zoe, { person: slt.user.id })).toEqual([]);
  });

  it('filters by the school’s days, however the clocks stand', async () => {
    // 23:30 UTC on 10 June is 00:30 on 11 June in London (summer time).
    const late = new Date('2025-06-10T23:30:00Z');
    const rows = [new Date('2025-06-09T12:00:00Z'), late, new Date('2025-06-12T08:00:00Z')].map((when, i) => ({
      id: randomUUID(),
      schoolId: a.id,
      at: when,
      actorUserId: dsl.user.id,
      action: 'student.viewed',
      entityType: 'student',
      entityId: ivy,
      ip: '203.0.113.7',
      details: { view: ['overview', 'contacts', 'attendance'][i], studentId: ivy },
    }));
    await inSchool(a.id, (tx) => tx.insert(auditLog).values(rows));
    expect(await whatOf(dsl, ivy, { from: '2025-06-11', to: '2025-06-11' })).toEqual(['Viewed the Contacts tab']);
    expect(await whatOf(dsl, ivy, { from: '2025-06-10', to: '2025-06-10' })).toEqual([]);
    expect(await whatOf(dsl, ivy, { from: '2025-06-11' })).toEqual(
      expect.arrayContaining(['Viewed the Attendance tab', 'Viewed the Contacts tab']),
    );
    expect(await whatOf(dsl, ivy, { to: '2025-06-10' })).toEqual(['Viewed the Overview tab']);
  });

  it('refuses bad dates with a message for the field and keeps what was typed', async () => {
    let page = await getProfileAudit(dsl, ivy, style, { from: '2025-02-30', to: 'soon', person: dsl.user.id });
    expect(page.data.fieldErrors.from).toEqual(['Enter a real date, such as 2026-03-01.']);
    expect(page.data.fieldErrors.to).toEqual(['Enter a real date, such as 2026-03-01.']);
    expect(page.data.values).toEqual({ from: '2025-02-30', to: 'soon', person: dsl.user.id });
    expect(page.data.events).toEqual([]);
    page = await getProfileAudit(dsl, ivy, style, { from: '2025-06-12', to: '2025-06-10' });
    expect(page.data.fieldErrors).toEqual({ to: ['Choose an end date on or after the start date.'] });
    page = await getProfileAudit(dsl, ivy, style, { from: '2999-01-01' });
    expect(page.data.fieldErrors).toEqual({ from: ['Choose today or an earlier date.'] });
    page = await getProfileAudit(dsl, ivy, style, { from: '1999-12-31' });
    expect(page.data.fieldErrors).toEqual({ from: ['Choose a date from 2000 onwards.'] });
    page = await getProfileAudit(dsl, ivy, style, { person: 'someone' });
    expect(page.data.fieldErrors).toEqual({ person: ['Choose someone from the list.'] });
    // The people to choose from are still offered beside the errors.
    expect(page.data.people.map((p) => p.name)).toContain('David Okafor');
    // A broken page link is not the reader's to fix: the newest rows again.
    page = await getProfileAudit(dsl, ivy, style, { before: 'nonsense' });
    expect(page.data.fieldErrors).toEqual({});
    expect(page.data.events.length).toBeGreaterThan(0);
  });

  it('pages through thousands of rows, newest first, without repeating one', async () => {
    const base = new Date('2025-01-06T09:00:00Z').getTime();
    const rows = Array.from({ length: 2 * AUDIT_TAB_PAGE_SIZE + 20 }, (_, i) => ({
      id: randomUUID(),
      schoolId: a.id,
      // Pairs share an instant: the id breaks the tie, so no row is lost between pages.
      at: new Date(base + Math.floor(i / 2) * MIN),
      actorUserId: dsl.user.id,
      action: 'student.viewed',
      entityType: 'student',
      entityId: harry,
      details: { view: 'contacts', studentId: harry },
    }));
    await inSchool(a.id, (tx) => tx.insert(auditLog).values(rows));
    const seen: string[] = [];
    let before = '';
    for (let page = 0; page < 4; page += 1) {
      const p = (await getProfileAudit(dsl, harry, style, before ? { before, to: '2025-12-31' } : { to: '2025-12-31' }))
        .data;
      seen.push(...p.events.map((e) => e.id));
      const times = p.events.map((e) => e.at.getTime());
      expect(times).toEqual([...times].sort((x, y) => y - x));
      if (!p.nextBefore) break;
      expect(p.paged).toBe(Boolean(before));
      before = p.nextBefore;
    }
    expect(seen).toHaveLength(rows.length);
    expect(new Set(seen).size).toBe(rows.length);
  });
});

describe('what a reader may see', () => {
  it('never shows a row about an incident in a category the reader cannot view, or monitoring they cannot see', async () => {
    const page = await getProfileAudit(pastoralEditor, zoe, style);
    const what = page.data.events.map((e) => e.what);
    expect(what).toContain(`Added incident #${behaviour.number}`);
    expect(what).toContain(`Edited incident #${behaviour.number}`);
    expect(what).toContain('Started monitoring: Bullying');
    const shown = JSON.stringify(page.data);
    for (const hidden of [
      `#${cp.number}`,
      cp.id,
      'Prevent',
      'Child Protection',
      cat['Prevent']!,
      cat['Child Protection']!,
    ])
      expect(shown).not.toContain(hidden);
    // The DSL, who may view both, sees them.
    expect(await whatOf(dsl, zoe)).toContain(`Added incident #${cp.number}`);
  });

  it('judges a merged incident as the one it joined', async () => {
    const extra = await createIncident(
      teacher,
      { studentId: zoe, text: 'Said more at lunch.', categoryIds: cat['Behaviour']! },
      at(60),
    );
    expect(await whatOf(pastoralEditor, zoe)).toContain(`Added incident #${extra.number}`);
    await mergeIncident(dsl, { incidentId: extra.incidentId, intoNumber: String(cp.number) }, at(70));
    // Its words now live inside the Child Protection incident.
    const forPastoral = await whatOf(pastoralEditor, zoe);
    expect(forPastoral.join('\n')).not.toContain(`#${extra.number}`);
    const forDsl = (await getProfileAudit(dsl, zoe, style)).data.events;
    const merged = forDsl.find((e) => e.what === `Merged incident #${extra.number} into incident #${cp.number}`);
    expect(merged?.href).toBe(`/incidents/${cp.id}`);
    expect(forDsl.find((e) => e.what === `Added incident #${extra.number}`)?.href).toBe(`/incidents/${cp.id}`);
  });

  it('offers only the people who appear in rows the reader may see', async () => {
    const lone = await addPupils(a.id, [{ legalForename: 'Noor', legalSurname: 'Khan' }]);
    await createIncident(
      teacher,
      { studentId: lone[0]!, text: 'Worried about home.', categoryIds: cat['Child Protection']! },
      at(80),
    );
    expect((await getProfileAudit(pastoralEditor, lone[0]!, style)).data.people).toEqual([]);
    // Ben's own reading of the tab is on the record now.
    expect((await getProfileAudit(dsl, lone[0]!, style)).data.people.map((p) => p.name)).toEqual([
      'Ben Price',
      'Tom Hughes',
    ]);
  });

  it('refuses another school’s pupil, a group without the permission, a teacher and a key holder without their key', async () => {
    for (const id of [pupilB, randomUUID(), 'not-a-uuid'])
      await expect(getProfileAudit(dsl, id, style)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getProfileAudit(dslB, zoe, style)).rejects.toBeInstanceOf(NotFoundError);
    // SLT may open the pupil but not read who looked at the file.
    expect((await getProfileOverview(slt, zoe, style)).header.canAudit).toBe(false);
    await expect(getProfileAudit(slt, zoe, style)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getProfileAudit(teacher, zoe, style)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getProfileAudit(dslNoKey, zoe, style)).rejects.toBeInstanceOf(NeedsElevationError);
    const refused = await inSchool(a.id, (tx) =>
      tx
        .select({ actor: auditLog.actorUserId, details: auditLog.details })
        .from(auditLog)
        .where(eq(auditLog.action, 'student.viewed')),
    );
    for (const who of [slt, teacher, dslB])
      expect(
        refused.filter((r) => r.actor === who.user.id && (r.details as { view?: string }).view === 'audit'),
      ).toEqual([]);
  });
});
