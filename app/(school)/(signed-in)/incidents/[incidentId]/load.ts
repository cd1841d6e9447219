/** Shared by the incident's option pages: the incident as this person may see it, or the 404 page. */
import 'server-only';
import { notFound } from 'next/navigation';
import { NotAllowedError, NotFoundError } from '@/lib/errors';
import { getIncident, type IncidentView } from '@/lib/incidents';
import { requireUserCtx, getNameStyle } from '@/lib/http';
import type { IncidentAction } from '@/lib/access';
import type { NameStyle } from '@/lib/students';
import type { UserCtx } from '@/lib/tenancy';

/**
 * With `toDo`, only someone allowed to do that to the incident gets the page
 * (delete, merge): anyone else gets the 404 page, as for an incident they
 * cannot see, rather than a form whose action would refuse them.
 */
export async function loadIncidentPage(
  incidentId: string,
  toDo: IncidentAction = 'incident.view',
): Promise<{ ctx: UserCtx; style: NameStyle; incident: IncidentView }> {
  const ctx = await requireUserCtx();
  const style = await getNameStyle(ctx);
  try {
    return { ctx, style, incident: await getIncident(ctx, incidentId, style, toDo) };
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
}

/** A page whose service refuses: "not found" is the 404 page; "not allowed" is said plainly. */
export async function orRefused<T>(load: Promise<T>): Promise<T | { refused: string }> {
  try {
    return await load;
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    if (e instanceof NotAllowedError) return { refused: e.message };
    throw e;
  }
}

export type Params = { params: Promise<{ incidentId: string }> };
