/**
 * Forgotten-password timing (issue: the known-address path took ~4.6 ms
 * longer, enough to tell who works at a school from 80 requests). Rather than
 * timing a loaded machine, this asserts the cause is gone: asking for a link
 * for a member, an unknown address, a deactivated member and someone of
 * another school runs the very same SQL statements, in the same order.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Tx } from '@/db/scoped';

const recorder = vi.hoisted(() => ({ log: null as string[] | null }));

// Every statement a scoped transaction runs is written down while `recorder.log` is set.
vi.mock('@/db/scoped', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/db/scoped')>();
  const { PgDialect } = await import('drizzle-orm/pg-core');
  const dialect = new PgDialect();
  const isObject = (v: unknown): v is Record<PropertyKey, unknown> => typeof v === 'object' && v !== null;
  function watch<T extends object>(target: T, log: string[]): T {
    return new Proxy(target, {
      get(t, prop) {
        const value = Reflect.get(t, prop, t) as unknown;
        if (prop === 'then' && typeof value === 'function' && typeof (t as { toSQL?: unknown }).toSQL === 'function') {
          return (ok: unknown, fail: unknown) => {
            log.push((t as unknown as { toSQL(): { sql: string } }).toSQL().sql);
            return (value as (a: unknown, b: unknown) => unknown).call(t, ok, fail);
          };
        }
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (prop === 'execute') log.push(dialect.sqlToQuery(args[0] as Parameters<typeof dialect.sqlToQuery>[0]).sql);
          const result = (value as (...a: unknown[]) => unknown).apply(t, args);
          return isObject(result) && !(result instanceof Promise) ? watch(result, log) : result;
        };
      },
    });
  }
  return {
    ...real,
    inSchool: <T>(schoolId: string, fn: (tx: Tx) => Promise<T>, userId?: string) =>
      real.inSchool(schoolId, (tx) => fn(recorder.log ? watch(tx, recorder.log) : tx), userId),
  };
});

const { withTestDatabase } = await import('../support/db');
const { makeSchool, makeUser } = await import('../support/identity');
const { privileged } = await import('@/db/privileged');
const { memberships, outbox, passwordResetTokens } = await import('@/db/schema');
const { and, eq } = await import('drizzle-orm');
const { requestPasswordReset, RESET_REQUESTED_MESSAGE } = await import('@/lib/auth/password-reset');
type School = import('@/lib/tenancy/context').School;

withTestDatabase();

let school: School;

beforeAll(async () => {
  school = await makeSchool('same-work', 'Same Work School');
  await makeSchool('same-work-other', 'Other School');
  await makeUser({ email: 'member@same.test', displayName: 'Mo Member', memberships: { 'same-work': 'Teachers' } });
  const gone = await makeUser({
    email: 'gone@same.test',
    displayName: 'Gil Gone',
    memberships: { 'same-work': 'Teachers' },
  });
  await privileged('school-setup', 'test', (tx) =>
    tx.update(memberships).set({ status: 'deactivated' }).where(eq(memberships.userId, gone)),
  );
  await makeUser({
    email: 'elsewhere@same.test',
    displayName: 'Eli Elsewhere',
    memberships: { 'same-work-other': 'Teachers' },
  });
});

async function statementsFor(email: string, ip: string): Promise<string[]> {
  const log: string[] = [];
  recorder.log = log;
  try {
    expect(await requestPasswordReset(school, { email }, { ip, userAgent: 'vitest' })).toBe(RESET_REQUESTED_MESSAGE);
  } finally {
    recorder.log = null;
  }
  return log;
}

describe('asking for a password link', () => {
  it('runs the same statements for a member, an unknown address, a deactivated member and another school’s', async () => {
    const member = await statementsFor('member@same.test', '192.0.2.1');
    expect(member.length).toBeGreaterThanOrEqual(8); // locks, limits, the lookup, the link, the email, the audit row
    expect(member.join('\n')).toMatch(/insert into "password_reset_tokens"/);
    expect(member.join('\n')).toMatch(/insert into "outbox"/);
    for (const [email, ip] of [
      ['nobody@same.test', '192.0.2.2'],
      ['gone@same.test', '192.0.2.3'],
      ['elsewhere@same.test', '192.0.2.4'],
    ] as const) {
      expect(await statementsFor(email, ip)).toEqual(member);
    }
  });

  it('and writes a link and an email only for the member', async () => {
    const links = await privileged('job', 'test', (tx) =>
      tx.select({ userId: passwordResetTokens.userId }).from(passwordResetTokens),
    );
    expect(links).toHaveLength(1);
    const mail = await privileged('job', 'test', (tx) =>
      tx
        .select({ to: outbox.toAddress })
        .from(outbox)
        .where(and(eq(outbox.schoolId, school.id))),
    );
    expect(mail.map((m) => m.to)).toEqual(['member@same.test']);
  });
});
