/**
 * Admin → Maps: the school's maps (the built-in body maps and uploaded
 * pictures), a new map from a JPEG or PNG with a title, renaming an uploaded
 * one (the new title shows wherever the map is shown, past incidents too), and
 * switching any map off or on. A disabled map is no longer offered for new markers; markers
 * already placed on it stay, with the map (lib/maps). Nothing is deleted.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { z } from 'zod';
import { schoolBuiltinMaps, schoolMaps } from '@/db/schema';
import { recordAdminEvent } from '@/lib/audit/admin-events';
import { NotFoundError, UserError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { BUILT_IN_MAPS, isBuiltInMapId, type MapChoice } from '@/lib/maps/builtin';
import { checkMapImage, EMPTY_FILE } from '@/lib/maps/content';
import { discardMapImage, storeMapImage } from '@/lib/maps/image-store';
import { mapCatalogue } from '@/lib/maps/queries';
import type { Ctx } from '@/lib/tenancy/context';
import { refusingDuplicates } from './db-errors';
import { requireAdmin } from './guard';

export const mapTitleInput = z.strictObject({
  title: z
    .string({ error: 'Enter a title for the map.' })
    .trim()
    .min(1, 'Enter a title for the map, as staff will see it (for example “Playground”).')
    .max(80, 'Use at most 80 characters.'),
});

export const mapRenameInput = mapTitleInput.extend({ mapId: z.string().min(1).max(64) });

export const mapStateInput = z.strictObject({
  mapId: z.string().min(1).max(64),
  enabled: z.enum(['on', 'off']),
});

export const mapMoveInput = z.strictObject({
  mapId: z.string().min(1).max(64),
  direction: z.enum(['up', 'down']),
});

const CORRECT = 'Please correct the highlighted fields.';
const TITLE_TAKEN = 'Another map already has this title. Staff choose maps by title, so give it another.';

/** Staff choose maps by title: none may share one with another map of the school or a body map, in any case. */
async function assertTitleFree(tx: Tx, schoolId: string, title: string, except?: string): Promise<void> {
  const taken = await tx
    .select({ id: schoolMaps.id })
    .from(schoolMaps)
    .where(
      and(
        eq(schoolMaps.schoolId, schoolId),
        sql`lower(${schoolMaps.title}) = ${title.toLowerCase()}`,
        except ? ne(schoolMaps.id, except) : undefined,
      ),
    )
    .limit(1);
  if (taken[0] || BUILT_IN_MAPS.some((m) => m.title.toLowerCase() === title.toLowerCase()))
    throw new UserError(CORRECT, { title: [TITLE_TAKEN] });
}

export async function listMapsForAdmin(ctx: Ctx): Promise<MapChoice[]> {
  requireAdmin(ctx);
  return ctx.run((tx) => mapCatalogue(tx, ctx.school.id));
}

/**
 * A new map. The title and the file are both checked before anything is
 * stored, and both problems are reported at once. The picture is stored
 * (encrypted) before the row that points at it, so a row never names a
 * missing picture; if the row is not written the picture is removed again.
 */
export async function uploadMap(
  ctx: Ctx,
  input: { title: unknown; image: Uint8Array | null },
  now = new Date(),
): Promise<{ mapId: string }> {
  requireAdmin(ctx);
  const title = mapTitleInput.safeParse({ title: input.title });
  const image = input.image ? await checkMapImage(input.image) : ({ ok: false, message: EMPTY_FILE } as const);
  const fieldErrors: Record<string, string[]> = {};
  if (!title.success) fieldErrors.title = title.error.issues.map((i) => i.message);
  if (!image.ok) fieldErrors.image = [image.message];
  if (!title.success || !image.ok || !input.image) throw new UserError(CORRECT, fieldErrors);

  const mapId = randomUUID();
  const stored = await storeMapImage(ctx.school.id, mapId, input.image, image.type);
  try {
    await refusingDuplicates(
      'school_maps_school_title_key',
      { message: CORRECT, field: 'title', fieldMessage: TITLE_TAKEN },
      () =>
        ctx.run(async (tx) => {
          await assertTitleFree(tx, ctx.school.id, title.data.title);
          const [last] = await tx
            .select({ n: sql<number>`coalesce(max(${schoolMaps.sortOrder}), 0)::int` })
            .from(schoolMaps)
            .where(eq(schoolMaps.schoolId, ctx.school.id));
          await tx.insert(schoolMaps).values({
            schoolId: ctx.school.id,
            id: mapId,
            title: title.data.title,
            contentType: image.type,
            width: image.width,
            height: image.height,
            byteSize: input.image!.byteLength,
            ...stored,
            sortOrder: (last?.n ?? 0) + 1,
            createdBy: ctx.user.id,
            createdAt: now,
            updatedAt: now,
          });
          await recordAdminEvent(tx, ctx, {
            action: 'admin.map_added',
            entityType: 'map',
            entityId: mapId,
            details: {
              title: title.data.title,
              contentType: image.type,
              width: image.width,
              height: image.height,
              bytes: input.image!.byteLength,
            },
            at: now,
          });
        }),
    );
  } catch (e) {
    await discardMapImage(stored.storageKey);
    throw e;
  }
  return { mapId };
}

/**
 * Renames an uploaded map (the body maps keep their names). Markers point at
 * the map, not its title, so the new title shows on past incidents too.
 */
