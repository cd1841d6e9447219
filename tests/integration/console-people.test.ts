/**
 * The console's People page (lib/platform/people.ts, /console/people): the
 * web form of `npm run user`, through lib/users' same services. An operator
 * whose key is in use finds an account by address and sees its memberships
 * (never a pupil's record), adds it to another school (and the person then
 * signs in there with what they have), changes its address everywhere and
 * removes all its 2FA devices after ticking the notice. Each action is in the
 * platform's audit log and in each school's own. Nobody else reaches any of
 * it: no console session, a school administrator's session, an operator who
 * has not used their key, the console on a school's host.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn, TEST_PASSWORD } from '../support/identity';
import { addPupils } from '../support/pupils';
import { privileged } from '@/db/privileged';
import { inSchool, type Tx } from '@/db/scoped';
import {
  auditLog,
  consoleSessions,
  memberships,
  outbox,
  platformAuditLog,
  platformOperators,
  userKeys,
  users,
} from '@/db/schema';
import { SESSION_COOKIE, sessionExpiry } from '@/lib/auth/session-policy';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { hashToken, newToken } from '@/lib/auth/tokens';
import { runCommand } from '@/lib/cli/commands';
import {
  CONSOLE_SESSION_COOKIE,
  findPersonFromConsole,
  resolveConsoleSession,
  type ConsoleOperator,
} from '@/lib/platform';
import type { School } from '@/lib/tenancy/context';

const request = vi.hoisted(() => ({ headers: new Headers(), cookies: new Map<string, string>() }));
vi.mock('next/headers', () => ({
  headers: async () => request.headers,
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined),
    set: (name: string, value: string) => request.cookies.set(name, value),
  }),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const { consoleAddMembershipAction, consoleChangeEmailAction, consoleRemoveKeysAction } =
  await import('@/app/(root)/console/(operator)/people/actions');

const ROOT = 'haven.test';
withTestDatabase({ APP_ROOT_DOMAIN: ROOT });

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const OP_EMAIL = 'ops@people.example.org';
const meta = { ip: '198.51.100.9', userAgent: 'vitest' };
const empty = { values: {}, fieldErrors: {}, message: null };

let a: School;
let b: School;
let teacherId: string;
let adminToken: string;
let operatorToken: string;
let keylessToken: string;
let operator: ConsoleOperator;

function form(fields: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
}
function from(cookies: Record<string, string>, slug?: string) {
  const host = slug ? `${slug}.${ROOT}` : ROOT;
  request.headers = new Headers({ host, origin: `https://${host}` });
  request.cookies = new Map(Object.entries(cookies));
}
async function outcome(
  call: Promise<unknown>,
): Promise<{ returned: unknown } | { redirect: string } | { notFound: true }> {
  try {
    return { returned: await call };
  } catch (e) {
    const digest = (e as { digest?: unknown }).digest;
    if (typeof digest === 'string' && digest.startsWith('NEXT_REDIRECT;')) return { redirect: digest.split(';')[2]! };
    if (digest === 'NEXT_HTTP_ERROR_FALLBACK;404') return { notFound: true };
    throw e;
  }
}
const db = <T>(fn: (tx: Tx) => Promise<T>) => privileged('platform-console', 'test', fn);
const platformRows = (action: string) =>
  db((tx) => tx.select().from(platformAuditLog).where(eq(platformAuditLog.action, action)));
const schoolRows = (school: School, action: string) =>
  inSchool(school.id, (tx) =>
    tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.schoolId, school.id), eq(auditLog.action, action))),
  );
const emailOf = async (id: string) => (await db((tx) => tx.select().from(users).where(eq(users.id, id))))[0]!.email;
const liveKeys = (id: string) =>
  db((tx) =>
    tx
      .select()
      .from(userKeys)
      .where(and(eq(userKeys.userId, id), isNull(userKeys.removedAt))),
  );
const membershipsOf = (id: string) => db((tx) => tx.select().from(memberships).where(eq(memberships.userId, id)));

async function consoleSession(userId: string, elevated: boolean): Promise<string> {
  const token = newToken();
  const now = new Date();
  await db((tx) =>
    tx.insert(consoleSessions).values({
      id: randomUUID(),
      tokenHash: hashToken(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: sessionExpiry(now),
      elevatedAt: elevated ? now : null,
    }),
  );
  return token;
}

beforeAll(async () => {
  a = await makeSchool('people-a', 'Aspen Primary');
  b = await makeSchool('people-b', 'Beech Secondary');
  await addPupils(a.id, [{ legalForename: 'Peregrine', legalSurname: 'Oddlewick' }]);
  teacherId = await makeUser({
    email: 'tess@aspen.example.org',
    displayName: 'Tess Teach',
    memberships: { [a.slug]: 'Teachers' },
    totpSecret: SECRET,
  });
  const adminId = await makeUser({
    email: 'dsl@aspen.example.org',
    displayName: 'Dee Aspen',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  adminToken = (await signedIn(a, adminId, { elevated: true })).token;
  const opId = await makeUser({ email: OP_EMAIL, displayName: 'Olu Ops', memberships: {}, totpSecret: SECRET });
  await db((tx) => tx.insert(platformOperators).values({ userId: opId }));
  operatorToken = await consoleSession(opId, true);
  keylessToken = await consoleSession(opId, false);
  operator = (await resolveConsoleSession(operatorToken))!;
  expect(operator.elevated).toBe(true);
});

describe('nobody but an operator with their key reaches People', () => {
  const attempts = () => [
    () =>
      consoleAddMembershipAction(empty, form({ email: 'tess@aspen.example.org', school: b.slug, group: 'Teachers' })),
    () => consoleChangeEmailAction(empty, form({ from: 'tess@aspen.example.org', to: 'mallory@aspen.example.org' })),
    () => consoleRemoveKeysAction(empty, form({ email: 'tess@aspen.example.org', understood: 'on' })),
  ];

  it('no console session, or a school administrator’s own session (under either cookie): the console’s sign-in, nothing done', async () => {
    for (const attempt of attempts()) {
      const cookieSets: Record<string, string>[] = [
        {},
        { [SESSION_COOKIE]: adminToken },
        { [CONSOLE_SESSION_COOKIE]: adminToken },
      ];
      for (const cookies of cookieSets) {
        from(cookies);
        expect(await outcome(attempt())).toEqual({ redirect: '/console/sign-in' });
      }
    }
    expect(await emailOf(teacherId)).toBe('tess@aspen.example.org');
    expect(await liveKeys(teacherId)).toHaveLength(1);
    expect(await membershipsOf(teacherId)).toHaveLength(1);
  });

  it('an operator who has not used their key in this session: the key page, nothing done', async () => {
    for (const attempt of attempts()) {
      from({ [CONSOLE_SESSION_COOKIE]: keylessToken });
      expect(await outcome(attempt())).toEqual({ redirect: '/console/key' });
    }
    expect(await liveKeys(teacherId)).toHaveLength(1);
    expect(await membershipsOf(teacherId)).toHaveLength(1);
  });

  it('on a school’s host, even with an operator’s key in use: not found', async () => {
    for (const attempt of attempts()) {
      from({ [CONSOLE_SESSION_COOKIE]: operatorToken }, a.slug);
      expect(await outcome(attempt())).toEqual({ notFound: true });
    }
    expect(await platformRows('person.added_to_school')).toEqual([]);
  });
});

describe('finding a person', () => {
  it('shows the account and its memberships only, never a pupil; the look-up is in the platform’s log', async () => {
    const found = await findPersonFromConsole(operator, { email: ' TESS@aspen.example.org ' }, meta);
    expect(found).toEqual({
      userId: teacherId,
      email: 'tess@aspen.example.org',
      displayName: 'Tess Teach',
      hasPassword: true,
      secondFactors: 1,
      memberships: [
        { schoolId: a.id, schoolName: 'Aspen Primary', schoolSlug: a.slug, group: 'Teachers', active: true },
      ],
    });
    for (const secret of ['Peregrine', 'Oddlewick']) expect(JSON.stringify(found)).not.toContain(secret);
    expect(await platformRows('person.looked_up')).toEqual([
      expect.objectContaining({
        actorUserId: operator.userId,
        details: { email: 'tess@aspen.example.org', found: true },
      }),
    ]);
  });

  it('an unknown address is said so plainly; a malformed one is refused', async () => {
    await expect(findPersonFromConsole(operator, { email: 'nobody@aspen.example.org' }, meta)).rejects.toThrow(
      'No Haven account has the address nobody@aspen.example.org.',
    );
    await expect(findPersonFromConsole(operator, { email: 'not an address' }, meta)).rejects.toThrow(
      'Give a valid email address.',
    );
  });
});

describe('adding a membership (the same person in two schools)', () => {
  it('refuses an unknown address, a group the school lacks and a bad address beside its field, adding nothing', async () => {
    from({ [CONSOLE_SESSION_COOKIE]: operatorToken });
    expect(
      await consoleAddMembershipAction(
        empty,
        form({ email: 'nobody@aspen.example.org', school: b.slug, group: 'Teachers' }),
      ),
    ).toMatchObject({ message: 'No Haven account has the address nobody@aspen.example.org.' });
    expect(
      await consoleAddMembershipAction(
        empty,
        form({ email: 'tess@aspen.example.org', school: b.slug, group: 'Wizards' }),
      ),
    ).toMatchObject({ message: 'Beech Secondary has no user group "Wizards".' });
    expect(
      await consoleAddMembershipAction(empty, form({ email: 'tess at aspen', school: b.slug, group: 'Teachers' })),
    ).toMatchObject({ fieldErrors: { email: ['Give a valid email address.'] } });
    expect(await membershipsOf(teacherId)).toHaveLength(1);
  });

  it('adds the account to another school, audited in both logs; they sign in there with their own password', async () => {
    from({ [CONSOLE_SESSION_COOKIE]: operatorToken });
    expect(
      await outcome(
        consoleAddMembershipAction(empty, form({ email: 'tess@aspen.example.org', school: b.slug, group: 'Teachers' })),
      ),
    ).toEqual({ redirect: `/console/people?email=tess%40aspen.example.org&done=added%3A${b.slug}` });
    expect((await findPersonFromConsole(operator, { email: 'tess@aspen.example.org' }, meta)).memberships).toEqual([
      expect.objectContaining({ schoolName: 'Aspen Primary', active: true }),
      expect.objectContaining({ schoolName: 'Beech Secondary', group: 'Teachers', active: true }),
    ]);
    expect(await schoolRows(b, 'admin.user_added')).toEqual([
      expect.objectContaining({ actorUserId: null, actorLabel: `Haven support (${OP_EMAIL})`, entityId: teacherId }),
    ]);
    expect(await platformRows('person.added_to_school')).toEqual([
      expect.objectContaining({ actorUserId: operator.userId, affectedSchoolId: b.id }),
    ]);
    expect(
      await signInWithPassword(b, { email: 'tess@aspen.example.org', password: TEST_PASSWORD }, meta),
    ).toMatchObject({ ok: true });
    // A doubled submit adds nothing more.
    expect(
      await consoleAddMembershipAction(
        empty,
        form({ email: 'tess@aspen.example.org', school: b.slug, group: 'Teachers' }),
      ),
    ).toMatchObject({ message: 'tess@aspen.example.org is already a user at Beech Secondary.' });
    expect(await membershipsOf(teacherId)).toHaveLength(2);
  });
});

describe('changing the sign-in address everywhere', () => {
  it('refuses an address another account uses, a malformed one and an unknown account, changing nothing', async () => {
    from({ [CONSOLE_SESSION_COOKIE]: operatorToken });
    expect(
      await consoleChangeEmailAction(empty, form({ from: 'tess@aspen.example.org', to: 'dsl@aspen.example.org' })),
    ).toMatchObject({ message: 'Another Haven account already uses dsl@aspen.example.org.' });
    expect(await consoleChangeEmailAction(empty, form({ from: 'tess@aspen.example.org', to: 'tess@' }))).toMatchObject({
      fieldErrors: { to: ['Give a valid email address.'] },
    });
    expect(
      await consoleChangeEmailAction(empty, form({ from: 'ghost@aspen.example.org', to: 'new@aspen.example.org' })),
    ).toMatchObject({ message: 'No Haven account has the address ghost@aspen.example.org.' });
    expect(await emailOf(teacherId)).toBe('tess@aspen.example.org');
  });

  it('changes it at every school, audited in each and in the platform’s log; the old address is told', async () => {
    from({ [CONSOLE_SESSION_COOKIE]: operatorToken });
    expect(
      await outcome(
        consoleChangeEmailAction(empty, form({ from: 'tess@aspen.example.org', to: 'tess.teach@aspen.example.org' })),
      ),
    ).toEqual({ redirect: '/console/people?email=tess.teach%40aspen.example.org&done=email' });
    expect(await emailOf(teacherId)).toBe('tess.teach@aspen.example.org');
    for (const school of [a, b])
      expect(await schoolRows(school, 'admin.user_email_changed')).toEqual([
        expect.objectContaining({
          actorLabel: `Haven support (${OP_EMAIL})`,
          details: { from: 'tess@aspen.example.org', to: 'tess.teach@aspen.example.org' },
        }),
      ]);
    expect(await platformRows('person.email_changed')).toEqual([
      expect.objectContaining({ actorUserId: operator.userId, details: expect.objectContaining({ schools: 2 }) }),
    ]);
    const told = await db((tx) => tx.select().from(outbox).where(eq(outbox.toAddress, 'tess@aspen.example.org')));
    expect(told.map((m) => m.subject)).toContain('Your Haven email address was changed');
  });
});

describe('removing all 2FA devices', () => {
  const EMAIL = 'tess.teach@aspen.example.org';

  it('needs the notice ticked: without it, nothing is removed; an operator cannot remove their own', async () => {
    from({ [CONSOLE_SESSION_COOKIE]: operatorToken });
    expect(await consoleRemoveKeysAction(empty, form({ email: OP_EMAIL, understood: 'on' }))).toMatchObject({
      message: 'You cannot remove your own 2FA devices. Ask another operator, or use the command line.',
    });
    expect(await liveKeys(operator.userId)).toHaveLength(1);
    expect(await consoleRemoveKeysAction(empty, form({ email: EMAIL }))).toMatchObject({
      fieldErrors: { understood: ['Tick the box to confirm you have read and understood the notice.'] },
    });
    expect(await liveKeys(teacherId)).toHaveLength(1);
  });

  it('removes every key, recorded in each of their schools and the platform’s log; they are told; a second time says there are none', async () => {
    from({ [CONSOLE_SESSION_COOKIE]: operatorToken });
    expect(await outcome(consoleRemoveKeysAction(empty, form({ email: EMAIL, understood: 'on' })))).toEqual({
      redirect: '/console/people?email=tess.teach%40aspen.example.org&done=keys',
    });
    expect(await liveKeys(teacherId)).toEqual([]);
    for (const school of [a, b])
      expect(await schoolRows(school, 'platform.keys_removed')).toEqual([
        expect.objectContaining({
          actorLabel: `Haven support (${OP_EMAIL})`,
          entityId: teacherId,
          details: expect.objectContaining({ count: 1 }),
        }),
      ]);
    expect(await platformRows('person.keys_removed')).toEqual([
      expect.objectContaining({ actorUserId: operator.userId, details: { email: EMAIL, count: 1, schools: 2 } }),
    ]);
    const told = await db((tx) => tx.select().from(outbox).where(eq(outbox.toAddress, EMAIL)));
    expect(told.map((m) => m.subject)).toEqual(['Your Haven 2FA devices were removed']);
    expect(await consoleRemoveKeysAction(empty, form({ email: EMAIL, understood: 'on' }))).toMatchObject({
      message: `${EMAIL} has no 2FA devices to remove.`,
    });
    expect(await platformRows('person.keys_removed')).toHaveLength(1);
  });
});

describe('the command line calls the same services', () => {
  const cli = async (argv: string[]) => {
    const lines: string[] = [];
    const code = await runCommand(argv, { log: (l) => lines.push(l) });
    return { code, out: lines.join('\n') };
  };

  it('`user find` lists the schools; `user remove-keys` needs --confirm; neither writes the platform’s log', async () => {
    const before = (await platformRows('person.looked_up')).length;
    const found = await cli(['user', 'find', '--email', 'dsl@aspen.example.org']);
    expect(found.code).toBe(0);
    expect(found.out).toContain('Dee Aspen <dsl@aspen.example.org>: 1 2FA device(s)');
    expect(found.out).toMatch(/people-a\s+DSL\s+active/);
    expect((await cli(['user', 'remove-keys', '--email', 'dsl@aspen.example.org'])).code).toBe(1);
    expect((await cli(['user', 'find', '--email', 'nobody@aspen.example.org'])).out).toBe(
      'No Haven account has the address nobody@aspen.example.org.',
    );
    expect(await platformRows('person.looked_up')).toHaveLength(before);
  });
});
