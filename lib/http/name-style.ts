/**
 * The name style of this request: the school's settings (legal or preferred,
 * order) plus the viewer's "Hide names" switch, which lives in a host-only
 * cookie on their device so it holds on every page until they switch it off.
 */
import 'server-only';
import { cache } from 'react';
import { cookies } from 'next/headers';
import type { NameStyle } from '@/lib/students/names';
import type { Ctx } from '@/lib/tenancy/context';

export const HIDE_NAMES_COOKIE = '__Host-haven-hide-names';

export const getNameStyle = cache(async (ctx: Ctx): Promise<NameStyle> => {
  const hidden = (await cookies()).get(HIDE_NAMES_COOKIE)?.value === '1';
  return { source: ctx.school.settings.nameSource, order: ctx.school.settings.nameOrder, hidden };
});

export async function setHideNames(hidden: boolean): Promise<void> {
  const jar = await cookies();
  const options = { httpOnly: true, secure: true, sameSite: 'lax', path: '/' } as const;
  if (hidden) jar.set(HIDE_NAMES_COOKIE, '1', options);
  else jar.set(HIDE_NAMES_COOKIE, '', { ...options, maxAge: 0 });
}
