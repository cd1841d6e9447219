/**
 * Request → Ctx, cached per request. The school comes from the Host header the
 * server received (never x-forwarded-host or a form field); an unknown school is
 * a 404 page, exactly like a school that never existed.
 */
import 'server-only';
import { cache } from 'react';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { getConfig } from '@/lib/config';
import { findSchoolBySlug } from '@/lib/schools/queries';
import type { School } from '@/lib/schools/types';
import type { Ctx } from '@/lib/tenancy/context';
import { parseHost, type HostTarget } from '@/lib/tenancy/host';
import { makeCtx } from '@/lib/tenancy/make-ctx';

export const getSchool = cache(async (): Promise<School> => {
  const target = await currentHostTarget();
  if (target.kind !== 'school') notFound();
  const school = await findSchoolBySlug(target.slug);
  if (!school) notFound();
  return school;
});

export const getCtx = cache(async (): Promise<Ctx> => {
  const school = await getSchool();
  const h = await headers();
  return makeCtx(school, {
    ip: h.get('x-real-ip') ?? h.get('x-forwarded-for')?.split(',')[0]?.trim() ?? null,
    userAgent: h.get('user-agent'),
  });
});

/** What the Host header of this request names: the root domain, a school, or neither. */
export const currentHostTarget = cache(async (): Promise<HostTarget> => {
  const h = await headers();
  return parseHost(h.get('host'), getConfig().rootDomain);
});

/** True when this request is for the bare root domain. */
export async function isRootDomainRequest(): Promise<boolean> {
  return (await currentHostTarget()).kind === 'root';
}
