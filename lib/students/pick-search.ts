/**
 * The add-incident form's pupil search: the same search as Quick Student
 * Search (search.ts), over the pupils this user may pick (the permission
 * engine's 'student.pick': key holders within their reach, or anyone who may
 * add incidents when the school allows the search).
 */
import 'server-only';
import type { UserCtx } from '@/lib/tenancy/context';
import { formatPupilName, type NameStyle } from './names';
import { searchStudents } from './search';

export interface PickablePupil {
  id: string;
  name: string;
  group: string | null;
}

export async function searchPickablePupils(
  ctx: UserCtx,
  query: string,
  style: NameStyle,
  limit = 10,
): Promise<PickablePupil[]> {
  const { items } = await searchStudents(ctx, query, { action: 'student.pick', limit });
  return items.map((r) => ({ id: r.id, name: formatPupilName(r, style), group: r.tutorGroup ?? r.yearGroup }));
}
