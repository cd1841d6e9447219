/**
 * Where nothing tells Haven the client's address (a plain `next start`, a
 * proxy not named in TRUSTED_PROXIES' platform headers) the address is null.
 * That is nobody's address in particular: failures from it must not add up
 * into one bucket that slows every person's sign-in, while the per-account
 * throttle holds as before.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, TEST_PASSWORD } from '../support/identity';
import { signInWithPassword } from '@/lib/auth/sign-in';
import type { School } from '@/lib/tenancy/context';

withTestDatabase();

const unknown = { ip: null, userAgent: 'vitest' };
let a: School;

beforeAll(async () => {
  a = await makeSchool('unknown-ip');
  await makeUser({
    email: 'teacher@unknown-ip.test',
    displayName: 'Tia Teacher',
    memberships: { [a.slug]: 'Teachers' },
  });
});

describe('sign-in from an unknown address', () => {
  it('is not held by other people’s failures, and still throttled per account', async () => {
    const t0 = new Date('2026-03-03T09:00:00Z');
    for (let i = 0; i < 40; i++) {
      await signInWithPassword(
        a,
        { email: `guess${i}@unknown-ip.test`, password: 'x' },
        unknown,
        new Date(t0.getTime() + i * 100),
      );
    }
    const owner = await signInWithPassword(
      a,
      { email: 'teacher@unknown-ip.test', password: TEST_PASSWORD },
      unknown,
      new Date(t0.getTime() + 5000),
    );
    expect(owner.ok).toBe(true);

    for (let i = 0; i < 6; i++) {
      await signInWithPassword(
        a,
        { email: 'guess0@unknown-ip.test', password: `wrong ${i}` },
        unknown,
        new Date(t0.getTime() + 6000 + i),
      );
    }
    const held = await signInWithPassword(
      a,
      { email: 'guess0@unknown-ip.test', password: 'another' },
      unknown,
      new Date(t0.getTime() + 7000),
    );
    expect(held.ok).toBe(false);
    expect(!held.ok && held.message).toMatch(/^Too many attempts/);
  });
});
