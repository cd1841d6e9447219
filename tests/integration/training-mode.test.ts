/**
 * Training mode: the administrator's switch, the banner, flagging what is
 * recorded meanwhile, the list of flagged records, keeping genuine ones, and
 * switching it off, which removes the still-ticked training records for good
 * with everything that belongs only to them and nothing else. Checked on the
 * stored rows, including that genuine records, their actions and their
 * monitoring survive, and for another school's ids, a non-administrator and
 * an administrator without their key.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import {
  actionVersions,
  alerts,
  auditLog,
  categories,
  incidentActions,
  incidentCategories,
  incidents,
  incidentVersions,
  monitoringPeriods,
  privilegedAccessLog,
} from '@/db/schema';
import { accessSubjectOf } from '@/lib/access';
import { createUserGroup } from '@/lib/admin';
import {
  disableTrainingMode,
  enableTrainingMode,
  keepTrainingRecords,
  LIST_CHANGED,
  listTrainingRecords,
  trainingBanner,
} from '@/lib/training';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import { addAction } from '@/lib/incidents/add-action';
import { createIncident } from '@/lib/incidents/create';
import { deleteIncident, mergeIncident } from '@/lib/incidents';
import { chronologyFor, getIncident } from '@/lib/incidents/queries';
import { startMonitoring } from '@/lib/monitoring/periods';
import { findSchoolBySlug } from '@/lib/schools/queries';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { DEFAULT_NAME_STYLE } from '@/lib/students/names';
import { getDb } from '@/db/client';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const NAME = 'Training Academy';
const style = DEFAULT_NAME_STYLE;
let a: School;
let b: School;
let adminId: string;
let teacherId: string;
let bAdminId: string;
let zoe: string;
let seun: string;
let ola: string;
let kai: string;
let bPupil: string;
let cat: Record<string, string>;
let bCat: string;

/** A signed-in person with the school as it is stored now (settings are read per request). */
async function as(userId: string, opts: { elevated?: boolean; school?: 'a' | 'b' } = {}): Promise<UserCtx> {
  const school = (await findSchoolBySlug(opts.school === 'b' ? 'training-b' : 'training-a'))!;
  return (await signedIn(school, userId, { elevated: opts.elevated })).ctx;
}
const admin = () => as(adminId, { elevated: true });
const teacher = () => as(teacherId);

/** Everything the page lists, ticked except `keep`: the form as the administrator submits it. */
async function disableForm(ctx: UserCtx, keep: string[] = [], schoolName = NAME) {
  const list = await listTrainingRecords(ctx, style);
  const ids = (items: { id: string; heldBecause: unknown }[]) => items.filter((i) => !i.heldBecause).map((i) => i.id);
  return {
    schoolName,
    shownIncidentIds: list.incidents.map((i) => i.id),
    shownActionIds: list.actions.map((i) => i.id),
    incidentIds: ids(list.incidents).filter((id) => !keep.includes(id)),
    actionIds: ids(list.actions).filter((id) => !keep.includes(id)),
  };
}

const rowsOf = {
  incidents: (ids: string[]) => inSchool(a.id, (tx) => tx.select().from(incidents).where(inArray(incidents.id, ids))),
  actions: (ids: string[]) =>
    inSchool(a.id, (tx) => tx.select().from(incidentActions).where(inArray(incidentActions.id, ids))),
  periods: (studentId: string) =>
    inSchool(a.id, (tx) => tx.select().from(monitoringPeriods).where(eq(monitoringPeriods.studentId, studentId))),
};

