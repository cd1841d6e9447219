/**
 * Admin → School settings: the settings staff feel on every page (idle
 * timeout, security message, how pupils' names read, the school's time zone),
 * the email-domain whitelist, class restrictions, the dashboard's and reports'
 * groups, the add-incident form's rules, the library for staff without a key,
 * the attendance trend's windows, what the MIS import does to leavers and the
 * largest file the Document vault takes, and sign-in with the school's
 * Microsoft or Google account (which providers, which email domains).
 * Validated here, merged into the stored document (lib/settings/school-settings.ts
 * keeps the defaults). The time zone is the schools row's own column, read by
 * every school-local date, so it is written there and nowhere else. The logo
 * is a file with its own service (settings-logo.ts). Only the keys this page
 * owns are written, so it never undoes another page's change to the document.
 */
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { schools } from '@/db/schema';
import { schoolSettingsSchema, type SchoolSettings } from '@/lib/settings/school-settings';
import { UserError } from '@/lib/errors';
import { isSchoolTimeZone } from '@/lib/time/zones';
import type { Ctx } from '@/lib/tenancy/context';
import { recordAdminEvent } from '@/lib/audit/admin-events';
import { requireAdmin } from './guard';

const CORRECT_FIELDS = 'Please correct the highlighted fields.';

/** A yes/no select: 'on' or 'off' (a real boolean passes through, so parsing twice is harmless). */
const onOff = z.union([z.boolean(), z.enum(['on', 'off']).transform((v) => v === 'on')], {
  error: 'Choose on or off.',
});

/** The attendance trend's windows, typed as "7, 28, 90" (or already a list). */
const trendDays = z
  .union([z.string().max(200), z.array(z.number())])
  .transform((v) => (Array.isArray(v) ? v.map(String) : v.split(/[\s,;]+/).filter(Boolean)))
  .superRefine((items, ctx) => {
    if (items.length === 0) ctx.addIssue({ code: 'custom', message: 'Enter at least one number of days, such as 28.' });
    else if (items.length > 5) ctx.addIssue({ code: 'custom', message: 'At most 5 windows.' });
    const bad = items.filter((d) => !/^\d{1,3}$/.test(d) || Number(d) < 1 || Number(d) > 365);
    if (bad.length > 0)
      ctx.addIssue({
        code: 'custom',
        message: `Not a whole number of days from 1 to 365: ${bad.slice(0, 5).join(', ')}.`,
      });
  })
  .transform((items) => [...new Set(items.map(Number))].sort((a, b) => a - b));

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const domainList = z
  .union([z.string().max(2000), z.array(z.string().max(253)).max(100)])
  .transform((v) =>
    (Array.isArray(v) ? v : v.split(/[\s,;]+/)).map((d) => d.trim().toLowerCase().replace(/^@/, '')).filter(Boolean),
  )
  .superRefine((domains, ctx) => {
    const bad = domains.filter((d) => !DOMAIN.test(d));
    if (bad.length > 0)
      ctx.addIssue({
        code: 'custom',
        message: `Not a domain: ${bad.slice(0, 5).join(', ')}. Use domains such as northfield.sch.uk.`,
      });
    if (domains.length > 20) ctx.addIssue({ code: 'custom', message: 'At most 20 domains.' });
  });

