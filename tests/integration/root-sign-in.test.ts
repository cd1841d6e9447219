import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, TEST_PASSWORD } from '../support/identity';
import { inSignInLookup } from '@/db/scoped';
import { users } from '@/db/schema';
import {
  openSchoolFromRoot,
  resolveRootSession,
  signInAtRoot,
  signOutAtRoot,
  startOpeningSchool,
} from '@/lib/auth/root-sign-in';
import { bindingOf, exchangeSwitchCode, newSwitchNonce } from '@/lib/auth/school-switch';
import { resolveSession } from '@/lib/auth/sessions';
import { SIGN_IN_REFUSED } from '@/lib/auth/sign-in';
import type { School } from '@/lib/tenancy/context';

withTestDatabase();

const meta = { ip: '198.51.100.40', userAgent: 'vitest' };
let b: School;
let ssoId: string;

beforeAll(async () => {
  await makeSchool('root-a', 'Rowan Academy');
  b = await makeSchool('root-b', 'Beech Primary');
  await makeSchool('root-c', 'Cherry School');
  ssoId = await makeUser({
    email: 'lead@trust.test',
    displayName: 'Lee Lead',
    memberships: { 'root-a': 'DSL', 'root-b': 'DSL' },
  });
  await makeUser({ email: 'other@trust.test', displayName: 'Oli Other', memberships: { 'root-c': 'Teachers' } });
});

describe('signing in on the root domain', () => {
  it('lists only the person’s schools and opens one signed in, without the key', async () => {
    const r = await signInAtRoot({ email: 'Lead@Trust.test', password: TEST_PASSWORD }, meta);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const person = await resolveRootSession(r.token);
    expect(person).toEqual({
      userId: ssoId,
      displayName: 'Lee Lead',
      schools: [
        { slug: 'root-b', name: 'Beech Primary' },
        { slug: 'root-a', name: 'Rowan Academy' },
      ],
    });
    expect(await startOpeningSchool(r.token, 'root-b')).toBe(
      'http://root-b.localhost:3000/switch/start?back=&path=%2F',
    );
    const nonce = newSwitchNonce();
    const url = await openSchoolFromRoot(r.token, 'root-b', bindingOf(nonce));
    expect(url).toMatch(/^http:\/\/root-b\.localhost:3000\/switch\?code=/);
    const code = new URL(url).searchParams.get('code')!;
    const exchanged = await exchangeSwitchCode(b, code, nonce, meta);
    const user = await resolveSession(b.id, exchanged.ok ? exchanged.token : '', new Date());
    expect(user).toMatchObject({ id: ssoId, elevated: false });
    await expect(openSchoolFromRoot(r.token, 'root-c', bindingOf(nonce))).rejects.toThrow(
      'That school could not be found.',
    );
    await expect(startOpeningSchool(r.token, 'root-c')).rejects.toThrow('That school could not be found.');
    // A code opened from the root domain is bound to the browser too.
    const other = await openSchoolFromRoot(r.token, 'root-b', bindingOf(nonce));
    expect(await exchangeSwitchCode(b, new URL(other).searchParams.get('code')!, newSwitchNonce(), meta)).toEqual({
      ok: false,
      reason: 'other_browser',
    });
    await signOutAtRoot(r.token);
    expect(await resolveRootSession(r.token)).toBeNull();
  });

  it('answers a wrong password or an unknown address the same way', async () => {
    expect(
      await signInAtRoot({ email: 'lead@trust.test', password: 'not it at all' }, { ...meta, ip: '198.51.100.41' }),
    ).toEqual({ ok: false, message: SIGN_IN_REFUSED });
    expect(
      await signInAtRoot({ email: 'nobody@trust.test', password: TEST_PASSWORD }, { ...meta, ip: '198.51.100.41' }),
    ).toEqual({ ok: false, message: SIGN_IN_REFUSED });
  });

  it('the sign-in lookup sees exactly one address and nothing else', async () => {
    const seen = await inSignInLookup('lead@trust.test', (tx) => tx.select({ email: users.email }).from(users));
    expect(seen).toEqual([{ email: 'lead@trust.test' }]);
  });

  it('is throttled like a school’s sign-in', async () => {
    const t0 = new Date('2026-05-05T10:00:00Z');
    for (let i = 0; i < 5; i++)
      await signInAtRoot(
        { email: 'lead@trust.test', password: `wrong ${i}` },
        { ...meta, ip: `192.0.2.${50 + i}` },
        new Date(t0.getTime() + i),
      );
    const r = await signInAtRoot(
      { email: 'lead@trust.test', password: TEST_PASSWORD },
      { ...meta, ip: '192.0.2.60' },
      new Date(t0.getTime() + 10),
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/^Too many attempts/);
  });
});
