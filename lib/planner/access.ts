/**
 * The planner's door: `planner.use` (the planner permission, with the key in
 * use). The rule is lib/access's; this only words the refusals.
 */
import 'server-only';
import { accessSubjectOf, decide, sessionSubject, type AccessSubject } from '@/lib/access';
import { NotAllowedError } from '@/lib/errors';
import type { UserCtx } from '@/lib/tenancy/context';

export type PlannerAccess = 'allowed' | 'needs_elevation' | 'not_allowed';

export const NO_PLANNER = 'You do not have permission to use the planner.';
export const PLANNER_NEEDS_KEY = 'Use your key to open the planner.';

function accessOf(subject: AccessSubject): PlannerAccess {
  const d = decide(subject, 'planner.use');
  if (d.allowed) return 'allowed';
  return d.reason === 'needs_elevation' ? 'needs_elevation' : 'not_allowed';
}

/** From the session alone, for the header and the page; every read and change decides again. */
export function plannerAccess(ctx: UserCtx): PlannerAccess {
  return accessOf(sessionSubject(ctx));
}

/** The fresh subject, refused unless the person may use the planner now. */
export async function requirePlanner(ctx: UserCtx): Promise<AccessSubject> {
  const subject = await accessSubjectOf(ctx);
  const access = accessOf(subject);
  if (access === 'allowed') return subject;
  throw new NotAllowedError(access === 'needs_elevation' ? PLANNER_NEEDS_KEY : NO_PLANNER);
}
