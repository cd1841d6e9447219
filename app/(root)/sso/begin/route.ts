/**
 * On the root domain: remember the school, the browser's binding, the state,
 * nonce and PKCE verifier in a host-only cookie, and send the browser to
 * Microsoft or Google (lib/auth/sso-flow.ts).
 */
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { BINDING_PATTERN, SSO_FLOW_COOKIE, ssoProvidersFor, startSsoFlow } from '@/lib/auth';
import { isRootDomainRequest, SSO_FLOW_COOKIE_OPTIONS } from '@/lib/http';
import { findSchoolBySlug } from '@/lib/schools';
import { SLUG_PATTERN } from '@/lib/tenancy';

const input = z.strictObject({
  school: z.string().regex(SLUG_PATTERN),
  provider: z.enum(['microsoft', 'google']),
  bind: z.string().regex(BINDING_PATTERN),
});

export async function GET(request: NextRequest) {
  if (!(await isRootDomainRequest())) return new NextResponse('Not found', { status: 404 });
  const q = request.nextUrl.searchParams;
  const parsed = input.safeParse({
    school: q.get('school') ?? '',
    provider: q.get('provider') ?? '',
    bind: q.get('bind') ?? '',
  });
  if (!parsed.success) return new NextResponse('Not found', { status: 404 });
  const school = await findSchoolBySlug(parsed.data.school);
  if (!school || !ssoProvidersFor(school.settings).includes(parsed.data.provider))
    return new NextResponse('Not found', { status: 404 });
  const { url, flow } = await startSsoFlow(parsed.data.provider, school.slug, parsed.data.bind);
  const response = NextResponse.redirect(url, 303);
  response.cookies.set(
    SSO_FLOW_COOKIE,
    Buffer.from(JSON.stringify(flow)).toString('base64url'),
    SSO_FLOW_COOKIE_OPTIONS,
  );
  return response;
}
