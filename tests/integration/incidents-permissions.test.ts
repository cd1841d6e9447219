/**
 * What the incident pages may offer, as the permission engine decides it in
 * the reads they make: the delete and merge pages exist only for someone who
 * may do that (anyone else gets "not found", the 404 page), assigning needs a
 * key holder using their key whether adding or editing, `mayEdit` is decided
 * per incident, deleted actions show only where they may be restored, and a
 * change lands on the chronology only for someone who may open the pupil.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { auditLog, categories, incidents, incidentVersions } from '@/db/schema';
import { NotAllowedError, NotFoundError } from '@/lib/errors';
import { addAction } from '@/lib/incidents/add-action';
import { createIncident } from '@/lib/incidents/create';
import { deleteAction, deleteIncident, editIncident } from '@/lib/incidents';
import { getIncident, getIncidentStudent } from '@/lib/incidents/queries';
import { ASSIGN_REFUSED } from '@/lib/incidents/resource';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { DEFAULT_NAME_STYLE } from '@/lib/students/names';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const style = DEFAULT_NAME_STYLE;
let a: School;
let teacher: UserCtx;
let dsl: UserCtx;
let dslId: string;
let sltId: string;
let bDsl: UserCtx;
let zoe: string;
let lee: string;
let cat: Record<string, string>;

beforeAll(async () => {
  a = await makeSchool('incperm-a');
  const b = await makeSchool('incperm-b');
  const person = (email: string, name: string, group: string, school = a) =>
    makeUser({ email, displayName: name, memberships: { [school.slug]: group }, totpSecret: SECRET });
  dslId = await person('dsl@incperm.example.org', 'David Okafor', 'DSL');
  sltId = await person('slt@incperm.example.org', 'Sam Lee', 'SLT');
  teacher = (await signedIn(a, await person('teacher@incperm.example.org', 'Tom Hughes', 'Teachers'))).ctx;
  dsl = (await signedIn(a, dslId, { elevated: true })).ctx;
  bDsl = (await signedIn(b, await person('dsl@incperm-b.example.org', 'B DSL', 'DSL', b), { elevated: true })).ctx;
  [zoe, lee] = (await addPupils(a.id, [
    { legalForename: 'Zoë', legalSurname: "O'Brien" },
    { legalForename: 'Lee', legalSurname: 'Leaver', archived: true },
  ])) as [string, string];
  const rows = await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories));
  cat = Object.fromEntries(rows.map((r) => [r.name, r.id]));
});

// A request's access subject is read once per context (live alerts included): each request here gets a fresh one.
const dslNoKey = async () => (await signedIn(a, dslId)).ctx;
const slt = async () => (await signedIn(a, sltId, { elevated: true })).ctx;

/** A Behaviour incident about Zoë by the teacher, alerting the DSL (so they may read it without their key). */
const reported = async (text: string) =>
  (await createIncident(teacher, { studentId: zoe, text, categoryIds: cat['Behaviour']!, alertUserIds: dsl.user.id }))
    .incidentId;

const viewsRecorded = async (ctx: UserCtx, incidentId: string) =>
  (
    await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(
          and(
            eq(auditLog.actorUserId, ctx.user.id),
            eq(auditLog.action, 'incident.viewed'),
            eq(auditLog.entityId, incidentId),
          ),
        ),
    )
  ).length;

describe('the delete and merge pages', () => {
  it('are read only for someone who may delete or merge the incident; anyone else is told "not found"', async () => {
    const incidentId = await reported('A concern to tidy up.');
    for (const toDo of ['incident.delete', 'incident.merge'] as const) {
      expect(await getIncident(dsl, incidentId, style, toDo)).toMatchObject({ id: incidentId, mayEdit: true });
      // SLT read every Behaviour incident but do not edit; the DSL without their key reads it through the alert.
      for (const ctx of [await slt(), await dslNoKey(), teacher, bDsl]) {
        await expect(getIncident(ctx, incidentId, style, toDo), `${ctx.user.email} ${toDo}`).rejects.toBeInstanceOf(
          NotFoundError,
        );
      }
    }
    // They may still read the incident itself, where no such option is offered.
    expect(await getIncident(await slt(), incidentId, style)).toMatchObject({ mayEdit: false });
    expect(await getIncident(await dslNoKey(), incidentId, style)).toMatchObject({ mayEdit: false });
  });

  it('record no view when they refuse', async () => {
    const incidentId = await reported('Not for the SLT to delete.');
    const sam = await slt();
    await expect(getIncident(sam, incidentId, style, 'incident.delete')).rejects.toBeInstanceOf(NotFoundError);
    expect(await viewsRecorded(sam, incidentId)).toBe(0);
    await getIncident(sam, incidentId, style);
    expect(await viewsRecorded(sam, incidentId)).toBe(1);
  });

  it('are "not found" for a deleted incident, which its editor may restore instead', async () => {
    const incidentId = await reported('Recorded twice.');
    await deleteIncident(dsl, { incidentId, reason: 'Duplicate' });
    await expect(getIncident(dsl, incidentId, style, 'incident.delete')).rejects.toBeInstanceOf(NotFoundError);
    await expect(getIncident(dsl, incidentId, style, 'incident.merge')).rejects.toBeInstanceOf(NotFoundError);
    expect(await getIncident(dsl, incidentId, style)).toMatchObject({
      deleted: { reason: 'Duplicate' },
      mayEdit: true,
    });
  });
});

