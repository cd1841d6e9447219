/**
 * Admin → School settings: the settings staff feel on every page (idle
 * timeout, security message, how pupils' names read), the email-domain
 * whitelist, class restrictions, the dashboard's groups, the add-incident
 * form's rules and what the MIS import does to leavers. Other settings join
 * with the features they govern. Validated here, merged
 * into the stored document (lib/settings/school-settings.ts keeps the defaults).
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { schools } from '@/db/schema';
import { schoolSettingsSchema, type SchoolSettings } from '@/lib/settings/school-settings';
import type { Ctx } from '@/lib/tenancy/context';
import { recordAdminEvent } from '@/lib/audit/admin-events';
import { requireAdmin } from './guard';

/** A yes/no select: 'on' or 'off' (a real boolean passes through, so parsing twice is harmless). */
const onOff = z.union([z.boolean(), z.enum(['on', 'off']).transform((v) => v === 'on')], {
  error: 'Choose on or off.',
});

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

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
  emailDomainWhitelist: z
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
    }),
  // The settings below arrive from selects, so they are always sent by the form; a
  // service caller may leave one out to keep what is stored.
  nameSource: z.enum(['legal', 'preferred'], { error: 'Choose legal or preferred names.' }).optional(),
  nameOrder: z.enum(['first-last', 'last-first'], { error: 'Choose an order.' }).optional(),
  dashboardGroupType: z.enum(['tutor', 'year'], { error: 'Choose tutor or year groups.' }).optional(),
  classRestrictions: z.enum(['off', 'tutor', 'year'], { error: 'Choose off, tutor groups or year groups.' }).optional(),
  studentSearchOnAddIncident: onOff.optional(),
  enforceAlert: onOff.optional(),
  disableUsersMissingFromExtract: onOff.optional(),
});

export async function updateSchoolSettings(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const data = schoolSettingsInput.parse(input);
  const given = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
  const next = schoolSettingsSchema.parse({
    ...ctx.school.settings,
    ...given,
    emailDomainWhitelist: [...new Set(data.emailDomainWhitelist)],
  });
  await ctx.run(async (tx) => {
    await tx.update(schools).set({ settings: next, updatedAt: now }).where(eq(schools.id, ctx.school.id));
    await recordAdminEvent(tx, ctx, {
      action: 'admin.settings_changed',
      entityType: 'school',
      entityId: ctx.school.id,
      details: { before: pick(ctx.school.settings), after: pick(next) },
      at: now,
    });
  });
}

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
] as const;

const pick = (s: SchoolSettings) => Object.fromEntries(AUDITED.map((k) => [k, s[k]]));
