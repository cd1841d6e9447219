/**
 * The whole OpenID Connect round trip against a local provider started here:
 * the root's authorization request (state, nonce, PKCE), the provider's
 * answer, the token exchange and ID token checks, the school's decision and
 * the one-time code that only the browser which started can exchange.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { startLocalOidcProvider, type LocalOidcProvider } from '../support/oidc-provider';
import { updateSchoolSettings } from '@/lib/admin';
import { bindingOf, exchangeSwitchCode, newSwitchNonce } from '@/lib/auth/school-switch';
import { resolveSession } from '@/lib/auth/sessions';
import { handOverSso } from '@/lib/auth/sso';
import { finishSsoFlow, startSsoFlow } from '@/lib/auth/sso-flow';
import { getConfig, setConfigForTests } from '@/lib/config';
import { findSchoolBySlug } from '@/lib/schools/queries';

withTestDatabase();

const meta = { ip: '198.51.100.60', userAgent: 'vitest' };
let idp: LocalOidcProvider;
let teacherId: string;

beforeAll(async () => {
  idp = await startLocalOidcProvider();
  const client = { clientId: idp.clientId, clientSecret: idp.clientSecret, issuer: idp.issuer };
  setConfigForTests({ ...getConfig(), sso: { microsoft: client, google: client } });
  await makeSchool('flow-a', 'Ash Academy');
  const adminId = await makeUser({
    email: 'admin@ash.sch.uk',
    displayName: 'Ada',
    memberships: { 'flow-a': 'DSL' },
    totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  });
  teacherId = await makeUser({
    email: 'teacher@ash.sch.uk',
    displayName: 'Tia',
    memberships: { 'flow-a': 'Teachers' },
  });
  const { ctx } = await signedIn((await findSchoolBySlug('flow-a'))!, adminId, { elevated: true });
  await updateSchoolSettings(ctx, {
    idleTimeoutMinutes: '15',
    securityMessage: 'Lock your screen.',
    emailDomainWhitelist: '',
    ssoGoogle: 'on',
    ssoMicrosoft: 'on',
    ssoDomains: 'ash.sch.uk',
  });
});
afterAll(async () => idp?.close());

/** The browser's trip: the root's redirect to the provider, and the provider's answer back to the callback. */
async function roundTrip(provider: 'google' | 'microsoft', binding: string) {
  const { url, flow } = await startSsoFlow(provider, 'flow-a', binding);
  expect(url.startsWith(`${idp.issuer}/authorize?`)).toBe(true);
  expect(new URL(url).searchParams.get('code_challenge_method')).toBe('S256');
  const answer = await fetch(url, { redirect: 'manual' });
  const callback = new URL(answer.headers.get('location')!);
  expect(callback.pathname).toBe('/sso/callback');
  return { flow, callback };
}

describe('sign-in with a local OpenID Connect provider', () => {
  it('signs a member in: the code from the callback gives this browser a session at the school', async () => {
    idp.identity = { email: 'Teacher@ash.sch.uk', email_verified: true };
    const nonce = newSwitchNonce();
    const { flow, callback } = await roundTrip('google', bindingOf(nonce));
    const identity = await finishSsoFlow(flow, callback);
    expect(identity).toEqual({ provider: 'google', email: 'Teacher@ash.sch.uk', emailVerified: true });
    const next = await handOverSso('flow-a', identity, flow.binding, meta);
    expect(next).toMatch(/^http:\/\/flow-a\.localhost:\d+\/switch\?code=/);
    const school = (await findSchoolBySlug('flow-a'))!;
    const code = new URL(next!).searchParams.get('code')!;
    // Another browser (without this one's nonce) cannot use it, and it is spent.
    expect(await exchangeSwitchCode(school, code, newSwitchNonce(), meta)).toEqual({
      ok: false,
      reason: 'other_browser',
    });
    const again = await handOverSso('flow-a', identity, flow.binding, meta);
    const exchanged = await exchangeSwitchCode(school, new URL(again!).searchParams.get('code')!, nonce, meta);
    expect(exchanged).toMatchObject({ ok: true, nextPath: '/' });
    if (exchanged.ok)
      expect(await resolveSession(school.id, exchanged.token, new Date())).toMatchObject({ id: teacherId });
  });

  it('refuses a forged state, a replayed answer and a mismatched nonce', async () => {
    idp.identity = { email: 'teacher@ash.sch.uk', email_verified: true };
    const { flow, callback } = await roundTrip('google', bindingOf(newSwitchNonce()));
    const forged = new URL(callback);
    forged.searchParams.set('state', 'x'.repeat(43));
    await expect(finishSsoFlow(flow, forged)).rejects.toThrow();
    await expect(finishSsoFlow({ ...flow, nonce: 'y'.repeat(43) }, callback)).rejects.toThrow();
    // The code was spent by the attempt above: replaying the genuine answer fails too.
    await expect(finishSsoFlow(flow, callback)).rejects.toThrow();
    const fresh = await roundTrip('google', flow.binding);
    await expect(finishSsoFlow({ ...fresh.flow, verifier: 'z'.repeat(43) }, fresh.callback)).rejects.toThrow();
  });

  it('refuses an unknown email and an unverified Google address with no code', async () => {
    for (const identity of [
      { email: 'stranger@ash.sch.uk', email_verified: true },
      { email: 'teacher@ash.sch.uk', email_verified: false },
      { email: 'teacher@gmail.com', email_verified: true },
    ]) {
      idp.identity = identity;
      const { flow, callback } = await roundTrip('google', bindingOf(newSwitchNonce()));
      expect(await handOverSso('flow-a', await finishSsoFlow(flow, callback), flow.binding, meta)).toBeNull();
    }
  });

  it('a Microsoft token without email_verified is accepted for the school’s own domain', async () => {
    idp.identity = { email: 'teacher@ash.sch.uk' };
    const { flow, callback } = await roundTrip('microsoft', bindingOf(newSwitchNonce()));
    const identity = await finishSsoFlow(flow, callback);
    expect(identity.emailVerified).toBeUndefined();
    expect(await handOverSso('flow-a', identity, flow.binding, meta)).toMatch(/\/switch\?code=/);
  });
});