describe('assigning', () => {
  it('a key holder without their key cannot assign through an edit, and nothing is stored', async () => {
    const incidentId = await reported('Needs someone to follow it up.');
    const edit = {
      incidentId,
      version: 1,
      text: 'Needs someone to follow it up.',
      categoryIds: cat['Behaviour']!,
      occurredAt: '2026-03-01T09:00',
      status: 'active',
      agencies: '',
      assigneeId: dsl.user.id,
    };
    const attempt = editIncident(await dslNoKey(), edit);
    await expect(attempt).rejects.toBeInstanceOf(NotAllowedError);
    await expect(attempt).rejects.toThrow('Use your key to do this.');
    const [row] = await inSchool(a.id, (tx) => tx.select().from(incidents).where(eq(incidents.id, incidentId)));
    expect(row).toMatchObject({ assigneeId: null, version: 1 });
    expect(
      await inSchool(a.id, (tx) =>
        tx.select().from(incidentVersions).where(eq(incidentVersions.incidentId, incidentId)),
      ),
    ).toHaveLength(1);
    // With the key, the same edit assigns.
    expect(await editIncident(dsl, edit)).toEqual({ version: 2 });
    expect((await getIncident(dsl, incidentId, style)).assigneeName).toBe('David Okafor');
  });

  it('is refused with the same words when adding', async () => {
    await expect(
      createIncident(await dslNoKey(), {
        studentId: zoe,
        text: 'x',
        categoryIds: cat['Behaviour']!,
        assigneeId: dsl.user.id,
      }),
    ).rejects.toThrow(ASSIGN_REFUSED);
    await expect(
      createIncident(teacher, { studentId: zoe, text: 'x', categoryIds: cat['Behaviour']!, assigneeId: dsl.user.id }),
    ).rejects.toThrow(ASSIGN_REFUSED);
  });
});

describe('what the incident pages offer', () => {
  it('shows deleted actions only where the reader may restore them', async () => {
    const incidentId = await reported('Seen in the corridor.');
    const { actionId } = await addAction(dsl, { incidentId, text: 'Written on the wrong incident.' });
    await deleteAction(dsl, { actionId, reason: 'Wrong incident' });
    const actionsFor = async (ctx: UserCtx) =>
      (await getIncident(ctx, incidentId, style)).actions.map((x) => [x.text, x.deleted?.reason ?? null]);
    expect(await actionsFor(dsl)).toEqual([['Written on the wrong incident.', 'Wrong incident']]);
    // The DSL's group may restore actions, but not without the key: through the alert they read the live record only.
    expect(await actionsFor(await dslNoKey())).toEqual([]);
    expect(await actionsFor(await slt())).toEqual([]);
  });

  it('lands on the chronology only for someone who may open the pupil', async () => {
    // An incident about a pupil who has left: the SLT read it through their alert, but may not open archived pupils.
    const { incidentId } = await createIncident(dsl, {
      studentId: lee,
      text: 'Concern raised after leaving.',
      categoryIds: cat['Behaviour']!,
      alertUserIds: sltId,
    });
    const sam = await slt();
    expect(await getIncident(sam, incidentId, style)).toMatchObject({ mayOpenPupil: false, mayEdit: false });
    expect(await getIncidentStudent(sam, incidentId)).toBeNull();
    expect(await getIncident(dsl, incidentId, style)).toMatchObject({ mayOpenPupil: true, mayEdit: true });
    expect(await getIncidentStudent(dsl, incidentId)).toBe(lee);
    // Without the key nobody opens a pupil: the incident's own page is where they land.
    const another = await reported('Another one.');
    expect(await getIncidentStudent(await dslNoKey(), another)).toBeNull();
    expect(await getIncidentStudent(dsl, another)).toBe(zoe);
  });
});
