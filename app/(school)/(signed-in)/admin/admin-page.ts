/**
 * What every admin page does first: a signed-in person (else sign-in), who may
 * use administration right now (else the Administration page, which says
 * why: no permission, or the key not used yet). lib/admin checks again in
 * every query and service; this only decides what to render.
 */
import 'server-only';
import { notFound, redirect } from 'next/navigation';
import { adminAccess } from '@/lib/admin';
import { NotFoundError } from '@/lib/errors';
import { requireUserCtx } from '@/lib/http';
import type { UserCtx } from '@/lib/tenancy';

export async function requireAdminPage(): Promise<UserCtx> {
  const ctx = await requireUserCtx();
  if (adminAccess(ctx) !== 'allowed') redirect('/admin');
  return ctx;
}

/** A record of another school, or none at all, is the 404 page. */
export async function orNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
}

/** First value of a search parameter. */
export const param = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
