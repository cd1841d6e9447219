import { inSchool } from '@/db/scoped';
import type { School } from '@/lib/schools/types';
import type { Ctx, RequestMeta } from './context';

/** A context for one school; used by the request context and by tests. */
export function makeCtx(school: School, meta: RequestMeta = { ip: null, userAgent: null }): Ctx {
  return { school, meta, run: (fn) => inSchool(school.id, fn) };
}
