/**
 * The pupil profile against a real database: each tab's read (decided by the
 * permission engine, audited), Haven's own information (versioned, a stale
 * edit refused), monitoring from the profile and its history, links both ways
 * and only within reach, staff to alert and contacts — and the abuse cases:
 * another school's ids for everything, missing permission, no key, a
 * class-restricted key holder opening another class's pupil by id.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { ZodError } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import {
  attendanceMarks,
  auditLog,
  categories,
  classRestrictionMembers,
  memberships,
  monitoringPeriods,
  schools,
  studentContacts,
  studentLinks,
  studentProfiles,
} from '@/db/schema';
import { dateInZone } from '@/lib/time/school-date';
import { NotFoundError, UserError } from '@/lib/errors';
import { createIncident } from '@/lib/incidents/create';
import { deleteIncident } from '@/lib/incidents';
import { updateProfileMonitoring } from '@/lib/monitoring/service';
import { findSchoolBySlug } from '@/lib/schools/queries';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { DEFAULT_NAME_STYLE } from '@/lib/students/names';
import {
  NeedsElevationError,
  PROFILE_CONFLICT,
  addAlertStaff,
  addLink,
  removeAlertStaff,
  removeContact,
  removeLink,
  saveContact,
  updateProfileDetails,
} from '@/lib/students';
import {
  getProfileAttendance,
  getProfileContacts,
  getProfileEdit,
  getProfileMonitoringHistory,
  getProfileOverview,
} from '@/lib/profile';
import { makeCtx } from '@/lib/tenancy/make-ctx';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const style = DEFAULT_NAME_STYLE;

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

async function categoryIds(school: School): Promise<Map<string, string>> {
  const rows = await inSchool(school.id, (tx) =>
    tx.select({ id: categories.id, name: categories.name }).from(categories),
  );
  return new Map(rows.map((r) => [r.name, r.id]));
}

let a: School;
let b: School;
let dsl: UserCtx;
let dslNoKey: UserCtx;
let pastoral: UserCtx;
let teacher: UserCtx;
let restricted: UserCtx;
let dslB: UserCtx;
let catA: Map<string, string>;
let catB: Map<string, string>;
let zoe: string;
let amelia: string;
let harry: string;
let ben8B: string;
let archived: string;
let pupilB: string;
let contactB: string;
const cat = (m: Map<string, string>, name: string) => m.get(name)!;

beforeAll(async () => {
  a = await makeSchool('profile-a');
  b = await makeSchool('profile-b');
  // School A restricts key holders by tutor group.
  await inSchool(a.id, (tx) =>
    tx
      .update(schools)
      .set({ settings: { ...a.settings, classRestrictions: 'tutor' } })
      .where(eq(schools.id, a.id)),
  );
  a = (await findSchoolBySlug('profile-a'))!;
  dsl = await person(a, 'dsl@pa.example.org', 'David Okafor', 'DSL', true);
  dslNoKey = makeCtx(a, { ...dsl.user, elevated: false }, dsl.meta) as UserCtx;
  pastoral = await person(a, 'hoy@pa.example.org', 'Ben Price', 'Pastoral', true);
  teacher = await person(a, 'teacher@pa.example.org', 'Tom Hughes', 'Teachers', false);
  restricted = await person(a, 'tutor7a@pa.example.org', 'Rhea Tutor', 'SLT', true);
  dslB = await person(b, 'dsl@pb.example.org', 'Imran Shah', 'DSL', true);
  // DSL and Pastoral see every class; the SLT member only 7A.
  await inSchool(a.id, async (tx) => {
    const groups = ['7A', '7B', '8B', '8A'];
    for (const g of groups) {
      await tx
        .insert(classRestrictionMembers)
        .values({ id: randomUUID(), schoolId: a.id, groupKind: 'tutor', groupName: g, userId: dsl.user.id });
      await tx
        .insert(classRestrictionMembers)
        .values({ id: randomUUID(), schoolId: a.id, groupKind: 'tutor', groupName: g, userId: pastoral.user.id });
    }
    await tx
      .insert(classRestrictionMembers)
      .values({ id: randomUUID(), schoolId: a.id, groupKind: 'tutor', groupName: '7A', userId: restricted.user.id });
  });
  catA = await categoryIds(a);
  catB = await categoryIds(b);
  [zoe, amelia, harry, ben8B, archived] = (await addPupils(a.id, [
    {
      legalForename: 'Zoë',
      legalSurname: "O'Brien",
      dateOfBirth: '2013-03-14',
      tutorGroup: '7A',
      upn: 'A123456789012',
    },
    { legalForename: 'Amelia', legalSurname: 'Smith', tutorGroup: '7B' },
    { legalForename: 'Harry', legalSurname: 'Smith', tutorGroup: '7A', yearGroup: 'Year 7' },
    { legalForename: 'Ben', legalSurname: 'Walker', tutorGroup: '8B', yearGroup: 'Year 8' },
    { legalForename: 'Lena', legalSurname: 'Gone', tutorGroup: '7A', archived: true },
  ])) as [string, string, string, string, string];
  [pupilB] = (await addPupils(b.id, [{ legalForename: 'Other', legalSurname: 'School', tutorGroup: '7A' }])) as [
    string,
  ];
  contactB = randomUUID();
  await inSchool(b.id, (tx) =>
    tx
      .insert(studentContacts)
      .values({ id: contactB, schoolId: b.id, studentId: pupilB, source: 'manual', forename: 'B', surname: 'Contact' }),
  );
});

const auditRows = (school: School, studentId: string, action: string) =>
  inSchool(school.id, (tx) =>
    tx
      .select({ actor: auditLog.actorUserId, ip: auditLog.ip, details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, studentId), eq(auditLog.action, action))),
  );

describe('opening a profile', () => {
  it('shows the overview to an elevated key holder and records the read', async () => {
    const page = await getProfileOverview(dsl, zoe, style);
    expect(page.header).toMatchObject({
      id: zoe,
      name: "Zoë O'Brien",
      initials: 'ZO',
      tutorGroup: '7A',
      archived: null,
      canEdit: true,
    });
    expect(page.data).toMatchObject({
      legalName: "Zoë O'Brien",
      dateOfBirth: '2013-03-14',
      upn: 'A123456789012',
      summary: '',
      keywords: [],
    });
    expect(page.data.incidents.total).toBe(0);
    const rows = await auditRows(a, zoe, 'student.viewed');
    expect(rows).toContainEqual({
      actor: dsl.user.id,
      ip: '203.0.113.7',
      details: expect.objectContaining({ view: 'overview' }),
    });
  });

  it('hides names, birthday and UPN in hide-names mode', async () => {
    const page = await getProfileOverview(dsl, zoe, { ...style, hidden: true });
    expect(page.header.name).toBe("Z*** O'B***");
    expect(page.data.legalName).toBe("Z*** O'B***");
    expect(page.data.dateOfBirth).toBeNull();
    expect(page.data.upn).toBeNull();
    expect(JSON.stringify(page)).not.toContain('Zoë');
  });

  it('answers "not found" for another school’s pupil, a malformed id and a missing one', async () => {
    for (const id of [pupilB, 'not-a-uuid', randomUUID(), `${zoe}'--`]) {
      await expect(getProfileOverview(dsl, id, style)).rejects.toBeInstanceOf(NotFoundError);
    }
    // …and the other school's DSL cannot open school A's pupil either.
    await expect(getProfileOverview(dslB, zoe, style)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('asks a key holder without their key to use it, whatever the id names', async () => {
    for (const id of [zoe, pupilB, randomUUID(), 'nonsense']) {
      await expect(getProfileOverview(dslNoKey, id, style)).rejects.toBeInstanceOf(NeedsElevationError);
    }
    await expect(
      updateProfileDetails(dslNoKey, { studentId: zoe, version: 0, summary: 'x', keywords: '', agencies: '' }),
    ).rejects.toBeInstanceOf(NeedsElevationError);
  });

  it('answers "not found" to a user without pupil permissions', async () => {
    await expect(getProfileOverview(teacher, zoe, style)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getProfileAttendance(teacher, zoe, style)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      updateProfileDetails(teacher, { studentId: zoe, version: 0, summary: 'x', keywords: '', agencies: '' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps a class-restricted key holder to their class, by URL too', async () => {
    await expect(getProfileOverview(restricted, zoe, style)).resolves.toBeTruthy();
    await expect(getProfileOverview(restricted, ben8B, style)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getProfileEdit(restricted, ben8B, style)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getProfileMonitoringHistory(restricted, ben8B, style)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      updateProfileDetails(restricted, { studentId: ben8B, version: 0, summary: 'x', keywords: '', agencies: '' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await auditRows(a, ben8B, 'student.viewed')).toEqual([]);
  });

  it('shows an archived pupil with the banner only to those who may see archived pupils', async () => {
    const page = await getProfileOverview(dsl, archived, style);
    expect(page.header.archived?.reason).toBe('left the school');
    await expect(getProfileOverview(pastoral, archived, style)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('summary, keywords and agencies', () => {
  it('saves with a version, folds keywords for search, and refuses a stale edit', async () => {
    const edit = await getProfileEdit(dsl, harry, style);
    expect(edit.data.profile.version).toBe(0);
    const v1 = await updateProfileDetails(dsl, {
      studentId: harry,
      version: 0,
      summary: '  Lives with  grandmother ',
      keywords: 'Young carer, Café club\nyoung carer',
      agencies: "Children's Social Care; CAMHS",
    });
    expect(v1).toBe(1);
    const [row] = await inSchool(a.id, (tx) =>
      tx.select().from(studentProfiles).where(eq(studentProfiles.studentId, harry)),
    );
    expect(row).toMatchObject({
      summary: 'Lives with grandmother',
      keywords: ['Young carer', 'Café club'],
      agencies: ["Children's Social Care", 'CAMHS'],
      keywordKey: 'young carer cafe club',
      version: 1,
      updatedBy: dsl.user.id,
    });

    // Two people opened the form at version 1; the second save is refused and changes nothing.
    await updateProfileDetails(pastoral, {
      studentId: harry,
      version: 1,
      summary: 'Pastoral note',
      keywords: [],
      agencies: [],
    });
    const stale = updateProfileDetails(dsl, {
      studentId: harry,
      version: 1,
      summary: 'Overwrite?',
      keywords: [],
      agencies: [],
    });
    await expect(stale).rejects.toThrow(PROFILE_CONFLICT);
    // A second "first save" conflicts too.
    await expect(
      updateProfileDetails(dsl, { studentId: harry, version: 0, summary: 'Again', keywords: [], agencies: [] }),
    ).rejects.toThrow(PROFILE_CONFLICT);
    const page = await getProfileOverview(dsl, harry, style);
    expect(page.data.summary).toBe('Pastoral note');
    const audits = await auditRows(a, harry, 'student.profile_updated');
    expect(audits).toHaveLength(2);
  });

  it('refuses bad input with a message for the field', async () => {
    const err = await updateProfileDetails(dsl, {
      studentId: zoe,
      version: 0,
      summary: 'x'.repeat(301),
      keywords: '',
      agencies: '',
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ZodError);
    expect((err as ZodError).issues[0]?.path).toEqual(['summary']);
    await expect(
      updateProfileDetails(dsl, { studentId: zoe, version: 0, summary: '', keywords: 'k'.repeat(41), agencies: '' }),
    ).rejects.toBeInstanceOf(ZodError);
    // Unknown fields are refused: a form cannot set what it does not show.
    await expect(
      updateProfileDetails(dsl, {
        studentId: zoe,
        version: 0,
        summary: '',
        keywords: '',
        agencies: '',
        keywordKey: 'x',
      }),
    ).rejects.toBeInstanceOf(ZodError);
  });
});

describe('monitoring from the profile', () => {
  it('starts with a date, ends today, keeps the history, and shows who did it', async () => {
    const bullying = cat(catA, 'Bullying');
    await updateProfileMonitoring(dsl, { studentId: zoe, monitored: bullying, shown: '', startedOn: '2025-09-08' });
    let page = await getProfileMonitoringHistory(dsl, zoe, style);
    expect(page.header.monitoring.map((m) => m.name)).toEqual(['Bullying']);
    expect(page.data.periods).toEqual([
      expect.objectContaining({
        startedOn: '2025-09-08',
        endedOn: null,
        startedBy: 'David Okafor',
        endedBy: null,
        category: expect.objectContaining({ name: 'Bullying' }),
      }),
    ]);

    // A stale form that ticks it again changes nothing: no second running period.
    await updateProfileMonitoring(pastoral, {
      studentId: zoe,
      monitored: bullying,
      shown: '',
      startedOn: '2025-09-09',
    });
    // Unticked: ended today in the school's time zone.
    await updateProfileMonitoring(pastoral, {
      studentId: zoe,
      monitored: '',
      shown: bullying,
      startedOn: '2025-09-09',
    });
    await updateProfileMonitoring(dsl, {
      studentId: zoe,
      monitored: [bullying],
      shown: [],
      startedOn: dateInZone(a.timeZone),
    });
    page = await getProfileMonitoringHistory(dsl, zoe, style);
    const today = dateInZone(a.timeZone);
    expect(page.data.periods).toHaveLength(2);
    expect(page.data.periods[1]).toMatchObject({ startedOn: '2025-09-08', endedOn: today, endedBy: 'Ben Price' });
    expect(page.data.periods[0]).toMatchObject({ startedOn: today, endedOn: null });
    expect(await auditRows(a, zoe, 'monitoring.started')).toHaveLength(2);
    expect(await auditRows(a, zoe, 'monitoring.ended')).toHaveLength(1);
    const edit = await getProfileEdit(dsl, zoe, style);
    expect(edit.data.monitoring.find((o) => o.categoryId === bullying)?.running).toEqual({ startedOn: today });
  });

  it('hides categories the user may not see, and refuses to change them', async () => {
    const prevent = cat(catA, 'Prevent');
    await updateProfileMonitoring(dsl, { studentId: amelia, monitored: prevent, shown: '', startedOn: '2025-10-01' });
    const forPastoral = await getProfileMonitoringHistory(pastoral, amelia, style);
    expect(forPastoral.header.monitoring).toEqual([]);
    expect(forPastoral.data.periods).toEqual([]);
    const edit = await getProfileEdit(pastoral, amelia, style);
    expect(edit.data.monitoring.map((o) => o.name)).not.toContain('Prevent');
    await expect(
      updateProfileMonitoring(pastoral, { studentId: amelia, monitored: '', shown: prevent, startedOn: '2025-10-01' }),
    ).rejects.toThrow('That category could not be found.');
    const still = await inSchool(a.id, (tx) =>
      tx
        .select({ endedOn: monitoringPeriods.endedOn })
        .from(monitoringPeriods)
        .where(eq(monitoringPeriods.studentId, amelia)),
    );
    expect(still).toEqual([{ endedOn: null }]);
    // The DSL sees it.
    expect((await getProfileMonitoringHistory(dsl, amelia, style)).header.monitoring.map((m) => m.name)).toEqual([
      'Prevent',
    ]);
  });

  it('refuses another school’s category, a future start, and a user who may not edit', async () => {
    const before = await inSchool(a.id, (tx) =>
      tx.select().from(monitoringPeriods).where(eq(monitoringPeriods.studentId, harry)),
    );
    await expect(
      updateProfileMonitoring(dsl, {
        studentId: harry,
        monitored: cat(catB, 'Bullying'),
        shown: '',
        startedOn: '2025-10-01',
      }),
    ).rejects.toThrow('That category could not be found.');
    // One good and one foreign category: nothing at all is saved.
    await expect(
      updateProfileMonitoring(dsl, {
        studentId: harry,
        monitored: `${cat(catA, 'Medical')},${cat(catB, 'Medical')}`,
        shown: '',
        startedOn: '2025-10-01',
      }),
    ).rejects.toThrow(UserError);
    await expect(
      updateProfileMonitoring(dsl, {
        studentId: harry,
        monitored: cat(catA, 'Medical'),
        shown: '',
        startedOn: '2999-01-01',
      }),
    ).rejects.toThrow('Monitoring cannot start in the future.');
    await expect(
      updateProfileMonitoring(teacher, {
        studentId: harry,
        monitored: cat(catA, 'Medical'),
        shown: '',
        startedOn: '2025-10-01',
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      updateProfileMonitoring(dslNoKey, {
        studentId: harry,
        monitored: cat(catA, 'Medical'),
        shown: '',
        startedOn: '2025-10-01',
      }),
    ).rejects.toBeInstanceOf(NeedsElevationError);
    await expect(
      updateProfileMonitoring(restricted, {
        studentId: ben8B,
        monitored: cat(catA, 'Medical'),
        shown: '',
        startedOn: '2025-10-01',
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      updateProfileMonitoring(dsl, {
        studentId: pupilB,
        monitored: cat(catB, 'Medical'),
        shown: '',
        startedOn: '2025-10-01',
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const after = await inSchool(a.id, (tx) =>
      tx.select().from(monitoringPeriods).where(eq(monitoringPeriods.studentId, harry)),
    );
    expect(after).toEqual(before);
  });
});

describe('links between pupils', () => {
  it('shows MIS siblings read-only and manual links on both sides until removed', async () => {
    await inSchool(a.id, (tx) =>
      tx.insert(studentLinks).values([
        {
          id: randomUUID(),
          schoolId: a.id,
          studentId: amelia,
          linkedStudentId: harry,
          source: 'mis',
          relationship: 'Sibling',
        },
        {
          id: randomUUID(),
          schoolId: a.id,
          studentId: harry,
          linkedStudentId: amelia,
          source: 'mis',
          relationship: 'Sibling',
        },
      ]),
    );
    await addLink(dsl, { studentId: zoe, linkedStudentId: harry, relationship: 'Friend' });
    await expect(addLink(dsl, { studentId: harry, linkedStudentId: zoe, relationship: 'Cousin' })).rejects.toThrow(
      'These pupils are already linked.',
    );
    const harrySide = await getProfileEdit(dsl, harry, style);
    // Groups read as in every list of pupils (groupLabel): the tutor group first.
    expect(harrySide.data.links.mis).toEqual([
      expect.objectContaining({ name: 'Amelia Smith', group: '7B · Year 7', relationship: 'Sibling', source: 'mis' }),
    ]);
    expect(harrySide.data.links.manual).toEqual([
      expect.objectContaining({ studentId: zoe, name: "Zoë O'Brien", relationship: 'Friend', canOpen: true }),
    ]);
    const zoeSide = await getProfileEdit(dsl, zoe, style);
    const link = zoeSide.data.links.manual[0]!;
    expect(link).toMatchObject({ studentId: harry, relationship: 'Friend' });

    // A sibling link from the MIS cannot be removed by hand.
    await expect(
      removeLink(dsl, { studentId: harry, linkId: harrySide.data.links.mis[0]!.linkId }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await removeLink(dsl, { studentId: zoe, linkId: link.linkId });
    expect((await getProfileEdit(dsl, zoe, style)).data.links.manual).toEqual([]);
    expect((await getProfileEdit(dsl, harry, style)).data.links.manual).toEqual([]);
    const rows = await inSchool(a.id, (tx) =>
      tx.select({ removedBy: studentLinks.removedBy }).from(studentLinks).where(eq(studentLinks.source, 'manual')),
    );
    expect(rows).toEqual([{ removedBy: dsl.user.id }, { removedBy: dsl.user.id }]);
    expect(await auditRows(a, harry, 'student.link_removed')).toHaveLength(1);
  });

  it('links only to a pupil the user may list, in the same school', async () => {
    await expect(
      addLink(restricted, { studentId: zoe, linkedStudentId: ben8B, relationship: 'Friend' }),
    ).rejects.toThrow('That pupil could not be found.');
    await expect(addLink(dsl, { studentId: zoe, linkedStudentId: pupilB, relationship: 'Friend' })).rejects.toThrow(
      'That pupil could not be found.',
    );
    await expect(addLink(dsl, { studentId: zoe, linkedStudentId: zoe, relationship: 'Friend' })).rejects.toThrow(
      'A pupil cannot be linked to themselves.',
    );
    await expect(
      addLink(dsl, { studentId: zoe, linkedStudentId: harry, relationship: 'Enemy' }),
    ).rejects.toBeInstanceOf(ZodError);
    // The DSL links Zoë to Ben (8B); the 7A-only user sees only that a hidden link exists.
    await addLink(dsl, { studentId: zoe, linkedStudentId: ben8B, relationship: 'Cousin' });
    const seen = await getProfileEdit(restricted, zoe, style);
    expect(seen.data.links.manual).toEqual([]);
    expect(seen.data.links.hidden).toBe(1);
    expect(JSON.stringify(seen)).not.toContain('Walker');
  });

  it('searches for pupils to link within reach only', async () => {
    const forRestricted = await getProfileEdit(restricted, zoe, style, { linkQuery: 'smith' });
    expect(forRestricted.data.linkCandidates?.map((c) => c.name)).toEqual(['Harry Smith']);
    const forDsl = await getProfileEdit(dsl, zoe, style, { linkQuery: 'SMITH' });
    expect(forDsl.data.linkCandidates?.map((c) => `${c.name} (${c.group})`).sort()).toEqual([
      'Amelia Smith (7B · Year 7)',
      'Harry Smith (7A · Year 7)',
    ]);
    expect((await getProfileEdit(dsl, zoe, style, { linkQuery: 'obrien' })).data.linkCandidates).toEqual([]);
  });
});

describe('staff to alert', () => {
  it('adds and removes active members of this school only', async () => {
    await addAlertStaff(dsl, { studentId: zoe, userId: pastoral.user.id });
    await addAlertStaff(dsl, { studentId: zoe, userId: pastoral.user.id }); // twice is once
    let edit = await getProfileEdit(dsl, zoe, style);
    expect(edit.data.alertStaff).toEqual([
      { userId: pastoral.user.id, displayName: 'Ben Price', groupName: 'Pastoral' },
    ]);
    expect(edit.data.staffCandidates.map((s) => s.displayName)).not.toContain('Ben Price');
    expect(edit.data.staffCandidates.map((s) => s.displayName)).not.toContain('Imran Shah');
    await expect(addAlertStaff(dsl, { studentId: zoe, userId: dslB.user.id })).rejects.toThrow(
      'That member of staff could not be found.',
    );
    await expect(addAlertStaff(dsl, { studentId: pupilB, userId: dslB.user.id })).rejects.toBeInstanceOf(NotFoundError);
    // A deactivated member cannot be chosen.
    await inSchool(a.id, (tx) =>
      tx
        .update(memberships)
        .set({ status: 'deactivated', deactivatedAt: new Date() })
        .where(eq(memberships.userId, teacher.user.id)),
    );
    await expect(addAlertStaff(dsl, { studentId: zoe, userId: teacher.user.id })).rejects.toThrow(
      'That member of staff could not be found.',
    );
    await removeAlertStaff(dsl, { studentId: zoe, userId: pastoral.user.id });
    edit = await getProfileEdit(dsl, zoe, style);
    expect(edit.data.alertStaff).toEqual([]);
    expect(await auditRows(a, zoe, 'student.alert_staff_added')).toHaveLength(1);
    expect(await auditRows(a, zoe, 'student.alert_staff_removed')).toHaveLength(1);
  });
});

describe('contacts', () => {
  it('lists MIS contacts in priority order, then those added by hand, which can be edited and removed', async () => {
    await inSchool(a.id, (tx) =>
      tx.insert(studentContacts).values([
        {
          id: randomUUID(),
          schoolId: a.id,
          studentId: zoe,
          source: 'mis',
          misContactId: 'C2',
          forename: 'Sean',
          surname: "O'Brien",
          priority: 2,
          relationship: 'Father',
        },
        {
          id: randomUUID(),
          schoolId: a.id,
          studentId: zoe,
          source: 'mis',
          misContactId: 'C1',
          forename: 'Aoife',
          surname: "O'Brien",
          priority: 1,
          relationship: 'Mother',
          parentalResponsibility: true,
          livesWithStudent: true,
        },
      ]),
    );
    const id = await saveContact(dsl, {
      studentId: zoe,
      forename: 'Jane',
      surname: 'Doe',
      relationship: 'Social worker',
      organisation: "Children's Social Care",
      phone: '01632 960 123',
      email: 'Jane.Doe@council.example.gov.uk',
      note: 'Allocated in September.',
    });
    let page = await getProfileContacts(dsl, zoe, style);
    expect(page.data.mis.map((c) => c.forename)).toEqual(['Aoife', 'Sean']);
    expect(page.data.mis[0]).toMatchObject({ parentalResponsibility: true, livesWithStudent: true });
    expect(page.data.manual).toEqual([
      expect.objectContaining({ id, organisation: "Children's Social Care", email: 'jane.doe@council.example.gov.uk' }),
    ]);

    await saveContact(dsl, {
      studentId: zoe,
      contactId: id,
      forename: 'Jane',
      surname: 'Doe-Smith',
      phone: '',
      email: '',
    });
    page = await getProfileContacts(dsl, zoe, style);
    expect(page.data.manual[0]).toMatchObject({ surname: 'Doe-Smith', phone: null, email: null, organisation: null });

    // MIS contacts and another school's contact cannot be edited or removed by hand.
    await expect(
      saveContact(dsl, { studentId: zoe, contactId: page.data.mis[0]!.id, forename: 'X', surname: 'Y' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(removeContact(dsl, { studentId: zoe, contactId: page.data.mis[0]!.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(removeContact(dsl, { studentId: zoe, contactId: contactB })).rejects.toBeInstanceOf(NotFoundError);
    await expect(saveContact(dsl, { studentId: pupilB, forename: 'X', surname: 'Y' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      saveContact(dsl, { studentId: zoe, forename: '', surname: 'Y', email: 'nope' }),
    ).rejects.toBeInstanceOf(ZodError);

    await removeContact(dsl, { studentId: zoe, contactId: id });
    expect((await getProfileContacts(dsl, zoe, style)).data.manual).toEqual([]);
    const [kept] = await inSchool(a.id, (tx) =>
      tx.select({ removedBy: studentContacts.removedBy }).from(studentContacts).where(eq(studentContacts.id, id)),
    );
    expect(kept).toEqual({ removedBy: dsl.user.id });
    const [other] = await inSchool(b.id, (tx) =>
      tx.select({ removedAt: studentContacts.removedAt }).from(studentContacts).where(eq(studentContacts.id, contactB)),
    );
    expect(other).toEqual({ removedAt: null });
  });
});

describe('attendance', () => {
  it('computes this year from the marks and draws every session', async () => {
    const today = dateInZone(a.timeZone);
    const year = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) >= 9 ? 0 : 1);
    const marks = [
      { date: `${year}-09-01`, session: 'AM' as const, code: '/' },
      { date: `${year}-09-01`, session: 'PM' as const, code: 'N' },
      { date: `${year}-09-02`, session: 'AM' as const, code: 'I' },
      { date: `${year}-09-02`, session: 'PM' as const, code: '#' },
      // Last school year: not in this year's figure.
      { date: `${year - 1}-07-01`, session: 'AM' as const, code: 'O' },
    ];
    await inSchool(a.id, (tx) =>
      tx.insert(attendanceMarks).values(marks.map((m) => ({ ...m, schoolId: a.id, studentId: harry }))),
    );
    const page = await getProfileAttendance(dsl, harry, style);
    expect(page.data.yearStart).toBe(`${year}-09-01`);
    expect(page.data.year).toMatchObject({ possible: 3, attending: 1, authorised: 1, unauthorised: 1, notCounted: 1 });
    expect(page.data.empty).toBe(false);
    expect(page.data.trend.map((t) => t.days)).toEqual([7, 28, 90]);
    const firstDay = page.data.calendar[0]!.weeks.flat().find((d) => d?.date === `${year}-09-01`);
    expect(firstDay).toMatchObject({ am: { code: '/' }, pm: { code: 'N', category: 'unauthorised' } });
    expect((await getProfileAttendance(dsl, zoe, style)).data.empty).toBe(true);
    expect(page.data).toMatchObject({
      current: true,
      yearName: `${year}/${String((year + 1) % 100).padStart(2, '0')}`,
    });
    expect(page.data.years.map((y) => y.startsOn)).toEqual([`${year}-09-01`, `${year - 2}-09-01`]);

    // The year last July fell in, picked from the year picker: its own figure and calendar, no trend.
    const earlier = await getProfileAttendance(dsl, harry, style, { year: `${year - 2}-09-01` });
    expect(earlier.data).toMatchObject({
      current: false,
      yearStart: `${year - 2}-09-01`,
      yearEnd: `${year - 1}-08-31`,
      trend: [],
      empty: false,
    });
    expect(earlier.data.year).toMatchObject({ possible: 1, attending: 0, unauthorised: 1 });
    const july = earlier.data.calendar.flatMap((m) => m.weeks.flat()).find((d) => d?.date === `${year - 1}-07-01`);
    expect(july).toMatchObject({ am: { code: 'O', category: 'unauthorised' }, pm: null });
    // Its calendar stops at its last mark: no empty summer weeks.
    expect(earlier.data.calendar.at(-1)!.key).toBe(`${year - 1}-07`);
    // A year the pupil has no marks in, a made-up one or next year: this year instead.
    for (const other of [`${year - 1}-09-01`, 'nonsense', `${year + 1}-09-01`])
      expect((await getProfileAttendance(dsl, harry, style, { year: other })).data.yearStart).toBe(`${year}-09-01`);
    expect(await auditRows(a, harry, 'student.viewed')).toContainEqual(
      expect.objectContaining({ details: expect.objectContaining({ view: 'attendance' }) }),
    );
  });
});

describe('forms parse once in the action and again in the service', () => {
  it('accepts its own parsed output for every input', async () => {
    const { contactInput, profileDetailsInput, addLinkInput, alertStaffInput, profileMonitoringInput } =
      await import('@/lib/students/schema');
    const contact = contactInput.parse({
      studentId: amelia,
      forename: 'Sam',
      surname: 'Nurse',
      relationship: '',
      organisation: '',
      phone: '',
      email: '',
      note: '',
    });
    const id = await saveContact(dsl, contact);
    await saveContact(dsl, contactInput.parse({ ...contact, contactId: id, phone: '0161 496 0000' }));
    const details = profileDetailsInput.parse({
      studentId: amelia,
      version: '0',
      summary: 'x',
      keywords: 'a, b',
      agencies: '',
    });
    await updateProfileDetails(dsl, details);
    await addAlertStaff(dsl, alertStaffInput.parse({ studentId: amelia, userId: dsl.user.id }));
    await addLink(dsl, addLinkInput.parse({ studentId: amelia, linkedStudentId: zoe, relationship: 'Friend' }));
    await updateProfileMonitoring(
      dsl,
      profileMonitoringInput.parse({
        studentId: amelia,
        monitored: cat(catA, 'Medical'),
        shown: '',
        startedOn: '2025-10-01',
      }),
    );
    const page = await getProfileContacts(dsl, amelia, style);
    expect(page.data.manual[0]).toMatchObject({ forename: 'Sam', phone: '0161 496 0000', relationship: null });
  });
});

describe('the overview’s body map', () => {
  it('shows the markers of the incidents the viewer may see, newest first; never those of a hidden one', async () => {
    const markers = (...notes: string[]) =>
      JSON.stringify(
        notes.map((note, i) => ({ mapId: i % 2 ? 'body-back' : 'body-front', x: 0.4, y: 0.1 + i / 10, note })),
      );
    const old = await createIncident(
      dsl,
      {
        studentId: harry,
        text: 'Fell in the playground.',
        categoryIds: cat(catA, 'Behaviour'),
        markers: markers('Grazed knee', 'Bruised back'),
      },
      new Date('2026-01-10T10:00:00Z'),
    );
    await createIncident(
      dsl,
      { studentId: harry, text: 'Said nothing about the marks.', categoryIds: cat(catA, 'Behaviour') },
      new Date('2026-01-11T10:00:00Z'),
    );
    const cp = await createIncident(
      dsl,
      {
        studentId: harry,
        text: 'Marks seen on the arm.',
        categoryIds: cat(catA, 'Child Protection'),
        markers: markers('Fingertip bruising'),
      },
      new Date('2026-01-12T10:00:00Z'),
    );
    const gone = await createIncident(
      dsl,
      { studentId: harry, text: 'Recorded twice.', categoryIds: cat(catA, 'Behaviour'), markers: markers('Duplicate') },
      new Date('2026-01-13T10:00:00Z'),
    );
    await deleteIncident(dsl, { incidentId: gone.incidentId, reason: 'Recorded twice' });

    const forDsl = (await getProfileOverview(dsl, harry, style)).data.bodyMap;
    expect(forDsl.map((i) => [i.number, i.markers.map((m) => [m.number, m.mapId, m.note])])).toEqual([
      [cp.number, [[1, 'body-front', 'Fingertip bruising']]],
      [
        old.number,
        [
          [1, 'body-front', 'Grazed knee'],
          [2, 'body-back', 'Bruised back'],
        ],
      ],
    ]);
    expect(forDsl[0]).toMatchObject({ incidentId: cp.incidentId, occurredAt: new Date('2026-01-12T10:00:00Z') });

    // Pastoral staff cannot view Child Protection incidents: its markers never reach them.
    const forPastoral = await getProfileOverview(pastoral, harry, style);
    expect(forPastoral.data.bodyMap.map((i) => i.incidentId)).toEqual([old.incidentId]);
    const shown = JSON.stringify(forPastoral);
    for (const hidden of ['Fingertip bruising', cp.incidentId, 'Duplicate']) expect(shown).not.toContain(hidden);
    // The SLT member restricted to 7A may view both for Harry, who is in 7A.
    expect((await getProfileOverview(restricted, harry, style)).data.bodyMap.map((i) => i.incidentId).sort()).toEqual(
      [cp.incidentId, old.incidentId].sort(),
    );
  });

  it('is empty for a pupil without markers', async () => {
    expect((await getProfileOverview(dsl, amelia, style)).data.bodyMap).toEqual([]);
  });
});