beforeAll(async () => {
  a = await makeSchool('training-a', NAME);
  b = await makeSchool('training-b', 'Other Training School');
  adminId = await makeUser({
    email: 'dsl@training.example.org',
    displayName: 'Dana Lead',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  teacherId = await makeUser({
    email: 'teacher@training.example.org',
    displayName: 'Tom Hughes',
    memberships: { [a.slug]: 'Teachers' },
  });
  bAdminId = await makeUser({
    email: 'dsl@training-b.example.org',
    displayName: 'B Lead',
    memberships: { [b.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  [zoe, seun, ola, kai] = (await addPupils(a.id, [
    { legalForename: 'Zoë', legalSurname: "O'Brien" },
    { legalForename: 'Seun', legalSurname: 'Adeyemi', tutorGroup: '8B', yearGroup: 'Year 8' },
    { legalForename: 'Ola', legalSurname: 'Nowak' },
    { legalForename: 'Kai', legalSurname: 'Reid' },
  ])) as [string, string, string, string];
  [bPupil] = (await addPupils(b.id, [{ legalForename: 'Bea', legalSurname: 'Other' }])) as [string];
  const rows = await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories));
  cat = Object.fromEntries(rows.map((r) => [r.name, r.id]));
  bCat = (
    await inSchool(b.id, (tx) =>
      tx.select({ id: categories.id }).from(categories).where(eq(categories.name, 'Behaviour')),
    )
  )[0]!.id;
});

describe('switching training mode on', () => {
  it('shows the banner to everyone, flags new incidents and actions, and is audited', async () => {
    const genuine = await createIncident(await teacher(), {
      studentId: zoe,
      text: 'Before training.',
      categoryIds: cat['Behaviour']!,
    });
    expect(trainingBanner(await teacher())).toBeNull();

    expect(await enableTrainingMode(await admin())).toEqual({ changed: true });
    expect(await enableTrainingMode(await admin())).toEqual({ changed: false });
    const audit = await inSchool(a.id, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'admin.training_mode_enabled')),
    );
    expect(audit.map((r) => r.actorUserId)).toEqual([adminId]);

    // The banner: for every signed-in person; the way to manage it only for those who administer the school.
    expect(trainingBanner(await teacher())).toEqual({
      title: 'Training mode is on',
      message: expect.stringContaining('marked as training'),
      manageHref: null,
    });
    expect(trainingBanner(await teacher())?.message).toContain('Alerts and emails are still sent');
    expect(trainingBanner(await admin())?.manageHref).toBe('/admin/training');
    expect(trainingBanner(await as(adminId))?.manageHref).toBe('/admin/training');
    expect(trainingBanner(await as(bAdminId, { elevated: true, school: 'b' }))).toBeNull();

    const practice = await createIncident(await teacher(), {
      studentId: zoe,
      text: 'Practice concern.',
      categoryIds: cat['Behaviour']!,
      linked: JSON.stringify([{ studentId: seun, role: 'witness', categoryIds: [] }]),
    });
    const action = await addAction(await admin(), { incidentId: genuine.incidentId, text: 'Practice action.' });
    const stored = await rowsOf.incidents([genuine.incidentId, practice.incidentId, practice.linked[0]!.incidentId]);
    expect(Object.fromEntries(stored.map((r) => [r.id, r.training]))).toEqual({
      [genuine.incidentId]: false,
      [practice.incidentId]: true,
      [practice.linked[0]!.incidentId]: true,
    });
    expect((await rowsOf.actions([action.actionId]))[0]?.training).toBe(true);
    // The chronology marks the action, as it marks incidents.
    const shown = await getIncident(await admin(), genuine.incidentId, DEFAULT_NAME_STYLE);
    expect(shown.training).toBe(false);
    expect(shown.actions.map((x) => [x.text, x.training])).toEqual([['Practice action.', true]]);
    // Alerts still go while training.
    const alerted = await createIncident(await teacher(), {
      studentId: ola,
      text: 'Alert drill.',
      categoryIds: cat['Behaviour']!,
      alertUserIds: adminId,
    });
    expect(
      await inSchool(a.id, (tx) => tx.select().from(alerts).where(eq(alerts.incidentId, alerted.incidentId))),
    ).toHaveLength(1);
  });
});

describe('the list of training records', () => {
  it('lists only this school’s flagged records, named through the formatter and hide-names mode', async () => {
    const school = (await findSchoolBySlug('training-b'))!;
    await enableTrainingMode((await signedIn(school, bAdminId, { elevated: true })).ctx);
    await createIncident(await as(bAdminId, { elevated: true, school: 'b' }), {
      studentId: bPupil,
      text: 'Other school practice.',
      categoryIds: bCat,
    });
    const multiline = await createIncident(await teacher(), {
      studentId: zoe,
      text: 'First line of it.\nSecond line, not shown.',
      categoryIds: `${cat['Behaviour']},${cat['Bullying']}`,
    });

    const list = await listTrainingRecords(await admin(), style);
    expect(list.on).toBe(true);
    const item = list.incidents.find((i) => i.id === multiline.incidentId)!;
    expect(item).toMatchObject({
      number: multiline.number,
      pupilName: "Zoë O'Brien",
      authorName: 'Tom Hughes',
      firstLine: 'First line of it.',
      readable: true,
      heldBecause: null,
    });
    expect(item.categories.sort()).toEqual(['Behaviour', 'Bullying']);
    expect(list.incidents.some((i) => i.linkedCopy && i.pupilName === 'Seun Adeyemi')).toBe(true);
    expect(list.actions.map((x) => x.firstLine)).toEqual(['Practice action.']);
    expect(JSON.stringify(list)).not.toContain('Other school practice');
    expect(JSON.stringify(list)).not.toContain('Before training');

    const hidden = await listTrainingRecords(await admin(), { ...style, hidden: true });
    expect(hidden.incidents.find((i) => i.id === multiline.incidentId)?.pupilName).toBe("Z*** O'B***");
    expect(JSON.stringify(hidden)).not.toContain('Zoë');

    // Another school's list is its own.
    const other = await listTrainingRecords(await as(bAdminId, { elevated: true, school: 'b' }), style);
    expect(other.incidents.map((i) => i.firstLine)).toEqual(['Other school practice.']);
  });

  it('withholds the pupil, the words and the categories of a record the administrator may not read', async () => {
    // An office administrator: administration, and Behaviour incidents only.
    await createUserGroup(await admin(), {
      name: 'Office',
      permissions: 'administration,incidents.add',
      cells: `${cat['Behaviour']}:viewIncidents,${cat['Behaviour']}:viewStudents`,
    });
    const officeId = await makeUser({
      email: 'office@training.example.org',
      displayName: 'Olive Office',
      memberships: { [a.slug]: 'Office' },
      totpSecret: SECRET,
    });
    const office = await as(officeId, { elevated: true });
    const protection = await createIncident(await teacher(), {
      studentId: seun,
      text: 'A child protection practice.',
      categoryIds: cat['Child Protection']!,
    });
    const behaviour = await createIncident(await teacher(), {
      studentId: seun,
      text: 'A behaviour practice.',
      categoryIds: cat['Behaviour']!,
    });

    const list = await listTrainingRecords(office, style);
    expect(list.incidents.find((i) => i.id === protection.incidentId)).toMatchObject({
      readable: false,
      pupilName: null,
      firstLine: null,
      categories: [],
      authorName: 'Tom Hughes',
    });
    expect(list.incidents.find((i) => i.id === behaviour.incidentId)).toMatchObject({
      readable: true,
      pupilName: 'Seun Adeyemi',
      firstLine: 'A behaviour practice.',
    });
    expect(JSON.stringify(list)).not.toContain('child protection practice');
    // The DSL reads both.
    expect(
      (await listTrainingRecords(await admin(), style)).incidents.find((i) => i.id === protection.incidentId)
        ?.firstLine,
    ).toBe('A child protection practice.');
  });

  it('is refused to a non-administrator and to an administrator without their key', async () => {
    await expect(listTrainingRecords(await teacher(), style)).rejects.toBeInstanceOf(NotAllowedError);
    await expect(listTrainingRecords(await as(adminId), style)).rejects.toThrow(
      'Elevate your access to use administration.',
    );
    await expect(enableTrainingMode(await teacher())).rejects.toBeInstanceOf(NotAllowedError);
    await expect(enableTrainingMode(await as(adminId))).rejects.toBeInstanceOf(NotAllowedError);
  });
});

describe('keeping a record as genuine', () => {
  it('clears its flag with an audit row, and refuses other schools’ ids and people who may not', async () => {
    const real = await createIncident(await teacher(), {
      studentId: kai,
      text: 'This one really happened.',
      categoryIds: cat['Behaviour']!,
    });
    const bRecord = (await listTrainingRecords(await as(bAdminId, { elevated: true, school: 'b' }), style))
      .incidents[0]!.id;

    await expect(keepTrainingRecords(await admin(), { incidentIds: bRecord, actionIds: '' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      keepTrainingRecords(await as(bAdminId, { elevated: true, school: 'b' }), {
        incidentIds: real.incidentId,
        actionIds: '',
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      keepTrainingRecords(await teacher(), { incidentIds: real.incidentId, actionIds: '' }),
    ).rejects.toBeInstanceOf(NotAllowedError);
    await expect(
      keepTrainingRecords(await as(adminId), { incidentIds: real.incidentId, actionIds: '' }),
    ).rejects.toThrow('Elevate your access');
    expect((await rowsOf.incidents([real.incidentId]))[0]?.training).toBe(true);

    expect(await keepTrainingRecords(await admin(), { incidentIds: real.incidentId, actionIds: '' })).toEqual({
      incidents: 1,
      actions: 0,
    });
    expect((await rowsOf.incidents([real.incidentId]))[0]?.training).toBe(false);
    const audit = await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'incident.training_kept'), eq(auditLog.entityId, real.incidentId))),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ studentId: kai, why: 'chosen' });
    expect((await listTrainingRecords(await admin(), style)).incidents.some((i) => i.id === real.incidentId)).toBe(
      false,
    );
    // The other school's record is untouched.
    const [bRow] = await inSchool(b.id, (tx) => tx.select().from(incidents).where(eq(incidents.id, bRecord)));
    expect(bRow?.training).toBe(true);
  });
});

describe('disabling training mode', () => {
  it('with a wrong name changes nothing and says so by the field', async () => {
    const before = await disableForm(await admin());
    const attempt = disableTrainingMode(await admin(), { ...before, schoolName: 'Training academy' });
    await expect(attempt).rejects.toBeInstanceOf(UserError);
    await expect(attempt).rejects.toMatchObject({
      fieldErrors: { schoolName: [`Type the school’s full name exactly as shown: ${NAME}`] },
    });
    expect((await findSchoolBySlug('training-a'))!.settings.trainingMode).toBe(true);
    expect((await rowsOf.incidents(before.incidentIds)).length).toBe(before.incidentIds.length);
    expect((await rowsOf.actions(before.actionIds)).length).toBe(before.actionIds.length);
  });

  it('is refused for another school’s ids, a non-administrator and an administrator without their key', async () => {
    const form = await disableForm(await admin());
    const bAdmin = await as(bAdminId, { elevated: true, school: 'b' });
    await expect(disableTrainingMode(bAdmin, { ...form, schoolName: 'Other Training School' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(disableTrainingMode(await teacher(), form)).rejects.toBeInstanceOf(NotAllowedError);
    await expect(disableTrainingMode(await as(adminId), form)).rejects.toThrow('Elevate your access');
    // A ticked id the page did not list.
    const bList = await disableForm(bAdmin, [], 'Other Training School');
    await expect(
      disableTrainingMode(await admin(), { ...form, incidentIds: [...form.incidentIds, ...bList.incidentIds] }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await findSchoolBySlug('training-a'))!.settings.trainingMode).toBe(true);
    expect((await findSchoolBySlug('training-b'))!.settings.trainingMode).toBe(true);
    expect((await rowsOf.incidents(form.incidentIds)).length).toBe(form.incidentIds.length);
  });

  it('refuses when a record was added since the list was shown', async () => {
    const form = await disableForm(await admin());
    const late = await createIncident(await teacher(), {
      studentId: ola,
      text: 'Recorded after the page opened.',
      categoryIds: cat['Behaviour']!,
    });
    await expect(disableTrainingMode(await admin(), form)).rejects.toThrow(LIST_CHANGED);
    expect((await rowsOf.incidents([late.incidentId]))[0]?.training).toBe(true);
    expect((await findSchoolBySlug('training-a'))!.settings.trainingMode).toBe(true);
  });

  it('removes exactly the ticked training records and what belongs only to them', async () => {
    // Clear the slate: earlier tests' records go, with the name typed.
    await disableTrainingMode(await admin(), await disableForm(await admin()));
    expect((await findSchoolBySlug('training-a'))!.settings.trainingMode).toBe(false);

    // Genuine records from before: an incident monitoring Zoë in Behaviour, Kai monitored by hand.
    const genuine = await createIncident(await teacher(), {
      studentId: zoe,
      text: 'A genuine concern.',
      categoryIds: cat['Behaviour']!,
      alertUserIds: adminId,
    });
    const genuineAction = await addAction(await admin(), { incidentId: genuine.incidentId, text: 'A genuine action.' });
    await inSchool(a.id, (tx) =>
      startMonitoring(tx, {
        schoolId: a.id,
        studentId: kai,
        categoryId: cat['Bullying']!,
        startedOn: '2026-01-05',
        via: 'profile',
        by: adminId,
      }),
    );
    const zoeBefore = await rowsOf.periods(zoe);
    expect(zoeBefore.map((p) => p.categoryId)).toEqual([cat['Behaviour']]);

    await enableTrainingMode(await admin());
    // A practice concern about Zoë with Seun linked (both monitored in Bullying from it), alerting the DSL.
    const practice = await createIncident(await teacher(), {
      studentId: zoe,
      text: 'Practice bullying.',
      categoryIds: cat['Bullying']!,
      linked: JSON.stringify([{ studentId: seun, role: 'alleged_harm', categoryIds: [cat['Bullying']] }]),
      alertUserIds: adminId,
    });
    const seunCopy = practice.linked[0]!.incidentId;
    const onPractice = await addAction(await admin(), {
      incidentId: practice.incidentId,
      text: 'Practice follow-up.',
      alertUserIds: teacherId,
    });
    // A training action raising the genuine incident to Child Protection (monitoring Zoë there), alerting the teacher.
    const raise = await addAction(await admin(), {
      incidentId: genuine.incidentId,
      text: 'Practice referral.',
      categoryIds: cat['Child Protection']!,
      alertUserIds: teacherId,
    });
    // Ola: a practice incident starts Safeguarding monitoring; a real one recorded meanwhile relied on it and is kept.
    const olaPractice = await createIncident(await teacher(), {
      studentId: ola,
      text: 'Practice safeguarding.',
      categoryIds: cat['Safeguarding']!,
    });
    const olaReal = await createIncident(await teacher(), {
      studentId: ola,
      text: 'Real safeguarding concern.',
      categoryIds: cat['Safeguarding']!,
    });
    // Kai, already monitored in Bullying by hand: a practice incident adds nothing there; a deleted practice one goes too.
    const kaiPractice = await createIncident(await teacher(), {
      studentId: kai,
      text: 'Practice bullying.',
      categoryIds: cat['Bullying']!,
    });
    const kaiDeleted = await createIncident(await teacher(), {
      studentId: kai,
      text: 'Practice, then deleted.',
      categoryIds: cat['Bullying']!,
    });
    await deleteIncident(await admin(), { incidentId: kaiDeleted.incidentId, reason: 'Entered twice in practice' });

    expect((await rowsOf.periods(zoe)).map((p) => p.categoryId).sort()).toEqual(
      [cat['Behaviour'], cat['Bullying'], cat['Child Protection']].sort(),
    );
    const removedIncidents = [
      practice.incidentId,
      seunCopy,
      olaPractice.incidentId,
      kaiPractice.incidentId,
      kaiDeleted.incidentId,
    ];
    const removedActions = [onPractice.actionId, raise.actionId];
    const listed = await listTrainingRecords(await admin(), style);
    expect(listed.incidents.map((i) => i.id).sort()).toEqual([...removedIncidents, olaReal.incidentId].sort());
    expect(listed.actions.map((i) => i.id).sort()).toEqual(removedActions.sort());
    expect(listed.incidents.find((i) => i.id === kaiDeleted.incidentId)?.deleted).toBe(true);

    const result = await disableTrainingMode(await admin(), await disableForm(await admin(), [olaReal.incidentId]));
    expect(result).toEqual({ removed: { incidents: 5, actions: 2 }, kept: { incidents: 1, actions: 0 } });

    // The training records and everything that was only theirs are gone.
    expect(await rowsOf.incidents(removedIncidents)).toEqual([]);
    expect(await rowsOf.actions(removedActions)).toEqual([]);
    const left = await inSchool(a.id, async (tx) => ({
      versions: await tx.select().from(incidentVersions).where(inArray(incidentVersions.incidentId, removedIncidents)),
      actionVersions: await tx.select().from(actionVersions).where(inArray(actionVersions.actionId, removedActions)),
      categories: await tx
        .select()
        .from(incidentCategories)
        .where(
          sql`${incidentCategories.incidentId} in ${removedIncidents} or ${incidentCategories.actionId} in ${removedActions}`,
        ),
      alerts: await tx
        .select()
        .from(alerts)
        .where(sql`${alerts.incidentId} in ${removedIncidents} or ${alerts.actionId} in ${removedActions}`),
    }));
    expect(left).toEqual({ versions: [], actionVersions: [], categories: [], alerts: [] });

    // The genuine incident keeps itself, its genuine action, its own alert and categories; it loses the training action.
    expect(
      (await rowsOf.incidents([genuine.incidentId, olaReal.incidentId])).map((r) => [r.id, r.training]).sort(),
    ).toEqual(
      [
        [genuine.incidentId, false],
        [olaReal.incidentId, false],
      ].sort(),
    );
    expect((await rowsOf.actions([genuineAction.actionId]))[0]?.text).toBe('A genuine action.');
    const genuineCats = await inSchool(a.id, (tx) =>
      tx.select().from(incidentCategories).where(eq(incidentCategories.incidentId, genuine.incidentId)),
    );
    expect(genuineCats.map((c) => [c.categoryId, c.actionId, c.removedAt])).toEqual([[cat['Behaviour'], null, null]]);
    expect(
      await inSchool(a.id, (tx) => tx.select().from(alerts).where(eq(alerts.incidentId, genuine.incidentId))),
    ).toHaveLength(1);
    const chronology = await (async () => {
      const ctx = await admin();
      const subject = await accessSubjectOf(ctx);
      return ctx.run((tx) => chronologyFor(tx, ctx, subject, zoe, style)).then((c) => c.incidents);
    })();
    expect(chronology.map((i) => i.id)).not.toContain(practice.incidentId);
    expect(chronology.find((i) => i.id === genuine.incidentId)?.actions.map((x) => x.text)).toEqual([
      'A genuine action.',
    ]);

    // Monitoring: what only training started is gone; what genuine records rely on stays.
    expect(await rowsOf.periods(zoe)).toEqual(zoeBefore);
    expect(await rowsOf.periods(seun)).toEqual([]);
    const olaPeriods = await rowsOf.periods(ola);
    expect(
      olaPeriods.filter((p) => p.categoryId === cat['Safeguarding']).map((p) => [p.startedByIncidentId, p.endedOn]),
    ).toEqual([[olaReal.incidentId, null]]);
    // Kai's: the one started by hand, and the one of the record kept as genuine earlier.
    expect((await rowsOf.periods(kai)).map((p) => [p.categoryId, p.startedVia]).sort()).toEqual(
      [
        [cat['Behaviour'], 'incident'],
        [cat['Bullying'], 'profile'],
      ].sort(),
    );
    // No monitoring points at an incident that is not there any more.
    const dangling = await inSchool(a.id, (tx) =>
      tx
        .select({ id: monitoringPeriods.id })
        .from(monitoringPeriods)
        .leftJoin(incidents, eq(incidents.id, monitoringPeriods.startedByIncidentId))
        .where(and(sql`${monitoringPeriods.startedByIncidentId} is not null`, isNull(incidents.id))),
    );
    expect(dangling).toEqual([]);

    // Off, audited with counts and no content, on the named privileged path; the other school untouched.
    expect((await findSchoolBySlug('training-a'))!.settings.trainingMode).toBe(false);
    const [audit] = await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, 'admin.training_mode_disabled'))
        .orderBy(sql`${auditLog.at} desc`)
        .limit(1),
    );
    expect(audit?.details).toMatchObject({
      removed: { incidents: 5, actions: 2, alerts: 3, monitoringRemoved: 3, monitoringKept: 1 },
      kept: { chosen: { incidents: 1, actions: 0 } },
    });
    expect(JSON.stringify(audit?.details)).not.toMatch(/Practice|Zoë|safeguarding concern/i);
    const db = await getDb();
    const log = await db
      .select()
      .from(privilegedAccessLog)
      .where(eq(privilegedAccessLog.purpose, 'training-mode-purge'));
    expect(log.length).toBeGreaterThanOrEqual(2);
    expect(log.every((l) => l.detail.includes(a.id))).toBe(true);
    expect((await findSchoolBySlug('training-b'))!.settings.trainingMode).toBe(true);
    expect(await inSchool(b.id, (tx) => tx.select().from(incidents).where(eq(incidents.training, true)))).toHaveLength(
      1,
    );
    expect(trainingBanner(await teacher())).toBeNull();
  });

  it('keeps a training incident that holds a genuine record, and says so if it is ticked', async () => {
    await enableTrainingMode(await admin());
    // Kept action on a training incident: the incident must stay with it.
    const held = await createIncident(await teacher(), {
      studentId: kai,
      text: 'Practice with a real follow-up.',
      categoryIds: cat['Behaviour']!,
    });
    const realAction = await addAction(await admin(), { incidentId: held.incidentId, text: 'Real follow-up.' });
    await keepTrainingRecords(await admin(), { incidentIds: '', actionIds: realAction.actionId });
    // A genuine incident merged into a training one lives on there.
    const target = await createIncident(await teacher(), {
      studentId: seun,
      text: 'Practice target.',
      categoryIds: cat['Behaviour']!,
    });
    const real = await createIncident(await teacher(), {
      studentId: seun,
      text: 'Real, merged in.',
      categoryIds: cat['Behaviour']!,
    });
    await keepTrainingRecords(await admin(), { incidentIds: real.incidentId, actionIds: '' });
    await mergeIncident(await admin(), { incidentId: real.incidentId, intoNumber: String(target.number) });

    const list = await listTrainingRecords(await admin(), style);
    expect(list.incidents.find((i) => i.id === held.incidentId)?.heldBecause).toBe('genuine_action');
    expect(list.incidents.find((i) => i.id === target.incidentId)?.heldBecause).toBe('genuine_merged');

    const form = await disableForm(await admin());
    const ticked = { ...form, incidentIds: [...form.incidentIds, held.incidentId] };
    const refused = disableTrainingMode(await admin(), ticked);
    await expect(refused).rejects.toMatchObject({
      fieldErrors: { records: [expect.stringContaining(`Incident #${held.number}`)] },
    });
    expect((await findSchoolBySlug('training-a'))!.settings.trainingMode).toBe(true);

    const result = await disableTrainingMode(await admin(), form);
    expect(result.removed).toEqual({ incidents: 0, actions: 0 });
    const stored = await rowsOf.incidents([held.incidentId, target.incidentId, real.incidentId]);
    expect(stored.map((r) => [r.id, r.training]).sort()).toEqual(
      [
        [held.incidentId, false],
        [target.incidentId, false],
        [real.incidentId, false],
      ].sort(),
    );
    expect((await rowsOf.actions([realAction.actionId]))[0]?.training).toBe(false);
    const why = await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'incident.training_kept'), eq(auditLog.entityId, held.incidentId))),
    );
    expect(why.map((r) => (r.details as { why: string }).why)).toEqual(['chosen']);
  });
});
