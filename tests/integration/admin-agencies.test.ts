/**
 * Admin → Agencies and "Agencies involved" against a real database: who may
 * change the list, another school's ids (on the admin page and in the record
 * forms), a rename showing on past incidents while their history reads as
 * saved, a disabled agency kept where it is but not chosen anew, and the
 * one-off migration of free-text agencies into each school's list.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { getDatabase } from '@/db/client';
import { inSchool } from '@/db/scoped';
import { agencies, auditLog, categories, incidentActions, incidents, studentProfiles } from '@/db/schema';
import { createAgency, listAgencies, renameAgency, setAgencyEnabled } from '@/lib/admin';
import { ELEVATE_FOR_ADMIN } from '@/lib/admin/guard';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import { addAction } from '@/lib/incidents/add-action';
import { createIncident } from '@/lib/incidents/create';
import { editIncident, listIncidentVersions } from '@/lib/incidents';
import { editAction, getActionForEdit, listActionVersions } from '@/lib/incidents/edit-action';
import { getIncident } from '@/lib/incidents/queries';
import { getProfileEdit, getProfileOverview } from '@/lib/profile';
import { updateProfileDetails } from '@/lib/students';
import { DEFAULT_NAME_STYLE } from '@/lib/students/names';
import type { Ctx, School, UserCtx } from '@/lib/tenancy/context';
import { makeCtx } from '@/lib/tenancy/make-ctx';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const style = DEFAULT_NAME_STYLE;
let a: School;
let b: School;
let admin: UserCtx;
let adminB: UserCtx;
let adminUnelevated: UserCtx;
let teacher: UserCtx;
let pupil: string;
let pupilB: string;
let behaviour: string;
let behaviourB: string;

/** Each call is a new request, as in the app (the permission subject is read once per request). */
const fresh = (ctx: UserCtx) => makeCtx(ctx.school, ctx.user, ctx.meta) as UserCtx;

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

async function categoryOf(school: School, name: string) {
  const [row] = await inSchool(school.id, (tx) =>
    tx
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.schoolId, school.id), eq(categories.name, name))),
  );
  return row!.id;
}

