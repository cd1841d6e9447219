/**
 * Forgotten-password flooding (issue: no limit, so each request emailed the
 * person and cancelled the link they had). Now limited per address and per
 * client; a limited request gets the same answer and changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser } from '../support/identity';
import { inSchool } from '@/db/scoped';
import { auditLog, outbox } from '@/db/schema';
import {
  completePasswordReset,
  issuePasswordLink,
  requestPasswordReset,
  RESET_REQUESTED_MESSAGE,
} from '@/lib/auth/password-reset';
import { signInWithPassword } from '@/lib/auth/sign-in';
import type { School } from '@/lib/tenancy/context';

withTestDatabase();

let school: School;

beforeAll(async () => {
  school = await makeSchool('reset-limits', 'Limits Academy');
});

async function member(): Promise<string> {
  const email = `m.${randomUUID().slice(0, 8)}@limits.test`;
  await makeUser({ email, displayName: 'Mel Member', memberships: { 'reset-limits': 'DSL' } });
  return email;
}

async function linksMailedTo(email: string): Promise<string[]> {
  const rows = await inSchool(school.id, (tx) =>
    tx.select({ body: outbox.bodyText, at: outbox.createdAt }).from(outbox).where(eq(outbox.toAddress, email)),
  );
  return rows.map((r) => /token=([A-Za-z0-9_-]+)/.exec(r.body)?.[1]).filter((t): t is string => Boolean(t));
}

const ip = (n: number) => `198.18.${Math.floor(n / 250)}.${n % 250}`;

describe('asking for a password link', () => {
  it('a flood for one address sends one email, and the link the person has still works', async () => {
    const email = await member();
    const t = new Date();
    expect(await requestPasswordReset(school, { email }, { ip: '192.0.2.10', userAgent: 'owner' }, t)).toBe(
      RESET_REQUESTED_MESSAGE,
    );
    const [first] = await linksMailedTo(email);
    expect(first).toBeDefined();

    // 60 more, from as many addresses, within the same minute.
    for (let i = 0; i < 60; i++) {
      const answer = await requestPasswordReset(
        school,
        { email },
        { ip: ip(i), userAgent: 'flood' },
        new Date(t.getTime() + i * 900),
      );
      expect(answer).toBe(RESET_REQUESTED_MESSAGE);
    }
    expect(await linksMailedTo(email)).toEqual([first]);
    const limited = await inSchool(school.id, (tx) =>
      tx.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.action, 'auth.password_reset_limited')),
    );
    expect(limited.length).toBeGreaterThanOrEqual(60);

    const password = 'walnut harbour signal meadow';
    await completePasswordReset(
      school,
      { token: first!, password, confirm: password },
      { ip: '192.0.2.10', userAgent: 'owner' },
    );
    expect(
      await signInWithPassword(school, { email, password }, { ip: '192.0.2.10', userAgent: 'owner' }),
    ).toMatchObject({ ok: true });
  });

  it('after the wait, the next request sends a new link, which cancels the older one', async () => {
    const email = await member();
    const t = new Date();
    await requestPasswordReset(school, { email }, { ip: '192.0.2.11', userAgent: 'x' }, t);
    await requestPasswordReset(school, { email }, { ip: '192.0.2.11', userAgent: 'x' }, new Date(t.getTime() + 59_000));
    expect(await linksMailedTo(email)).toHaveLength(1);
    await requestPasswordReset(school, { email }, { ip: '192.0.2.11', userAgent: 'x' }, new Date(t.getTime() + 60_000));
    const [first, second] = await linksMailedTo(email);
    expect(second).toBeDefined();
    const password = 'pewter lantern orchard swift';
    await expect(
      completePasswordReset(
        school,
        { token: first!, password, confirm: password },
        { ip: null, userAgent: null },
        new Date(t.getTime() + 61_000),
      ),
    ).rejects.toThrow(/expired or has already been used/);
    await completePasswordReset(
      school,
      { token: second!, password, confirm: password },
      { ip: null, userAgent: null },
      new Date(t.getTime() + 61_000),
    );
  });

  it('one client asking for many addresses is limited too, and another client is not', async () => {
    const t = new Date();
    const client = '203.0.113.99';
    for (let i = 0; i < 30; i++)
      await requestPasswordReset(
        school,
        { email: `probe${i}@limits.test` },
        { ip: client, userAgent: 'probe' },
        new Date(t.getTime() + i * 100),
      );
    const email = await member();
    await requestPasswordReset(school, { email }, { ip: client, userAgent: 'probe' }, new Date(t.getTime() + 3100));
    expect(await linksMailedTo(email)).toHaveLength(0);
    await requestPasswordReset(
      school,
      { email },
      { ip: '192.0.2.12', userAgent: 'someone else' },
      new Date(t.getTime() + 3200),
    );
    expect(await linksMailedTo(email)).toHaveLength(1);
  });

  it('the limits treat an unknown address exactly as a member’s: they reveal nothing', async () => {
    const email = await member();
    const unknown = `nobody.${randomUUID().slice(0, 8)}@limits.test`;
    const t = new Date();
    const outcomes = async (address: string, client: string) => {
      const before = await countLimited(client);
      for (let i = 0; i < 4; i++)
        await requestPasswordReset(
          school,
          { email: address },
          { ip: client, userAgent: 'x' },
          new Date(t.getTime() + i * 10_000),
        );
      return (await countLimited(client)) - before;
    };
    expect(await outcomes(email, '192.0.2.21')).toBe(3);
    expect(await outcomes(unknown, '192.0.2.22')).toBe(3);
  });

  it('an administrator’s “send password link” is not held by someone else’s flood', async () => {
    const email = await member();
    const t = new Date();
    await requestPasswordReset(school, { email }, { ip: '192.0.2.30', userAgent: 'x' }, t);
    await issuePasswordLink(school, email, { ip: '192.0.2.31', userAgent: 'admin' }, new Date(t.getTime() + 1000));
    expect(await linksMailedTo(email)).toHaveLength(2);
  });
});

async function countLimited(client: string): Promise<number> {
  const rows = await inSchool(school.id, (tx) =>
    tx
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'auth.password_reset_limited'), eq(auditLog.ip, client))),
  );
  return rows.length;
}