export async function renameMap(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const data = mapRenameInput.parse(input);
  if (!isUuid(data.mapId)) throw new NotFoundError('map');
  await refusingDuplicates(
    'school_maps_school_title_key',
    { message: CORRECT, field: 'title', fieldMessage: TITLE_TAKEN },
    () =>
      ctx.run(async (tx) => {
        const [row] = await tx
          .select({ title: schoolMaps.title })
          .from(schoolMaps)
          .where(and(eq(schoolMaps.schoolId, ctx.school.id), eq(schoolMaps.id, data.mapId)))
          .for('update');
        if (!row) throw new NotFoundError('map');
        if (row.title === data.title) return;
        await assertTitleFree(tx, ctx.school.id, data.title, data.mapId);
        await tx
          .update(schoolMaps)
          .set({ title: data.title, updatedAt: now })
          .where(and(eq(schoolMaps.schoolId, ctx.school.id), eq(schoolMaps.id, data.mapId)));
        await recordAdminEvent(tx, ctx, {
          action: 'admin.map_renamed',
          entityType: 'map',
          entityId: data.mapId,
          details: { from: row.title, to: data.title },
          at: now,
        });
      }),
  );
}

/** Switches a map off (not offered for new markers) or on again; already in that state, nothing is written. */
export async function setMapEnabled(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const data = mapStateInput.parse(input);
  const enabled = data.enabled === 'on';
  const { mapId } = data;
  await ctx.run(async (tx) => {
    if (isBuiltInMapId(mapId)) {
      const [row] = await tx
        .select({ enabled: schoolBuiltinMaps.enabled })
        .from(schoolBuiltinMaps)
        .where(and(eq(schoolBuiltinMaps.schoolId, ctx.school.id), eq(schoolBuiltinMaps.mapId, mapId)))
        .for('update');
      if ((row?.enabled ?? true) === enabled) return;
      await tx
        .insert(schoolBuiltinMaps)
        .values({ schoolId: ctx.school.id, mapId, enabled, updatedBy: ctx.user.id, updatedAt: now })
        .onConflictDoUpdate({
          target: [schoolBuiltinMaps.schoolId, schoolBuiltinMaps.mapId],
          set: { enabled, updatedBy: ctx.user.id, updatedAt: now },
        });
      await recordAdminEvent(tx, ctx, {
        action: enabled ? 'admin.builtin_map_enabled' : 'admin.builtin_map_disabled',
        entityType: 'school',
        entityId: ctx.school.id,
        details: { mapId, title: BUILT_IN_MAPS.find((m) => m.id === mapId)!.title },
        at: now,
      });
      return;
    }
    if (!isUuid(mapId)) throw new NotFoundError('map');
    const [row] = await tx
      .select({ enabled: schoolMaps.enabled, title: schoolMaps.title })
      .from(schoolMaps)
      .where(and(eq(schoolMaps.schoolId, ctx.school.id), eq(schoolMaps.id, mapId)))
      .for('update');
    if (!row) throw new NotFoundError('map');
    if (row.enabled === enabled) return;
    await tx
      .update(schoolMaps)
      .set({ enabled, updatedAt: now })
      .where(and(eq(schoolMaps.schoolId, ctx.school.id), eq(schoolMaps.id, mapId)));
    await recordAdminEvent(tx, ctx, {
      action: enabled ? 'admin.map_enabled' : 'admin.map_disabled',
      entityType: 'map',
      entityId: mapId,
      details: { title: row.title },
      at: now,
    });
  });
}

/**
 * Moves an uploaded map one place up or down the order the form offers them
 * in (the built-in body maps always come first). The school's maps are locked
 * while their order is read and swapped, so two moves at once cannot give two
 * maps one place.
 */
export async function moveMap(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const data = mapMoveInput.parse(input);
  if (!isUuid(data.mapId)) throw new NotFoundError('map');
  await ctx.run(async (tx) => {
    const rows = await tx
      .select({ id: schoolMaps.id, sortOrder: schoolMaps.sortOrder, title: schoolMaps.title })
      .from(schoolMaps)
      .where(eq(schoolMaps.schoolId, ctx.school.id))
      .orderBy(asc(schoolMaps.sortOrder), asc(schoolMaps.createdAt))
      .for('update');
    const at = rows.findIndex((r) => r.id === data.mapId);
    if (at === -1) throw new NotFoundError('map');
    const to = data.direction === 'up' ? at - 1 : at + 1;
    if (to < 0 || to >= rows.length) return; // already first or last
    const order = rows.map((r) => r.id);
    [order[at], order[to]] = [order[to]!, order[at]!];
    // Renumbered 1…n: equal places left by racing uploads are resolved too.
    for (const [i, id] of order.entries()) {
      if (rows.find((r) => r.id === id)!.sortOrder === i + 1) continue;
      await tx
        .update(schoolMaps)
        .set({ sortOrder: i + 1, updatedAt: now })
        .where(and(eq(schoolMaps.schoolId, ctx.school.id), eq(schoolMaps.id, id)));
    }
    await recordAdminEvent(tx, ctx, {
      action: 'admin.map_moved',
      entityType: 'map',
      entityId: data.mapId,
      details: { title: rows[at]!.title, direction: data.direction, place: to + 1 },
      at: now,
    });
  });
}