beforeAll(async () => {
  a = await makeSchool('agencies-a');
  b = await makeSchool('agencies-b');
  const adminId = await makeUser({
    email: 'dsl@agency.example.org',
    displayName: 'Dee Ess',
    memberships: { [a.slug]: 'DSL', [b.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  admin = (await signedIn(a, adminId, { elevated: true })).ctx;
  adminB = (await signedIn(b, adminId, { elevated: true })).ctx;
  adminUnelevated = makeCtx(a, { ...admin.user, elevated: false }, admin.meta) as UserCtx;
  const teacherId = await makeUser({
    email: 'teacher@agency.example.org',
    displayName: 'Tee Cher',
    memberships: { [a.slug]: 'Teachers' },
  });
  teacher = (await signedIn(a, teacherId)).ctx;
  [pupil] = (await addPupils(a.id, [{ legalForename: 'Ada', legalSurname: 'One' }])) as [string];
  [pupilB] = (await addPupils(b.id, [{ legalForename: 'Bea', legalSurname: 'Two' }])) as [string];
  behaviour = await categoryOf(a, 'Behaviour');
  behaviourB = await categoryOf(b, 'Behaviour');
});

describe('who may change the list', () => {
  const surfaces: [string, (ctx: Ctx) => Promise<unknown>][] = [
    ['list', (ctx) => listAgencies(ctx)],
    ['add', (ctx) => createAgency(ctx, { name: 'Refused agency' })],
    ['rename', (ctx) => renameAgency(ctx, { agencyId: randomUUID(), name: 'Nope' })],
    ['disable', (ctx) => setAgencyEnabled(ctx, { agencyId: randomUUID() }, false)],
    ['enable', (ctx) => setAgencyEnabled(ctx, { agencyId: randomUUID() }, true)],
  ];
  for (const [role, ctxOf, message] of [
    ['administrator without their key', () => adminUnelevated, ELEVATE_FOR_ADMIN],
    ['teacher', () => teacher, undefined],
  ] as const) {
    for (const [surface, call] of surfaces) {
      it(`${role}: ${surface} → not allowed`, async () => {
        const err = await refusal(call(ctxOf()));
        expect(err).toBeInstanceOf(NotAllowedError);
        if (message) expect((err as Error).message).toBe(message);
        expect(await inSchool(a.id, (tx) => tx.select().from(agencies))).toEqual([]);
      });
    }
  }
});

describe('the list and the records', () => {
  let police: string;
  let camhs: string;
  let foreign: string;

  it('adds agencies (a clash ignoring case is refused) and audits them', async () => {
    police = (await createAgency(admin, { name: '  Police  ' })).agencyId;
    camhs = (await createAgency(admin, { name: 'CAMHS' })).agencyId;
    foreign = (await createAgency(adminB, { name: 'Police' })).agencyId;
    const clash = await refusal(createAgency(admin, { name: 'police' }));
    expect((clash as UserError).fieldErrors?.name?.[0]).toMatch(/already has an agency/);
    expect((await listAgencies(admin)).map((x) => [x.name, x.enabled])).toEqual([
      ['CAMHS', true],
      ['Police', true],
    ]);
    const rows = await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, police), eq(auditLog.action, 'admin.agency_created'))),
    );
    expect(rows).toHaveLength(1);
  });

  it("refuses another school's agency on the admin page and in every form, saving nothing", async () => {
    expect(await refusal(renameAgency(admin, { agencyId: foreign, name: 'Mine now' }))).toBeInstanceOf(NotFoundError);
    expect(await refusal(setAgencyEnabled(admin, { agencyId: foreign }, false))).toBeInstanceOf(NotFoundError);
    expect(await refusal(renameAgency(admin, { agencyId: 'not-an-id', name: 'x' }))).toBeInstanceOf(Error);
    const before = (await inSchool(a.id, (tx) => tx.select().from(incidents))).length;
    const err = await refusal(
      createIncident(fresh(admin), {
        studentId: pupil,
        text: 'Told the police.',
        categoryIds: behaviour,
        agencyIds: foreign,
        occurredAt: '2026-03-10T09:15',
      }),
    );
    expect((err as UserError).fieldErrors?.agencyIds).toEqual(['Choose agencies from the list.']);
    expect((await inSchool(a.id, (tx) => tx.select().from(incidents))).length).toBe(before);
    const profile = await refusal(
      updateProfileDetails(fresh(admin), {
        studentId: pupil,
        version: 0,
        summary: '',
        keywords: '',
        agencyIds: foreign,
        agencies: '',
      }),
    );
    expect((profile as UserError).fieldErrors?.agencyIds).toEqual(['Choose agencies from the list.']);
    expect(await inSchool(a.id, (tx) => tx.select().from(studentProfiles))).toEqual([]);
    // School B's list is untouched.
    expect((await listAgencies(adminB)).map((x) => x.name)).toEqual(['Police']);
  });

  it('a rename shows on past incidents, actions and profiles; the history reads as it was saved', async () => {
    const created = await createIncident(fresh(admin), {
      studentId: pupil,
      text: 'Police called after the fight.',
      categoryIds: behaviour,
      agencyIds: `${police},${camhs}`,
      agencies: 'Youth club',
      occurredAt: '2026-03-10T09:15',
    });
    await addAction(fresh(admin), { incidentId: created.incidentId, text: 'Spoke to the officer.', agencyIds: police });
    await updateProfileDetails(fresh(admin), {
      studentId: pupil,
      version: 0,
      summary: '',
      keywords: '',
      agencyIds: police,
      agencies: 'Early Help',
    });
    await renameAgency(admin, { agencyId: police, name: 'Thames Valley Police' });

    const view = await getIncident(fresh(admin), created.incidentId, style);
    expect(view.agencies).toEqual(['CAMHS', 'Thames Valley Police', 'Youth club']);
    expect(view.otherAgencies).toEqual(['Youth club']);
    expect(view.actions[0]!.agencies).toEqual(['Thames Valley Police']);
    const history = await listIncidentVersions(fresh(admin), created.incidentId);
    expect(history.versions[0]!.agencies).toEqual(['CAMHS', 'Police', 'Youth club']);
    const overview = await getProfileOverview(fresh(admin), pupil, style);
    expect(overview.data.agencies).toEqual(['Thames Valley Police', 'Early Help']);
    const [audit] = await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, police), eq(auditLog.action, 'admin.agency_renamed'))),
    );
    expect(audit?.details).toEqual({ from: 'Police', to: 'Thames Valley Police' });
  });

  it('a disabled agency is not offered or chosen anew, stays on records, and a profile that names it keeps it', async () => {
    await setAgencyEnabled(admin, { agencyId: police }, false);
    const err = await refusal(
      createIncident(fresh(admin), {
        studentId: pupil,
        text: 'Again.',
        categoryIds: behaviour,
        agencyIds: police,
        occurredAt: '2026-03-10T09:15',
      }),
    );
    expect((err as UserError).fieldErrors?.agencyIds).toEqual(['Choose agencies from the list.']);
    const edit = await getProfileEdit(fresh(admin), pupil, style);
    // Offered on the profile only because the profile already names it.
    expect(edit.data.agencyOptions.map((o) => o.name)).toEqual(['CAMHS', 'Thames Valley Police']);
    await updateProfileDetails(fresh(admin), {
      studentId: pupil,
      version: edit.data.profile.version,
      summary: 'Still known to police',
      keywords: '',
      agencyIds: police,
      agencies: 'Early Help',
    });
    const overview = await getProfileOverview(fresh(admin), pupil, style);
    expect(overview.data.agencies).toEqual(['Thames Valley Police', 'Early Help']);
    await setAgencyEnabled(admin, { agencyId: police }, true);
    expect((await listAgencies(admin)).find((x) => x.id === police)).toMatchObject({ enabled: true, records: 3 });
  });

  it('editing an incident or an action changes its listed agencies, keeps a disabled one it names, refuses others', async () => {
    const created = await createIncident(fresh(admin), {
      studentId: pupil,
      text: 'Seen by CAMHS.',
      categoryIds: behaviour,
      agencyIds: `${police},${camhs}`,
      occurredAt: '2026-03-11T09:15',
    });
    const { actionId } = await addAction(fresh(admin), {
      incidentId: created.incidentId,
      text: 'Rang CAMHS.',
      agencyIds: camhs,
    });
    await setAgencyEnabled(admin, { agencyId: police }, false);
    const incidentEdit = (over: Record<string, string>) => ({
      incidentId: created.incidentId,
      version: 1,
      text: 'Seen by CAMHS.',
      categoryIds: behaviour,
      occurredAt: '2026-03-11T09:15',
      status: 'active',
      ...over,
    });
    // Another school's agency, or one the school has disabled and the record does not name: refused, nothing saved.
    for (const agencyIds of [foreign, `${police},${foreign}`]) {
      const err = await refusal(editIncident(fresh(admin), incidentEdit({ agencyIds })));
      expect((err as UserError).fieldErrors?.agencyIds).toEqual(['Choose agencies from the list.']);
    }
    // Police is disabled, but the incident names it: kept. CAMHS is unticked; free text added.
    await editIncident(fresh(admin), incidentEdit({ agencyIds: police, agencies: 'School nurse' }));
    const view = await getIncident(fresh(admin), created.incidentId, style);
    expect(view.agencyIds).toEqual([police]);
    expect(view.agencies).toEqual(['Thames Valley Police', 'School nurse']);
    const history = await listIncidentVersions(fresh(admin), created.incidentId);
    expect(history.versions.map((v) => v.agencies)).toEqual([
      ['Thames Valley Police', 'School nurse'],
      ['CAMHS', 'Thames Valley Police'],
    ]);

    // The action names only CAMHS: the disabled Police is neither offered nor accepted for it.
    const form = await getActionForEdit(fresh(admin), created.incidentId, actionId);
    expect(form.agencyIds).toEqual([camhs]);
    expect(form.agencyOptions.map((o) => o.name)).toEqual(['CAMHS']);
    const actionEdit = (agencyIds: string) => ({
      actionId,
      version: 1,
      text: 'Rang CAMHS.',
      occurredAt: '2026-03-11T10:00',
      agencyIds,
      agencies: '',
    });
    const refused = await refusal(editAction(fresh(admin), actionEdit(police)));
    expect((refused as UserError).fieldErrors?.agencyIds).toEqual(['Choose agencies from the list.']);
    await editAction(fresh(admin), actionEdit(''));
    const actionHistory = await listActionVersions(fresh(admin), created.incidentId, actionId);
    expect(actionHistory.versions.map((v) => v.agencies)).toEqual([[], ['CAMHS']]);
    const [stored] = await inSchool(a.id, (tx) =>
      tx.select().from(incidentActions).where(eq(incidentActions.id, actionId)),
    );
    expect(stored).toMatchObject({ agencyIds: [], agencies: [], version: 2 });
    await setAgencyEnabled(admin, { agencyId: police }, true);
  });
});

