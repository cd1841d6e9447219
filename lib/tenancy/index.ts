/**
 * lib/tenancy — who is asking, in which school: the Host header → school
 * rule (host.ts, pure, shared with proxy.ts), the request context every service
 * takes first (context.ts: the School, the signed-in person, `run`), one made
 * for a school and person (make-ctx.ts), the names of the system permissions
 * the person's group holds (permissions.ts) and the one check of a return
 * path (return-path.ts).
 */
import 'server-only';

export type { Ctx, RequestMeta, School, SignedInUser, UserCtx } from './context';
export { makeCtx } from './make-ctx';
export { RESERVED_SLUGS, SLUG_PATTERN, parseHost, rootOrigin, schoolOrigin, type HostTarget } from './host';
export { SYSTEM_PERMISSIONS, type SystemPermission } from './permissions';
export { safeReturnPath } from './return-path';
