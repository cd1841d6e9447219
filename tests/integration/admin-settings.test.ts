import { beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { inSchool } from '@/db/scoped';
import { auditLog, schools } from '@/db/schema';
import { schoolSettingsInput, updateSchoolSettings } from '@/lib/admin';
import { findSchoolBySlug } from '@/lib/schools/queries';
import type { School } from '@/lib/tenancy/context';
import { dateInZone } from '@/lib/time';

withTestDatabase();

let a: School;
let b: School;
let adminId: string;
let teacherId: string;
beforeAll(async () => {
  a = await makeSchool('settings-a', 'Settings Academy');
  b = await makeSchool('settings-b', 'Other School');
  adminId = await makeUser({
    email: 'admin@settings.test',
    displayName: 'Ada Admin',
    memberships: { 'settings-a': 'DSL' },
    totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  });
  teacherId = await makeUser({
    email: 'teach@settings.test',
    displayName: 'Tess Teach',
    memberships: { 'settings-a': 'Teachers' },
  });
});

const valid = {
  idleTimeoutMinutes: '5',
  securityMessage: 'Lock your screen when you step away.',
  emailDomainWhitelist: 'settings.sch.uk, @Trust.org.uk',
};

describe('school settings', () => {
  it('an elevated administrator changes them, for this school only, with an audit entry', async () => {
    const { ctx } = await signedIn(a, adminId, { elevated: true });
    await updateSchoolSettings(ctx, valid);
    const after = (await findSchoolBySlug('settings-a'))!.settings;
    expect(after).toMatchObject({
      idleTimeoutMinutes: 5,
      securityMessage: 'Lock your screen when you step away.',
      emailDomainWhitelist: ['settings.sch.uk', 'trust.org.uk'],
    });
    expect((await findSchoolBySlug('settings-b'))!.settings.idleTimeoutMinutes).toBe(15);
    const audit = await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'admin.settings_changed'), eq(auditLog.actorUserId, adminId))),
    );
    expect(audit).toHaveLength(1);
  });

  it('sets names, groups, class restrictions and the incident and import rules from the form’s selects', async () => {
    const school = (await findSchoolBySlug('settings-a'))!;
    const { ctx } = await signedIn(school, adminId, { elevated: true });
    const form = {
      ...valid,
      nameSource: 'legal',
      nameOrder: 'last-first',
      dashboardGroupType: 'year',
      classRestrictions: 'tutor',
      studentSearchOnAddIncident: 'off',
      enforceAlert: 'on',
      disableUsersMissingFromExtract: 'on',
    };
    await updateSchoolSettings(ctx, schoolSettingsInput.parse(form));
    expect((await findSchoolBySlug('settings-a'))!.settings).toMatchObject({
      nameSource: 'legal',
      nameOrder: 'last-first',
      dashboardGroupType: 'year',
      classRestrictions: 'tutor',
      studentSearchOnAddIncident: false,
      enforceAlert: true,
      disableUsersMissingFromExtract: true,
    });
    // Leaving a select out keeps what is stored.
    const { ctx: again } = await signedIn((await findSchoolBySlug('settings-a'))!, adminId, { elevated: true });
    await updateSchoolSettings(again, valid);
    expect((await findSchoolBySlug('settings-a'))!.settings.classRestrictions).toBe('tutor');
    await expect(updateSchoolSettings(again, { ...valid, classRestrictions: 'everyone' })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ['classRestrictions'] })],
    });
    await updateSchoolSettings(again, {
      ...valid,
      classRestrictions: 'off',
      studentSearchOnAddIncident: 'on',
      enforceAlert: 'off',
      disableUsersMissingFromExtract: 'off',
      nameSource: 'preferred',
      nameOrder: 'first-last',
      dashboardGroupType: 'tutor',
    });
  });

  it('parsing is idempotent: the action and the service may both parse', async () => {
    const once = schoolSettingsInput.parse({ ...valid, enforceAlert: 'on', classRestrictions: 'year' });
    expect(schoolSettingsInput.parse(once)).toEqual(once);
  });

  it('refuses without the key, to a teacher, and bad values with messages by the fields', async () => {
    const { ctx: notElevated } = await signedIn(a, adminId);
    await expect(updateSchoolSettings(notElevated, valid)).rejects.toThrow(
      'Elevate your access to use administration.',
    );
    const { ctx: teacher } = await signedIn(a, teacherId);
    await expect(updateSchoolSettings(teacher, valid)).rejects.toThrow(/permission|administration/i);
    const { ctx } = await signedIn(a, adminId, { elevated: true });
    await expect(updateSchoolSettings(ctx, { ...valid, idleTimeoutMinutes: '0' })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ['idleTimeoutMinutes'] })],
    });
    await expect(
      updateSchoolSettings(ctx, { ...valid, emailDomainWhitelist: 'ok.sch.uk, not_a_domain' }),
    ).rejects.toMatchObject({
      issues: [
        expect.objectContaining({
          path: ['emailDomainWhitelist'],
          message: 'Not a domain: not_a_domain. Use domains such as northfield.sch.uk.',
        }),
      ],
    });
    await expect(updateSchoolSettings(ctx, { ...valid, securityMessage: '   ' })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ['securityMessage'] })],
    });
  });

  it('a school’s admin cannot change another school through its context', async () => {
    const { ctx } = await signedIn(a, adminId, { elevated: true });
    await updateSchoolSettings({ ...ctx, school: { ...ctx.school, id: b.id } }, valid).catch(() => undefined);
    expect((await findSchoolBySlug('settings-b'))!.settings.securityMessage).not.toBe(valid.securityMessage);
  });
});