describe('the migration of free-text agencies', () => {
  it('puts every distinct value per school on its list and keeps every value on every record', async () => {
    const long = 'A'.repeat(120);
    // Records as they were before the list existed: free text only.
    const seed = async (school: School, studentId: string, categoryId: string, values: string[][]) => {
      const ctx = school.id === a.id ? admin : adminB;
      const made = await createIncident(fresh(ctx), {
        studentId,
        text: 'Before the list.',
        categoryIds: categoryId,
        occurredAt: '2026-03-10T09:15',
      });
      await inSchool(school.id, async (tx) => {
        await tx
          .update(incidents)
          .set({ agencies: values[0]!, agencyIds: [] })
          .where(eq(incidents.id, made.incidentId));
        await tx.insert(incidentActions).values({
          id: randomUUID(),
          schoolId: school.id,
          incidentId: made.incidentId,
          text: 'Action before the list.',
          occurredAt: new Date('2026-03-10T10:00:00Z'),
          agencies: values[1]!,
        });
      });
      return made.incidentId;
    };
    const [ada] = (await addPupils(a.id, [{ legalForename: 'Mig', legalSurname: 'Rated' }])) as [string];
    const incA = await seed(a, ada, behaviour, [
      ['Social Care', ' youth offending team ', long],
      ['social care', 'School Nurse'],
    ]);
    const incB = await seed(b, pupilB, behaviourB, [['Probation'], ['Social Care']]);
    await inSchool(a.id, (tx) =>
      tx
        .insert(studentProfiles)
        .values({ schoolId: a.id, studentId: ada, agencies: ['Young Carers Service', 'CAMHS'] }),
    );

    const { db, driver } = await getDatabase();
    const text = readFileSync(path.join(process.cwd(), 'db/migrations/0029_agencies_from_free_text.sql'), 'utf8');
    const client = (
      db as unknown as { $client: { exec?: (q: string) => Promise<unknown>; query: (q: string) => Promise<unknown> } }
    ).$client;
    await (driver === 'pglite' ? client.exec!(text) : client.query(text));

    const names = async (school: School) =>
      (await inSchool(school.id, (tx) => tx.select({ name: agencies.name }).from(agencies))).map((r) => r.name).sort();
    // A's list: what it had, plus each new value once (case and spaces ignored), the free text of records made
    // since the list existed included; the long value stays free text.
    expect(await names(a)).toEqual(
      [
        'CAMHS',
        'Early Help',
        'School Nurse',
        'Social Care',
        'Thames Valley Police',
        'Young Carers Service',
        'Youth club',
        'youth offending team',
      ].sort(),
    );
    expect(await names(b)).toEqual(['Police', 'Probation', 'Social Care']);

    const viewA = await getIncident(fresh(admin), incA, style);
    expect(viewA.agencies).toEqual(['Social Care', 'youth offending team', long]);
    expect(viewA.otherAgencies).toEqual([long]);
    expect(viewA.actions.find((x) => x.text === 'Action before the list.')!.agencies).toEqual([
      'School Nurse',
      'Social Care',
    ]);
    const viewB = await getIncident(fresh(adminB), incB, style);
    expect(viewB.agencies).toEqual(['Probation']);
    expect(viewB.otherAgencies).toEqual([]);
    expect((await getProfileOverview(fresh(admin), ada, style)).data.agencies).toEqual([
      'CAMHS',
      'Young Carers Service',
    ]);
    // The CAMHS already on the list was reused, not doubled; ids records already held are kept.
    expect((await listAgencies(admin)).filter((x) => x.name === 'CAMHS')).toHaveLength(1);
    const older = await inSchool(a.id, (tx) =>
      tx.select().from(incidents).where(eq(incidents.text, 'Police called after the fight.')),
    );
    expect((await getIncident(fresh(admin), older[0]!.id, style)).agencies).toEqual([
      'CAMHS',
      'Thames Valley Police',
      'Youth club',
    ]);
  });
});
