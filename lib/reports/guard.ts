/**
 * Who may use Reporting: the engine's `reports.run` (a group with "Run
 * reports", the key used this session), decided on the session alone like the
 * other areas. Every lib/reports service calls `requireReports` first; what
 * each report counts is then the engine's `incident.report` condition.
 */
import 'server-only';
import { decide, sessionSubject } from '@/lib/access';
import { NotAllowedError } from '@/lib/errors';
import type { Ctx, UserCtx } from '@/lib/tenancy/context';

export const ELEVATE_FOR_REPORTS = 'Use your key to run reports.';

export type ReportsAccess = 'allowed' | 'needs_elevation' | 'not_allowed';

/** What the Reporting pages and the header link show: the area, a prompt to use the key, or nothing. */
export function reportsAccess(ctx: Ctx): ReportsAccess {
  if (!ctx.user) return 'not_allowed';
  const decision = decide(sessionSubject(ctx as UserCtx), 'reports.run');
  if (decision.allowed) return 'allowed';
  return decision.reason === 'needs_elevation' ? 'needs_elevation' : 'not_allowed';
}

/** Throws unless the signed-in person may run reports in this school right now. */
export function requireReports(ctx: Ctx): asserts ctx is UserCtx {
  const access = reportsAccess(ctx);
  if (access === 'allowed') return;
  throw new NotAllowedError(access === 'needs_elevation' ? ELEVATE_FOR_REPORTS : undefined);
}
