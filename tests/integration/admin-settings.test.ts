import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { inSchool } from '@/db/scoped';
import { auditLog } from '@/db/schema';
import { schoolSettingsInput, updateSchoolSettings } from '@/lib/admin';
import { findSchoolBySlug } from '@/lib/schools/queries';
import type { School } from '@/lib/tenancy/context';

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
