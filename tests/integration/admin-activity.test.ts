/**
 * Admin → Users → Activity against a real database: everything a person did,
 * where their work on pupils' records is told only as far as the reading
 * administrator may see those records. Administration is a system permission;
 * it does not make someone a reader of every pupil. A row about a record the
 * reader may not see keeps its time and name but loses its details; stored
 * details (a summary's text, a contact's phone number, a deletion reason)
 * never reach the page, even for records the reader may see.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { auditLog, categories, userGroupCategoryPermissions, userGroups } from '@/db/schema';
import { listSecurityLog, listUserActivity, type AuditEntry } from '@/lib/admin';
import { NotAllowedError, NotFoundError } from '@/lib/errors';
import { createIncident } from '@/lib/incidents/create';
import { deleteIncident } from '@/lib/incidents';
import { bulkUpdateMonitoring } from '@/lib/monitoring/bulk';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { getProfileContacts } from '@/lib/profile';
import { saveContact, updateProfileDetails } from '@/lib/students';
import { DEFAULT_NAME_STYLE, type NameStyle } from '@/lib/students/names';
import { makeCtx } from '@/lib/tenancy/make-ctx';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const style = DEFAULT_NAME_STYLE;
const SUMMARY = 'Lives with grandmother since the court order';
const PHONE = '07700 900999';
const REASON = 'Entered on the wrong pupil after the disclosure';

let a: School;
let b: School;
let dsl: UserCtx;
let behaviourAdmin: UserCtx;
let officeAdmin: UserCtx;
let dslB: UserCtx;
let teacher: UserCtx;
let zoe: string;
let noah: string;
let cat: Record<string, string>;
let behaviourNo: number;
let cpNo: number;

async function person(
  school: School,
  email: string,
  displayName: string,
  group: string,
  elevated = true,
): Promise<UserCtx> {
  const userId = await makeUser({
    email,
    displayName,
    memberships: { [school.slug]: group },
    totpSecret: elevated ? SECRET : undefined,
  });
  return (await signedIn(school, userId, { elevated })).ctx;
}

/** A user group of this school with these system permissions and these categories' rights. */
async function group(school: School, name: string, permissions: string[], viewable: string[]): Promise<void> {
  const id = randomUUID();
  await inSchool(school.id, async (tx) => {
    await tx.insert(userGroups).values({ schoolId: school.id, id, name, permissions });
    if (viewable.length > 0) {
      await tx.insert(userGroupCategoryPermissions).values(
        viewable.map((c) => ({
          schoolId: school.id,
          userGroupId: id,
          categoryId: cat[c]!,
          viewStudents: true,
          viewIncidents: true,
          addIncidents: true,
        })),
      );
    }
  });
}

/** A fresh request (a context carries its request's subject). */
const fresh = (ctx: UserCtx) => makeCtx(ctx.school, ctx.user, ctx.meta) as UserCtx;
const activity = async (reader: UserCtx, of: UserCtx, s: NameStyle = style) =>
  (await listUserActivity(fresh(reader), of.user.id, s)).entries;
const byAction = (entries: AuditEntry[], action: string) => entries.filter((e) => e.action === action);

beforeAll(async () => {
  a = await makeSchool('admin-activity-a');
  b = await makeSchool('admin-activity-b');
  const rows = await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories));
  cat = Object.fromEntries(rows.map((r) => [r.name, r.id]));
  // An office manager who runs the school's users but reads only behaviour records,
  // and a business manager with administration and nothing about pupils.
  await group(
    a,
    'Office',
    ['administration', 'students.list', 'students.details', 'incidents.add', 'incidents.edit'],
    ['Behaviour'],
  );
  await group(a, 'Business', ['administration'], []);
  dsl = await person(a, 'dsl@aa.example.org', 'David Okafor', 'DSL');
  behaviourAdmin = await person(a, 'office@aa.example.org', 'Olive Grant', 'Office');
  officeAdmin = await person(a, 'business@aa.example.org', 'Bill Moss', 'Business');
  teacher = await person(a, 'teacher@aa.example.org', 'Tom Hughes', 'Teachers', false);
  dslB = await person(b, 'dsl@ab.example.org', 'Imran Shah', 'DSL');
  [zoe, noah] = (await addPupils(a.id, [
    { legalForename: 'Zoë', legalSurname: "O'Brien", tutorGroup: '7A' },
    { legalForename: 'Noah', legalSurname: 'Reed', tutorGroup: '8B' },
  ])) as [string, string];

  // The DSL's day: a behaviour incident and a Child Protection incident about Zoë, Noah's summary
  // and a contact with a phone number, a deletion with its reason, and monitoring from a class list.
  behaviourNo = (
    await createIncident(dsl, { studentId: zoe, text: 'Pushed in the lunch queue.', categoryIds: cat['Behaviour']! })
  ).number;
  const cp = await createIncident(dsl, {
    studentId: zoe,
    text: 'Disclosure at break.',
    categoryIds: cat['Child Protection']!,
  });
  cpNo = cp.number;
  await updateProfileDetails(dsl, {
    studentId: noah,
    version: 0,
    summary: SUMMARY,
    keywords: 'kinship care',
    agencies: 'Social care',
  });
  await saveContact(dsl, {
    studentId: noah,
    forename: 'Jo',
    surname: 'Carter',
    relationship: 'Social worker',
    organisation: '',
    phone: PHONE,
    email: '',
    note: '',
  });
  await getProfileContacts(dsl, noah, style);
  await deleteIncident(dsl, { incidentId: cp.incidentId, reason: REASON });
  await bulkUpdateMonitoring(dsl, {
    studentIds: [zoe, noah],
    change: 'add',
    categoryId: cat['Child Protection']!,
    date: '2025-09-08',
  });
  await bulkUpdateMonitoring(dsl, {
    studentIds: [zoe],
    change: 'add',
    categoryId: cat['Behaviour']!,
    date: '2025-09-08',
  });
});

