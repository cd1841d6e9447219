/**
 * The OpenID Connect authorization-code flow with PKCE for sign-in with
 * Microsoft or Google, on the root domain (one redirect URI per deployment:
 * `<root>/sso/callback`). Built on oauth4webapi, the library Auth.js itself
 * uses for this exchange: Haven needs only the verified ID token's claims and
 * creates its own session, so Auth.js's sessions, users and cookies would be
 * thrown away (see docs/ARCHITECTURE.md). The issuer is discovered and checked,
 * the state and PKCE verifier travel in the root's own host-only cookie, and
 * the ID token's issuer, audience, expiry and nonce are validated (it comes
 * straight from the provider's token endpoint over TLS, which OpenID Connect
 * Core 3.1.3.7 accepts in place of checking its signature).
 */
import 'server-only';
import * as oauth from 'oauth4webapi';
import { z } from 'zod';
import { getConfig } from '@/lib/config';
import { rootOrigin } from '@/lib/tenancy/host';
import type { SsoIdentity, SsoProvider } from './sso';

/** What the root remembers between sending the browser to the provider and its return (an HttpOnly cookie). */
export const ssoFlowState = z.strictObject({
  school: z.string().max(63),
  provider: z.enum(['microsoft', 'google']),
  binding: z.string().regex(/^[0-9a-f]{64}$/),
  verifier: z.string().min(43).max(128),
  state: z.string().min(22).max(128),
  nonce: z.string().min(22).max(128),
});
export type SsoFlowState = z.infer<typeof ssoFlowState>;

export const SSO_FLOW_COOKIE = '__Host-haven-sso';
export const SSO_FLOW_SECONDS = 10 * 60;

export class SsoFlowError extends Error {}

function providerConfig(provider: SsoProvider) {
  const p = getConfig().sso[provider];
  if (!p) throw new SsoFlowError('provider not configured');
  return p;
}

const callbackUrl = () => {
  const { rootDomain, protocol } = getConfig();
  return `${rootOrigin(rootDomain, protocol)}/sso/callback`;
};

/** Only the local test issuer may be plain http (config refuses any other in production). */
const insecure = (issuer: string) => ({ [oauth.allowInsecureRequests]: issuer.startsWith('http://') });

async function authorizationServer(issuer: string): Promise<oauth.AuthorizationServer> {
  const url = new URL(issuer);
  const response = await oauth.discoveryRequest(url, { algorithm: 'oidc', ...insecure(issuer) });
  return oauth.processDiscoveryResponse(url, response);
}

/** Where to send the browser, and what to remember until it comes back. */
export async function startSsoFlow(
  provider: SsoProvider,
  school: string,
  binding: string,
): Promise<{ url: string; flow: SsoFlowState }> {
  const p = providerConfig(provider);
  const as = await authorizationServer(p.issuer);
  if (!as.authorization_endpoint) throw new SsoFlowError('no authorization endpoint');
  const flow: SsoFlowState = {
    school,
    provider,
    binding,
    verifier: oauth.generateRandomCodeVerifier(),
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
  };
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: p.clientId,
    redirect_uri: callbackUrl(),
    response_type: 'code',
    scope: 'openid email profile',
    state: flow.state,
    nonce: flow.nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: 'S256',
    prompt: 'select_account',
  }).toString();
  return { url: url.toString(), flow };
}

/** Checks the provider's answer and returns what its ID token says; throws SsoFlowError or oauth4webapi's errors. */
export async function finishSsoFlow(flow: SsoFlowState, currentUrl: URL): Promise<SsoIdentity> {
  const p = providerConfig(flow.provider);
  const as = await authorizationServer(p.issuer);
  const client: oauth.Client = { client_id: p.clientId };
  const auth = oauth.ClientSecretPost(p.clientSecret);
  const params = oauth.validateAuthResponse(as, client, currentUrl, flow.state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    auth,
    params,
    callbackUrl(),
    flow.verifier,
    insecure(p.issuer),
  );
  const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
    expectedNonce: flow.nonce,
    requireIdToken: true,
  });
  const claims = oauth.getValidatedIdTokenClaims(result);
  // Only the ID token is read (no call to Microsoft Graph or Google's userinfo).
  const email = typeof claims?.email === 'string' ? claims.email : '';
  const verified = claims?.email_verified;
  return {
    provider: flow.provider,
    email,
    emailVerified:
      typeof verified === 'boolean' ? verified : verified === 'true' ? true : verified === 'false' ? false : undefined,
  };
}
