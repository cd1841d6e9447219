/** What signed-in staff read of the school's maps: the list, and an uploaded map's picture. */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { schoolMaps } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import type { UserCtx } from '@/lib/tenancy/context';
import type { MapChoice } from './builtin';
import { loadMapImage } from './image-store';
import { mapCatalogue } from './queries';

/** Every map of the school, disabled ones too (past incidents still show their markers on them). */
export async function listSchoolMaps(ctx: UserCtx): Promise<MapChoice[]> {
  return ctx.run((tx) => mapCatalogue(tx, ctx.school.id));
}

/**
 * An uploaded map's picture, for any signed-in member of its school, enabled
 * or not. Another school's id, a built-in id or a malformed one is not found.
 */
export async function readMapImage(ctx: UserCtx, mapId: string): Promise<{ bytes: Buffer; contentType: string }> {
  if (!isUuid(mapId)) throw new NotFoundError('map');
  const row = await ctx.run(async (tx) => {
    const rows = await tx
      .select({
        contentType: schoolMaps.contentType,
        storageKey: schoolMaps.storageKey,
        iv: schoolMaps.iv,
        tag: schoolMaps.tag,
        wrappedKey: schoolMaps.wrappedKey,
        keyProvider: schoolMaps.keyProvider,
      })
      .from(schoolMaps)
      .where(and(eq(schoolMaps.schoolId, ctx.school.id), eq(schoolMaps.id, mapId)))
      .limit(1);
    return rows[0];
  });
  if (!row) throw new NotFoundError('map');
  const bytes = await loadMapImage(ctx.school.id, mapId, row);
  if (!bytes) throw new Error(`The picture of map ${mapId} is missing from storage`);
  return { bytes, contentType: row.contentType };
}
