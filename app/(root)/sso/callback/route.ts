/**
 * The one redirect URI of the deployment: Microsoft or Google sends the
 * browser back here. The answer is checked against the flow cookie (state,
 * PKCE, nonce), the school decides (lib/auth/sso.ts), and the browser goes to
 * the school with a one-time code bound to the nonce it was given there. Any
 * failure ends on the school's sign-in page with the neutral refusal.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { finishSsoFlow, handOverSso, SSO_FLOW_COOKIE, ssoFlowState } from '@/lib/auth';
import { getConfig } from '@/lib/config';
import { getRequestMeta, isRootDomainRequest } from '@/lib/http';
import { rootOrigin, schoolOrigin } from '@/lib/tenancy';

function readFlow(value: string | undefined) {
  if (!value || value.length > 4000) return null;
  try {
    const parsed = ssoFlowState.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function GET(request: NextRequest) {
  if (!(await isRootDomainRequest())) return new NextResponse('Not found', { status: 404 });
  const { rootDomain, protocol } = getConfig();
  const flow = readFlow(request.cookies.get(SSO_FLOW_COOKIE)?.value);
  const done = (url: string) => {
    const response = NextResponse.redirect(url, 303);
    response.cookies.delete(SSO_FLOW_COOKIE); // one answer per flow
    return response;
  };
  if (!flow) return done(`${rootOrigin(rootDomain, protocol)}/`);
  const refused = `${schoolOrigin(flow.school, rootDomain, protocol)}/login?sso=refused`;
  // The provider's answer as it reached this address (the root's public origin, not the internal one).
  const current = new URL(`${rootOrigin(rootDomain, protocol)}/sso/callback${request.nextUrl.search}`);
  let identity;
  try {
    identity = await finishSsoFlow(flow, current);
  } catch {
    return done(refused); // cancelled, a forged or replayed answer, a wrong nonce: nobody is signed in
  }
  const next = await handOverSso(flow.school, identity, flow.binding, await getRequestMeta());
  return done(next ?? refused);
}
