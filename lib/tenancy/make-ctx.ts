import 'server-only';
import { inSchool } from '@/db/scoped';
import type { Ctx, RequestMeta, School, SignedInUser } from './context';

/** A context for one school (and person); used by the request context and by tests. */
export function makeCtx(
  school: School,
  user: SignedInUser | null = null,
  meta: RequestMeta = { ip: null, userAgent: null },
): Ctx {
  return { school, user, meta, run: (fn) => inSchool(school.id, fn, user?.id) };
}
