/**
 * Admin → Users → a user → Alerts: rules by category, pupil and group, kept
 * as history, applied to the next incident; "Remove dashboard alerts"; and
 * the refusals (another school's ids, no administration, no key).
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { alertRules, alerts, categories, userGroups } from '@/db/schema';
import { clearDashboardAlerts, getAlertRules, updateAlertRules } from '@/lib/admin';
import { NotAllowedError, NotFoundError } from '@/lib/errors';
import { createIncident } from '@/lib/incidents/create';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { DEFAULT_NAME_STYLE } from '@/lib/students/names';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let a: School;
let admin: UserCtx;
let teacher: UserCtx;
let hoy: string;
let bUser: string;
let zoe: string;
let seun: string;
let bPupil: string;
let cat: Record<string, string>;

beforeAll(async () => {
  a = await makeSchool('alert-rules-a');
  a = { ...a, settings: { ...a.settings, studentSearchOnAddIncident: true } };
  const b = await makeSchool('alert-rules-b');
  const adminId = await makeUser({
    email: 'dsl@ar.example.org',
    displayName: 'Dee Lead',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  const teacherId = await makeUser({
    email: 'teacher@ar.example.org',
    displayName: 'Tom Hughes',
    memberships: { [a.slug]: 'Teachers' },
  });
  hoy = await makeUser({
    email: 'hoy@ar.example.org',
    displayName: 'Ben Price',
    memberships: { [a.slug]: 'Pastoral' },
  });
  bUser = await makeUser({ email: 'b@ar-b.example.org', displayName: 'B User', memberships: { [b.slug]: 'DSL' } });
  admin = (await signedIn(a, adminId, { elevated: true })).ctx;
  teacher = (await signedIn(a, teacherId)).ctx;
  [zoe, seun] = (await addPupils(a.id, [
    { legalForename: 'Zoë', legalSurname: "O'Brien", tutorGroup: '7A', yearGroup: 'Year 7' },
    { legalForename: 'Seun', legalSurname: 'Adeyemi', tutorGroup: '8B', yearGroup: 'Year 8' },
  ])) as [string, string];
  [bPupil] = (await addPupils(b.id, [{ legalForename: 'Bea', legalSurname: 'Other' }])) as [string];
  cat = Object.fromEntries(
    (await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories))).map(
      (r) => [r.name, r.id],
    ),
  );
});

describe('automatic alerts', () => {
  it('saves rules by category, pupil and group, and the next incidents alert accordingly', async () => {
    expect(
      await updateAlertRules(admin, {
        userId: hoy,
        categoryIds: cat['Bullying'],
        studentIds: zoe,
        tutorGroups: '',
        yearGroups: 'Year 8',
      }),
    ).toEqual({ added: 3, removed: 0 });
    const view = await getAlertRules(admin, hoy, DEFAULT_NAME_STYLE);
    expect(view).toMatchObject({
      categoryIds: [cat['Bullying']],
      yearGroups: ['Year 8'],
      students: [{ id: zoe, name: "Zoë O'Brien", group: '7A' }],
    });
    expect(view.options.tutorGroups).toEqual(['7A', '8B']);

    await createIncident(teacher, { studentId: zoe, text: 'About Zoë.', categoryIds: cat['Behaviour']! });
    await createIncident(teacher, { studentId: seun, text: 'Year 8.', categoryIds: cat['Behaviour']! });
    const before = (await inSchool(a.id, (tx) => tx.select().from(alerts).where(eq(alerts.userId, hoy)))).length;
    expect(before).toBe(2);
    await updateAlertRules(admin, { userId: hoy, categoryIds: '', studentIds: '', tutorGroups: '', yearGroups: '' });
    await createIncident(teacher, { studentId: zoe, text: 'No rule now.', categoryIds: cat['Bullying']! });
    expect((await inSchool(a.id, (tx) => tx.select().from(alerts).where(eq(alerts.userId, hoy)))).length).toBe(2);
    const rows = await inSchool(a.id, (tx) => tx.select().from(alertRules));
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.removedAt !== null)).toBe(true);
  });

  it('removes dashboard alerts after confirmation', async () => {
    await expect(clearDashboardAlerts(admin, { userId: hoy })).rejects.toThrow();
    expect(await clearDashboardAlerts(admin, { userId: hoy, understood: 'on' })).toEqual({ cleared: 2 });
    expect((await getAlertRules(admin, hoy, DEFAULT_NAME_STYLE)).liveAlerts).toBe(0);
  });

  it('refuses another school’s person and pupil, non-admins and the unelevated', async () => {
    await expect(getAlertRules(admin, bUser, DEFAULT_NAME_STYLE)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      updateAlertRules(admin, { userId: hoy, categoryIds: '', studentIds: bPupil, tutorGroups: '', yearGroups: '' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      updateAlertRules(admin, { userId: bUser, categoryIds: '', studentIds: '', tutorGroups: '', yearGroups: '' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(getAlertRules(teacher, hoy, DEFAULT_NAME_STYLE)).rejects.toBeInstanceOf(NotAllowedError);
    const unelevated = (await signedIn(a, admin.user.id)).ctx;
    await expect(clearDashboardAlerts(unelevated, { userId: hoy, understood: 'on' })).rejects.toBeInstanceOf(
      NotAllowedError,
    );
  });

  it('names to an administrator only the pupils they may list, and keeps the rules about the others', async () => {
    // A business manager: administration, and nothing about pupils.
    const groupId = randomUUID();
    await inSchool(a.id, (tx) =>
      tx.insert(userGroups).values({ schoolId: a.id, id: groupId, name: 'Business', permissions: ['administration'] }),
    );
    const managerId = await makeUser({
      email: 'business@ar.example.org',
      displayName: 'Bill Moss',
      memberships: { [a.slug]: 'Business' },
      totpSecret: SECRET,
    });
    const manager = (await signedIn(a, managerId, { elevated: true })).ctx;
    await updateAlertRules(admin, {
      userId: hoy,
      categoryIds: '',
      studentIds: `${zoe},${seun}`,
      tutorGroups: '',
      yearGroups: '',
    });

    const view = await getAlertRules(manager, hoy, DEFAULT_NAME_STYLE);
    expect(view.students).toEqual([]);
    expect(view.hiddenStudents).toBe(2);
    for (const leak of ['Zoë', 'Seun', zoe, seun]) expect(JSON.stringify(view)).not.toContain(leak);

    // Their save (which cannot carry those pupils) changes what they see and leaves the pupils' rules alone.
    expect(
      await updateAlertRules(manager, {
        userId: hoy,
        categoryIds: cat['Bullying'],
        studentIds: '',
        tutorGroups: '',
        yearGroups: '',
      }),
    ).toEqual({ added: 1, removed: 0 });
    expect((await getAlertRules(admin, hoy, DEFAULT_NAME_STYLE)).students.map((p) => p.id).sort()).toEqual(
      [zoe, seun].sort(),
    );
    // A pupil out of their reach cannot be chosen by id either: "not found", as for a pupil that does not exist.
    await expect(
      updateAlertRules(manager, { userId: hoy, categoryIds: '', studentIds: zoe, tutorGroups: '', yearGroups: '' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await getAlertRules(admin, hoy, DEFAULT_NAME_STYLE)).students).toHaveLength(2);
  });
});
