/**
 * Admin → Integrations: administrators (with their key: lib/admin's
 * requireAdmin) add, list, rotate and revoke the school's inbound
 * integrations. The token is returned once, on creating or rotating; only its
 * hash is kept. Every change is audited; the token never is.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { alertGroups, categories, integrations } from '@/db/schema';
import { requireAdmin } from '@/lib/admin/guard';
import { recordAdminEvent } from '@/lib/audit/admin-events';
import { NotFoundError, UserError } from '@/lib/errors';
import { activeMemberIds } from '@/lib/incidents/recipients';
import type { Ctx } from '@/lib/tenancy/context';
import { integrationInput, integrationRefInput } from './schema';
import { newToken } from './token';

export interface IntegrationSummary {
  id: string;
  name: string;
  categoryName: string;
  alertUserCount: number;
  alertGroupCount: number;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function listIntegrations(ctx: Ctx): Promise<IntegrationSummary[]> {
  requireAdmin(ctx);
  return ctx.run(async (tx) => {
    const rows = await tx
      .select({
        id: integrations.id,
        name: integrations.name,
        categoryName: categories.name,
        alertUserIds: integrations.alertUserIds,
        alertGroupIds: integrations.alertGroupIds,
        createdAt: integrations.createdAt,
        lastUsedAt: integrations.lastUsedAt,
        revokedAt: integrations.revokedAt,
      })
      .from(integrations)
      .innerJoin(categories, eq(categories.id, integrations.categoryId))
      .orderBy(asc(integrations.name), asc(integrations.createdAt));
    return rows.map(({ alertUserIds, alertGroupIds, ...r }) => ({
      ...r,
      alertUserCount: alertUserIds.length,
      alertGroupCount: alertGroupIds.length,
    }));
  });
}

export async function createIntegration(
  ctx: Ctx,
  input: unknown,
  now = new Date(),
): Promise<{ id: string; token: string }> {
  requireAdmin(ctx);
  const data = integrationInput.parse(input);
  if (data.alertUserIds.length === 0 && data.alertGroupIds.length === 0) {
    throw new UserError('Please correct the highlighted fields.', {
      alertUserIds: ['Choose at least one person or alert group to alert.'],
    });
  }
  return ctx.run(async (tx) => {
    const [category] = await tx
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.id, data.categoryId), isNull(categories.archivedAt)));
    if (!category)
      throw new UserError('Please correct the highlighted fields.', { categoryId: ['Choose a category.'] });
    const active = await activeMemberIds(tx, data.alertUserIds);
    if (data.alertUserIds.some((id) => !active.has(id))) {
      throw new UserError('Please correct the highlighted fields.', { alertUserIds: ['Choose people from the list.'] });
    }
    if (data.alertGroupIds.length > 0) {
      const groups = await tx
        .select({ id: alertGroups.id })
        .from(alertGroups)
        .where(and(inArray(alertGroups.id, data.alertGroupIds), isNull(alertGroups.archivedAt)));
      if (groups.length !== data.alertGroupIds.length) {
        throw new UserError('Please correct the highlighted fields.', {
          alertGroupIds: ['Choose alert groups from the list.'],
        });
      }
    }
    const id = randomUUID();
    const t = newToken();
    await tx.insert(integrations).values({
      schoolId: ctx.school.id,
      id,
      name: data.name,
      categoryId: data.categoryId,
      alertUserIds: data.alertUserIds,
      alertGroupIds: data.alertGroupIds,
      tokenId: t.tokenId,
      tokenHash: t.tokenHash,
      createdBy: ctx.user.id,
      createdAt: now,
    });
    await recordAdminEvent(tx, ctx, {
      action: 'admin.integration_created',
      entityType: 'integration',
      entityId: id,
      details: {
        name: data.name,
        categoryId: data.categoryId,
        alertUserIds: data.alertUserIds,
        alertGroupIds: data.alertGroupIds,
      },
      at: now,
    });
    return { id, token: t.token };
  });
}

/** A new token for a live integration: the old one stops working when this commits. */
export async function rotateIntegration(ctx: Ctx, input: unknown, now = new Date()): Promise<{ token: string }> {
  requireAdmin(ctx);
  const { integrationId } = integrationRefInput.parse(input);
  return ctx.run(async (tx) => {
    const t = newToken();
    const [row] = await tx
      .update(integrations)
      .set({ tokenId: t.tokenId, tokenHash: t.tokenHash, rotatedAt: now })
      .where(and(eq(integrations.id, integrationId), isNull(integrations.revokedAt)))
      .returning({ id: integrations.id });
    if (!row) throw new NotFoundError('integration');
    await recordAdminEvent(tx, ctx, {
      action: 'admin.integration_rotated',
      entityType: 'integration',
      entityId: integrationId,
      details: {},
      at: now,
    });
    return { token: t.token };
  });
}

export async function revokeIntegration(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const { integrationId } = integrationRefInput.parse(input);
  await ctx.run(async (tx) => {
    const [row] = await tx
      .update(integrations)
      .set({ revokedAt: now })
      .where(and(eq(integrations.id, integrationId), isNull(integrations.revokedAt)))
      .returning({ id: integrations.id });
    if (!row) throw new NotFoundError('integration');
    await recordAdminEvent(tx, ctx, {
      action: 'admin.integration_revoked',
      entityType: 'integration',
      entityId: integrationId,
      details: {},
      at: now,
    });
  });
}
