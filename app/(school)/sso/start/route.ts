/**
 * "Sign in with Microsoft/Google" on a school's sign-in page: only for a
 * provider this deployment has and this school allows. Gives this browser the
 * school's switching nonce (the code that comes back works only here) and
 * sends it to the root domain, which talks to the provider.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { bindingOf, newSwitchNonce, ssoProvidersFor, SWITCH_NONCE_COOKIE, wellFormedNonce } from '@/lib/auth';
import { getConfig } from '@/lib/config';
import { getSchool, SWITCH_NONCE_COOKIE_OPTIONS } from '@/lib/http';
import { rootOrigin } from '@/lib/tenancy';

export async function GET(request: NextRequest) {
  const school = await getSchool();
  const provider = request.nextUrl.searchParams.get('provider');
  const offered = ssoProvidersFor(school.settings).find((p) => p === provider);
  if (!offered) return new NextResponse('Not found', { status: 404 });
  const nonce = wellFormedNonce(request.cookies.get(SWITCH_NONCE_COOKIE)?.value) ?? newSwitchNonce();
  const { rootDomain, protocol } = getConfig();
  const q = new URLSearchParams({ school: school.slug, provider: offered, bind: bindingOf(nonce) });
  const response = NextResponse.redirect(`${rootOrigin(rootDomain, protocol)}/sso/begin?${q}`, 303);
  response.cookies.set(SWITCH_NONCE_COOKIE, nonce, SWITCH_NONCE_COOKIE_OPTIONS);
  return response;
}
