/**
 * Admin → School settings: the settings staff feel on every page (idle
 * timeout, security message) and the email-domain whitelist for new users.
 * Other settings join with the features they govern. Validated here, merged
 * into the stored document (lib/schools/settings.ts keeps the defaults).
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { schools } from '@/db/schema';
import { schoolSettingsSchema } from '@/lib/schools/settings';
import type { Ctx } from '@/lib/tenancy/context';
import { recordAdminEvent } from './audit';
import { requireAdmin } from './guard';

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const schoolSettingsInput = z.strictObject({
  idleTimeoutMinutes: z.coerce
    .number({ error: 'Enter a number of minutes.' })
    .int('Use whole minutes.')
    .min(1, 'At least 1 minute.')
    .max(120, 'At most 120 minutes.'),
  securityMessage: z.string().trim().min(1, 'Enter the message staff see at the top of every page.').max(300, 'Use at most 300 characters.'),
  // Typed as text in the form (comma- or space-separated), or already a list:
  // the action and the service both parse, so parsing twice must be harmless.
  emailDomainWhitelist: z
    .union([z.string().max(2000), z.array(z.string().max(253)).max(100)])
    .transform((v) =>
      (Array.isArray(v) ? v : v.split(/[\s,;]+/))
        .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
        .filter(Boolean),
    )
    .superRefine((domains, ctx) => {
      const bad = domains.filter((d) => !DOMAIN.test(d));
      if (bad.length > 0) ctx.addIssue({ code: 'custom', message: `Not a domain: ${bad.slice(0, 5).join(', ')}. Use domains such as northfield.sch.uk.` });
      if (domains.length > 20) ctx.addIssue({ code: 'custom', message: 'At most 20 domains.' });
    }),
});

export async function updateSchoolSettings(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const data = schoolSettingsInput.parse(input);
  const next = schoolSettingsSchema.parse({ ...ctx.school.settings, ...data, emailDomainWhitelist: [...new Set(data.emailDomainWhitelist)] });
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

const pick = (s: { idleTimeoutMinutes: number; securityMessage: string; emailDomainWhitelist: string[] }) => ({
  idleTimeoutMinutes: s.idleTimeoutMinutes,
  securityMessage: s.securityMessage,
  emailDomainWhitelist: s.emailDomainWhitelist,
});
