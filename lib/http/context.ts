/**
 * Request → Ctx, cached per request. The school comes from the Host header the
 * server received (never x-forwarded-host or a form field); an unknown school is
 * a 404 page, exactly like a school that never existed.
 */
import 'server-only';
import { cache } from 'react';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { getConfig } from '@/lib/config';
import { findSchoolBySlug } from '@/lib/schools/queries';
import type { School, Ctx, RequestMeta, UserCtx } from '@/lib/tenancy/context';
import { resolveSession } from '@/lib/auth/sessions';
import { requestAddress } from './request-address';
import { readSessionToken } from './session-cookie';
import { parseHost, type HostTarget } from '@/lib/tenancy/host';
import { makeCtx } from '@/lib/tenancy/make-ctx';

export const getSchool = cache(async (): Promise<School> => {
  const target = await currentHostTarget();
  if (target.kind !== 'school') notFound();
  const school = await findSchoolBySlug(target.slug);
  if (!school) notFound();
  // Made unavailable by an operator: every page and action of the school says so, and nothing else runs.
  if (school.disabled) redirect('/unavailable');
  return school;
});

/** The client's address (only what the socket or a configured proxy says: request-address.ts) and user agent. */
export const getRequestMeta = cache(async (): Promise<RequestMeta> => {
  const h = await headers();
  return { ip: requestAddress(h, getConfig()), userAgent: h.get('user-agent') };
});

/** The context of this request: the school, and the signed-in person if the session is valid. */
export const getCtx = cache(async (): Promise<Ctx> => {
  const school = await getSchool();
  const token = await readSessionToken();
  const user = token ? await resolveSession(school.id, token, new Date()) : null;
  return makeCtx(school, user, await getRequestMeta());
});

/** The context of a page or action that needs a signed-in person; otherwise off to sign in. */
export async function requireUserCtx(): Promise<UserCtx> {
  const ctx = await getCtx();
  if (!ctx.user) redirect('/login');
  return ctx as UserCtx;
}

/** What the Host header of this request names: the root domain, a school, or neither. */
export const currentHostTarget = cache(async (): Promise<HostTarget> => {
  const h = await headers();
  return parseHost(h.get('host'), getConfig().rootDomain);
});

/** True when this request is for the bare root domain. */
export async function isRootDomainRequest(): Promise<boolean> {
  return (await currentHostTarget()).kind === 'root';
}