describe('a person’s activity, as each administrator may read it', () => {
  it('tells a reader who may see every record what was done, to whom, with links, and never the stored details', async () => {
    const entries = await activity(dsl, dsl);
    const created = byAction(entries, 'incident.created');
    expect(created.map((e) => e.pupilEvent)).toEqual([
      { what: `Added incident #${cpNo}`, pupilName: "Zoë O'Brien", href: expect.stringMatching(/^\/incidents\//) },
      {
        what: `Added incident #${behaviourNo}`,
        pupilName: "Zoë O'Brien",
        href: expect.stringMatching(/^\/incidents\//),
      },
    ]);
    expect(byAction(entries, 'student.profile_updated')[0]!.pupilEvent).toEqual({
      what: 'Changed the summary, keywords and agencies involved',
      pupilName: 'Noah Reed',
      href: `/students/${noah}`,
    });
    expect(byAction(entries, 'student.viewed')[0]!.pupilEvent).toMatchObject({
      what: 'Viewed the Contacts tab',
      pupilName: 'Noah Reed',
    });
    expect(byAction(entries, 'monitoring.bulk_updated').map((e) => e.pupilEvent)).toEqual([
      {
        what: 'Started monitoring: Behaviour, for 1 pupil (from a class list)',
        pupilName: 'Several pupils',
        href: null,
      },
      {
        what: 'Started monitoring: Child Protection, for 2 pupils (from a class list)',
        pupilName: 'Several pupils',
        href: null,
      },
    ]);
    // What was typed into the records is nowhere in what the page receives.
    const page = JSON.stringify(entries);
    for (const typed of [SUMMARY, PHONE, REASON, 'kinship care', 'Carter']) expect(page).not.toContain(typed);
    for (const e of entries.filter((x) => x.pupilEvent))
      expect(e).toMatchObject({ details: {}, entityType: null, entityId: null });
  });

  it('withholds rows about records in categories the reader may not view, and names only what they may', async () => {
    const entries = await activity(behaviourAdmin, dsl);
    const created = byAction(entries, 'incident.created');
    expect(created.map((e) => e.pupilEvent)).toEqual([
      'withheld',
      { what: `Added incident #${behaviourNo}`, pupilName: "Zoë O'Brien", href: expect.any(String) },
    ]);
    // The Child Protection incident's deletion and its reason, and Child Protection monitoring.
    expect(byAction(entries, 'incident.deleted').map((e) => e.pupilEvent)).toEqual(['withheld']);
    expect(byAction(entries, 'monitoring.started').map((e) => e.pupilEvent)).toContain('withheld');
    expect(byAction(entries, 'monitoring.bulk_updated').map((e) => e.pupilEvent)).toEqual([
      {
        what: 'Started monitoring: Behaviour, for 1 pupil (from a class list)',
        pupilName: 'Several pupils',
        href: null,
      },
      'withheld',
    ]);
    // The row is still there, with its time and name: the listing is about the person.
    expect(created[0]).toMatchObject({ label: 'Added an incident', details: {}, entityId: null });
    const page = JSON.stringify(entries);
    expect(page).not.toContain(REASON);
    expect(page).not.toContain(`#${cpNo}`);
  });

  it('tells an administrator who may not see pupils nothing of any record', async () => {
    const entries = await activity(officeAdmin, dsl);
    const aboutPupils = entries.filter((e) => e.pupilEvent !== undefined);
    expect(aboutPupils.length).toBeGreaterThanOrEqual(8);
    expect(new Set(aboutPupils.map((e) => e.pupilEvent))).toEqual(new Set(['withheld']));
    const page = JSON.stringify(entries);
    for (const name of ['Zoë', 'Noah', zoe, noah]) expect(page).not.toContain(name);
  });

  it('keeps the details of rows about staff and settings, which are administration’s own', async () => {
    const security = await listSecurityLog(fresh(dsl), teacher.user.id);
    expect(security.entries.every((e) => e.pupilEvent === undefined)).toBe(true);
    const mine = await activity(officeAdmin, officeAdmin);
    expect(mine.every((e) => e.pupilEvent === undefined)).toBe(true);
  });

  it('hides names on the page when the reader has hidden them', async () => {
    const entries = await activity(dsl, dsl, { ...style, hidden: true });
    expect(byAction(entries, 'incident.created')[0]!.pupilEvent).toMatchObject({ pupilName: "Z*** O'B***" });
    expect(JSON.stringify(entries)).not.toContain('Zoë');
  });

  it('refuses another school’s administrator, an administrator without the key and a teacher', async () => {
    await expect(listUserActivity(fresh(dslB), dsl.user.id, style)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      listUserActivity(makeCtx(a, { ...dsl.user, elevated: false }, dsl.meta) as UserCtx, dsl.user.id, style),
    ).rejects.toBeInstanceOf(NotAllowedError);
    await expect(listUserActivity(fresh(teacher), dsl.user.id, style)).rejects.toBeInstanceOf(NotAllowedError);
  });

  it('reads a malformed pupil reference in an old row as a record nobody may see', async () => {
    const id = randomUUID();
    await inSchool(a.id, (tx) =>
      tx.insert(auditLog).values({
        id,
        schoolId: a.id,
        at: new Date(),
        actorUserId: dsl.user.id,
        action: 'student.viewed',
        entityType: 'student',
        entityId: zoe,
        details: { studentId: 'not-a-uuid', view: 'overview' },
      }),
    );
    const entries = await activity(dsl, dsl);
    expect(entries.find((e) => e.id === id)?.pupilEvent).toBe('withheld');
  });
});
