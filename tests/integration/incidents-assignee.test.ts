/**
 * An incident is assigned only to someone the forms offer: an active member
 * of the school whose group holds a key. A forged id — a teacher without a
 * key, another school's DSL, a deactivated member — is refused on the add and
 * the edit form alike, and nothing is saved.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { categories, incidents, memberships } from '@/db/schema';
import { NotFoundError, UserError } from '@/lib/errors';
import { editIncident } from '@/lib/incidents';
import { NOT_ASSIGNABLE } from '@/lib/incidents/assignees';
import { createIncident } from '@/lib/incidents/create';
import type { School, UserCtx } from '@/lib/tenancy/context';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let a: School;
let dsl: UserCtx;
let teacherId: string;
let pastoralId: string;
let leaverId: string;
let bDslId: string;
let zoe: string;
let behaviour: string;

beforeAll(async () => {
  a = await makeSchool('assignee-a');
  const b = await makeSchool('assignee-b');
  const dslId = await makeUser({
    email: 'dsl@assign.example.org',
    displayName: 'David Okafor',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  teacherId = await makeUser({
    email: 'teacher@assign.example.org',
    displayName: 'Tom Hughes',
    memberships: { [a.slug]: 'Teachers' },
  });
  pastoralId = await makeUser({
    email: 'pastoral@assign.example.org',
    displayName: 'Ben Price',
    memberships: { [a.slug]: 'Pastoral' },
    totpSecret: SECRET,
  });
  leaverId = await makeUser({
    email: 'leaver@assign.example.org',
    displayName: 'Lee Left',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  bDslId = await makeUser({
    email: 'dsl@assign-b.example.org',
    displayName: 'B DSL',
    memberships: { [b.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  await inSchool(a.id, (tx) =>
    tx.update(memberships).set({ status: 'deactivated' }).where(eq(memberships.userId, leaverId)),
  );
  dsl = (await signedIn(a, dslId, { elevated: true })).ctx;
  [zoe] = (await addPupils(a.id, [{ legalForename: 'Zoë', legalSurname: 'Assigned' }])) as [string];
  const rows = await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories));
  behaviour = rows.find((r) => r.name === 'Behaviour')!.id;
});

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as Error,
  );
const count = async () => (await inSchool(a.id, (tx) => tx.select({ id: incidents.id }).from(incidents))).length;

describe('assigning an incident', () => {
  it('on the add form: a key holder is accepted; a teacher, a leaver or another school’s DSL is refused', async () => {
    const before = await count();
    const teacher = await refusal(
      createIncident(dsl, { studentId: zoe, text: 'To a teacher.', categoryIds: behaviour, assigneeId: teacherId }),
    );
    expect(teacher).toBeInstanceOf(UserError);
    expect((teacher as UserError).fieldErrors?.assigneeId).toEqual([NOT_ASSIGNABLE]);
    for (const id of [leaverId, bDslId]) {
      expect(
        await refusal(createIncident(dsl, { studentId: zoe, text: 'Forged.', categoryIds: behaviour, assigneeId: id })),
      ).toBeInstanceOf(NotFoundError);
    }
    expect(await count()).toBe(before);
    const { incidentId } = await createIncident(dsl, {
      studentId: zoe,
      text: 'For the pastoral lead.',
      categoryIds: behaviour,
      assigneeId: pastoralId,
    });
    const [row] = await inSchool(a.id, (tx) => tx.select().from(incidents).where(eq(incidents.id, incidentId)));
    expect(row?.assigneeId).toBe(pastoralId);
  });

  it('on the edit form: the same people are refused and the incident keeps its assignee', async () => {
    const { incidentId } = await createIncident(dsl, { studentId: zoe, text: 'Edit me.', categoryIds: behaviour });
    const edit = (assigneeId: string) =>
      editIncident(dsl, {
        incidentId,
        version: 1,
        text: 'Edit me.',
        categoryIds: behaviour,
        occurredAt: '2026-03-01T09:00',
        status: 'active',
        agencies: '',
        assigneeId,
      });
    expect(await refusal(edit(teacherId))).toBeInstanceOf(UserError);
    expect(await refusal(edit(bDslId))).toBeInstanceOf(NotFoundError);
    expect(await refusal(edit(leaverId))).toBeInstanceOf(NotFoundError);
    const [row] = await inSchool(a.id, (tx) => tx.select().from(incidents).where(eq(incidents.id, incidentId)));
    expect(row).toMatchObject({ assigneeId: null, version: 1 });
    await edit(pastoralId);
    const [after] = await inSchool(a.id, (tx) => tx.select().from(incidents).where(eq(incidents.id, incidentId)));
    expect(after).toMatchObject({ assigneeId: pastoralId, version: 2 });
  });
});