describe('time zone, reporting groups, library and attendance trend', () => {
  it('saves them; the zone is the school’s own column, so its dates follow it from the next request', async () => {
    const { ctx } = await signedIn((await findSchoolBySlug('settings-a'))!, adminId, { elevated: true });
    const form = schoolSettingsInput.parse({
      ...valid,
      timeZone: 'Pacific/Kiritimati',
      reportingGroupType: 'tutor',
      libraryForNonKeyUsers: 'on',
      attendanceTrendDays: '90, 14;7 14',
    });
    await updateSchoolSettings(ctx, form);
    const after = (await findSchoolBySlug('settings-a'))!;
    expect(after.timeZone).toBe('Pacific/Kiritimati');
    expect(after.settings).toMatchObject({
      reportingGroupType: 'tutor',
      libraryForNonKeyUsers: true,
      attendanceTrendDays: [7, 14, 90],
    });
    expect((await findSchoolBySlug('settings-b'))!.timeZone).toBe('Europe/London');
    // 10:30 UTC on 31 December is already 1 January at UTC+14.
    expect(dateInZone(after.timeZone, new Date('2026-12-31T10:30:00Z'))).toBe('2027-01-01');
    const [row] = await inSchool(a.id, (tx) =>
      tx
        .select({ details: auditLog.details })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'admin.settings_changed'), eq(auditLog.actorUserId, adminId)))
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(1),
    );
    expect(row!.details).toMatchObject({
      before: { timeZone: 'Europe/London', libraryForNonKeyUsers: false },
      after: { timeZone: 'Pacific/Kiritimati', libraryForNonKeyUsers: true, attendanceTrendDays: [7, 14, 90] },
    });
    // Leaving the zone out keeps it; back to London for the other tests.
    const { ctx: again } = await signedIn(after, adminId, { elevated: true });
    await updateSchoolSettings(again, valid);
    expect((await findSchoolBySlug('settings-a'))!.timeZone).toBe('Pacific/Kiritimati');
    await updateSchoolSettings(again, { ...valid, timeZone: 'Europe/London' });
  });

  it('a school created with a zone the list spells differently keeps it when other settings are saved', async () => {
    const c = await makeSchool('settings-c', 'Old Names School');
    await inSchool(c.id, (tx) => tx.update(schools).set({ timeZone: 'Asia/Kolkata' }).where(eq(schools.id, c.id)));
    const cAdmin = await makeUser({
      email: 'admin@oldnames.test',
      displayName: 'Olena',
      memberships: { 'settings-c': 'DSL' },
      totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    });
    const { ctx } = await signedIn((await findSchoolBySlug('settings-c'))!, cAdmin, { elevated: true });
    await updateSchoolSettings(ctx, { ...valid, timeZone: 'Asia/Kolkata' });
    expect((await findSchoolBySlug('settings-c'))!.timeZone).toBe('Asia/Kolkata');
    await updateSchoolSettings(ctx, { ...valid, timeZone: 'Europe/Warsaw' });
    expect((await findSchoolBySlug('settings-c'))!.timeZone).toBe('Europe/Warsaw');
  });

  it('refuses a zone not on the list and trend days out of range, with messages by the fields', async () => {
    const { ctx } = await signedIn((await findSchoolBySlug('settings-a'))!, adminId, { elevated: true });
    for (const timeZone of ['Mars/Olympus_Mons', 'europe/london', '', '+01:00', 'x'.repeat(100)]) {
      await expect(updateSchoolSettings(ctx, { ...valid, timeZone })).rejects.toSatisfy(
        (e: { issues?: { path: PropertyKey[]; message: string }[]; fieldErrors?: Record<string, string[]> }) =>
          (e.fieldErrors?.timeZone ?? e.issues?.filter((i) => i.path[0] === 'timeZone').map((i) => i.message))?.[0] ===
          'Choose a time zone from the list.',
      );
    }
    expect((await findSchoolBySlug('settings-a'))!.timeZone).toBe('Europe/London');
    const trend = async (attendanceTrendDays: string, message: string) =>
      expect(updateSchoolSettings(ctx, { ...valid, attendanceTrendDays })).rejects.toMatchObject({
        issues: [expect.objectContaining({ path: ['attendanceTrendDays'], message })],
      });
    await trend('', 'Enter at least one number of days, such as 28.');
    await trend('7, 0, 400, 2.5, x', 'Not a whole number of days from 1 to 365: 0, 400, 2.5, x.');
    await trend('1 2 3 4 5 6', 'At most 5 windows.');
    await expect(updateSchoolSettings(ctx, { ...valid, reportingGroupType: 'house' })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ['reportingGroupType'] })],
    });
    expect((await findSchoolBySlug('settings-a'))!.settings.attendanceTrendDays).toEqual([7, 14, 90]);
  });
});
