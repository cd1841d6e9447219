/**
 * A school's maps as pages and the add-incident form use them, and the rule
 * that a new marker goes only on a map this school has enabled. Reads run in
 * the caller's transaction (row-level security keeps them to its school).
 */
import 'server-only';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { schoolBuiltinMaps, schoolMaps } from '@/db/schema';
import { NotFoundError, UserError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { BUILT_IN_MAPS, isBuiltInMapId, mapImagePath, type MapChoice } from './builtin';

/** Every map of the school, built-in first, then uploaded ones in their order; disabled ones included. */
export async function mapCatalogue(tx: Tx, schoolId: string): Promise<MapChoice[]> {
  const switched = await tx
    .select({ mapId: schoolBuiltinMaps.mapId, enabled: schoolBuiltinMaps.enabled })
    .from(schoolBuiltinMaps)
    .where(eq(schoolBuiltinMaps.schoolId, schoolId));
  const off = new Set(switched.filter((s) => !s.enabled).map((s) => s.mapId));
  const uploaded = await tx
    .select({
      id: schoolMaps.id,
      title: schoolMaps.title,
      enabled: schoolMaps.enabled,
      width: schoolMaps.width,
      height: schoolMaps.height,
    })
    .from(schoolMaps)
    .where(eq(schoolMaps.schoolId, schoolId))
    .orderBy(asc(schoolMaps.sortOrder), asc(schoolMaps.createdAt));
  return [
    ...BUILT_IN_MAPS.map((m) => ({ id: m.id, title: m.title, enabled: !off.has(m.id), image: null })),
    ...uploaded.map((m) => ({
      id: m.id,
      title: m.title,
      enabled: m.enabled,
      image: { src: mapImagePath(m.id), width: m.width, height: m.height },
    })),
  ];
}

export const MAP_NOT_OFFERED = (title: string) =>
  `“${title}” is no longer offered for new markers. Remove its markers or place them on another map.`;

/**
 * Refuses markers on a map that is not this school's (as not found, like any
 * other record of another school) or that is disabled. `kept` names maps
 * already used by the record being changed, which stay allowed when disabled:
 * disabling a map must not make an old incident uneditable.
 */
export async function assertMarkerMaps(
  tx: Tx,
  schoolId: string,
  mapIds: readonly string[],
  kept: readonly string[] = [],
): Promise<void> {
  const ids = [...new Set(mapIds)];
  if (ids.length === 0) return;
  const builtIn = ids.filter(isBuiltInMapId);
  const uploaded = ids.filter((id) => !isBuiltInMapId(id));
  if (uploaded.some((id) => !isUuid(id))) throw new NotFoundError('map');
  const off = builtIn.length
    ? await tx
        .select({ id: schoolBuiltinMaps.mapId })
        .from(schoolBuiltinMaps)
        .where(
          and(
            eq(schoolBuiltinMaps.schoolId, schoolId),
            inArray(schoolBuiltinMaps.mapId, builtIn),
            eq(schoolBuiltinMaps.enabled, false),
          ),
        )
    : [];
  const rows = uploaded.length
    ? await tx
        .select({ id: schoolMaps.id, title: schoolMaps.title, enabled: schoolMaps.enabled })
        .from(schoolMaps)
        .where(and(eq(schoolMaps.schoolId, schoolId), inArray(schoolMaps.id, uploaded)))
    : [];
  if (rows.length !== uploaded.length) throw new NotFoundError('map');
  const titles = new Map<string, string>([...BUILT_IN_MAPS, ...rows].map((m) => [m.id, m.title]));
  const refused = [...off.map((o) => o.id), ...rows.filter((r) => !r.enabled).map((r) => r.id)]
    .filter((id) => !kept.includes(id))
    .map((id) => titles.get(id)!);
  if (refused.length > 0) {
    throw new UserError('Please correct the highlighted fields.', { markers: [MAP_NOT_OFFERED(refused[0]!)] });
  }
}
