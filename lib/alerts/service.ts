/**
 * Marking an alert read: it leaves the dashboard, and with it a non-key
 * user's way into the record (the access subject reads live alerts on every
 * request). Only one's own alerts; another person's or school's is "not found".
 */
import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { alerts, incidents } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { NotFoundError } from '@/lib/errors';
import type { UserCtx } from '@/lib/tenancy/context';

export const markReadInput = z.strictObject({ alertId: z.uuid() });

export async function markAlertRead(ctx: UserCtx, input: unknown, now = new Date()): Promise<void> {
  const parsed = markReadInput.safeParse(input);
  if (!parsed.success) throw new NotFoundError('alert');
  await ctx.run(async (tx) => {
    const rows = await tx
      .update(alerts)
      .set({ readAt: now })
      .where(and(eq(alerts.id, parsed.data.alertId), eq(alerts.userId, ctx.user.id), isNull(alerts.readAt)))
      .returning({ incidentId: alerts.incidentId });
    const row = rows[0];
    if (!row) throw new NotFoundError('alert');
    const [incident] = await tx
      .select({ studentId: incidents.studentId })
      .from(incidents)
      .where(eq(incidents.id, row.incidentId));
    await recordAudit(tx, ctx, {
      action: 'alert.read',
      entityType: 'incident',
      entityId: row.incidentId,
      studentId: incident?.studentId ?? null,
      details: { alertId: parsed.data.alertId },
      at: now,
    });
  });
}
