/**
 * Arriving from another of the person's schools with a one-time code: exchange
 * it, alongside this browser's switching nonce, for this school's own session
 * and continue to the same kind of page. A bad, used or late code goes to
 * sign-in, like any other signed-out visit; a code opened in a browser other
 * than the one that asked for it is refused with a page saying so.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { exchangeSwitchCode, SWITCH_NONCE_COOKIE } from '@/lib/auth';
import { getConfig } from '@/lib/config';
import { getRequestMeta, getSchool, writeSessionToken } from '@/lib/http';
import { schoolOrigin } from '@/lib/tenancy';

export async function GET(request: NextRequest) {
  const school = await getSchool();
  const { rootDomain, protocol } = getConfig();
  const origin = schoolOrigin(school.slug, rootDomain, protocol);
  const code = request.nextUrl.searchParams.get('code') ?? '';
  const nonce = request.cookies.get(SWITCH_NONCE_COOKIE)?.value ?? null;
  const result = await exchangeSwitchCode(school, code, nonce, await getRequestMeta());
  if (!result.ok)
    return NextResponse.redirect(`${origin}${result.reason === 'other_browser' ? '/switch/refused' : '/login'}`, 303);
  await writeSessionToken(result.token);
  return NextResponse.redirect(`${origin}${result.nextPath}`, 303);
}