export const schoolSettingsInput = z.strictObject({
  idleTimeoutMinutes: z.coerce
    .number({ error: 'Enter a number of minutes.' })
    .int('Use whole minutes.')
    .min(1, 'At least 1 minute.')
    .max(120, 'At most 120 minutes.'),
  securityMessage: z
    .string()
    .trim()
    .min(1, 'Enter the message staff see at the top of every page.')
    .max(300, 'Use at most 300 characters.'),
  // Typed as text in the form (comma- or space-separated), or already a list:
  // the action and the service both parse, so parsing twice must be harmless.
  emailDomainWhitelist: domainList,
  // The settings below arrive from selects, so they are always sent by the form; a
  // service caller may leave one out to keep what is stored.
  nameSource: z.enum(['legal', 'preferred'], { error: 'Choose legal or preferred names.' }).optional(),
  nameOrder: z.enum(['first-last', 'last-first'], { error: 'Choose an order.' }).optional(),
  dashboardGroupType: z.enum(['tutor', 'year'], { error: 'Choose tutor or year groups.' }).optional(),
  classRestrictions: z.enum(['off', 'tutor', 'year'], { error: 'Choose off, tutor groups or year groups.' }).optional(),
  studentSearchOnAddIncident: onOff.optional(),
  enforceAlert: onOff.optional(),
  disableUsersMissingFromExtract: onOff.optional(),
  libraryForNonKeyUsers: onOff.optional(),
  reportingGroupType: z.enum(['tutor', 'year'], { error: 'Choose tutor or year groups.' }).optional(),
  // Checked against the list by the service, which also accepts the zone the school already has
  // (a school created with a name the runtime's list spells differently, such as Asia/Kolkata where it lists
  // Asia/Calcutta, keeps it when other settings are saved).
  timeZone: z
    .string({ error: 'Choose a time zone from the list.' })
    .max(64, 'Choose a time zone from the list.')
    .optional(),
  attendanceTrendDays: trendDays.optional(),
  vaultMaxFileMb: z.coerce
    .number({ error: 'Enter a number of megabytes, from 1 to 500.' })
    .int('Use a whole number of megabytes, from 1 to 500.')
    .min(1, 'At least 1 MB.')
    .max(500, 'At most 500 MB.')
    .optional(),
  // Sign-in with the school's Microsoft or Google account (lib/auth/sso.ts).
  ssoMicrosoft: onOff.optional(),
  ssoGoogle: onOff.optional(),
  ssoDomains: domainList.optional(),
});

export async function updateSchoolSettings(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const { timeZone: newZone, ...data } = schoolSettingsInput.parse(input);
  const given = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
  const next = schoolSettingsSchema.parse({
    ...ctx.school.settings,
    ...given,
    emailDomainWhitelist: [...new Set(data.emailDomainWhitelist)],
    ...(data.ssoDomains ? { ssoDomains: [...new Set(data.ssoDomains)] } : {}),
  });
  if ((next.ssoMicrosoft || next.ssoGoogle) && next.ssoDomains.length === 0)
    throw new UserError(CORRECT_FIELDS, {
      ssoDomains: ['Enter the email domains your school’s accounts use, such as northfield.sch.uk.'],
    });
  const timeZone = newZone ?? ctx.school.timeZone;
  if (timeZone !== ctx.school.timeZone && !isSchoolTimeZone(timeZone))
    throw new UserError(CORRECT_FIELDS, { timeZone: ['Choose a time zone from the list.'] });
  await ctx.run(async (tx) => {
    // Only the keys this page owns: the document was read when the page loaded, and the form
    // builder, training mode or the logo may have changed their own keys since.
    await tx
      .update(schools)
      .set({
        settings: sql`coalesce(${schools.settings}, '{}'::jsonb) || ${JSON.stringify(pick(next))}::jsonb`,
        timeZone,
        updatedAt: now,
      })
      .where(eq(schools.id, ctx.school.id));
    await recordAdminEvent(tx, ctx, {
      action: 'admin.settings_changed',
      entityType: 'school',
      entityId: ctx.school.id,
      details: {
        before: { ...pick(ctx.school.settings), timeZone: ctx.school.timeZone },
        after: { ...pick(next), timeZone },
      },
      at: now,
    });
  });
}

/** The keys this page owns: written, and audited before and after. */
const AUDITED = [
  'idleTimeoutMinutes',
  'securityMessage',
  'emailDomainWhitelist',
  'nameSource',
  'nameOrder',
  'dashboardGroupType',
  'classRestrictions',
  'studentSearchOnAddIncident',
  'enforceAlert',
  'disableUsersMissingFromExtract',
  'libraryForNonKeyUsers',
  'reportingGroupType',
  'attendanceTrendDays',
  'vaultMaxFileMb',
  'ssoMicrosoft',
  'ssoGoogle',
  'ssoDomains',
] as const;

const pick = (s: SchoolSettings) => Object.fromEntries(AUDITED.map((k) => [k, s[k]]));
