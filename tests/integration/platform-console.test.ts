/**
 * The platform console (lib/platform, /console on the root domain): an
 * operator is made by `npm run operator`, sets a first password from the
 * console's own link, sets up and then always uses a key; nobody else gets
 * past the console's sign-in (a school's administrator with a key
 * included), and no console action runs without an operator whose key is in
 * use. Schools are listed with counts only, created through lib/schools'
 * rules with a first administrator, and made unavailable and available
 * again, each audited in the platform's log and the school's own.
 */
import { execFileSync } from 'node:child_process';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn, TEST_PASSWORD } from '../support/identity';
import { addPupils } from '../support/pupils';
import { privileged } from '@/db/privileged';
import { inSchool } from '@/db/scoped';
import { auditLog, outbox, platformAuditLog, schools, users } from '@/db/schema';
import { resolveSession } from '@/lib/auth/sessions';
import { SCHOOL_UNAVAILABLE, SIGN_IN_REFUSED, signInWithPassword } from '@/lib/auth/sign-in';
import { SESSION_COOKIE } from '@/lib/auth/session-policy';
import { runCommand } from '@/lib/cli/commands';
import { ensureOperator } from '@/lib/platform/operators';
import {
  CONSOLE_SESSION_COOKIE,
  completeOperatorPassword,
  confirmConsoleTotpSetup,
  elevateConsole,
  isOperatorLinkUsable,
  listConsoleSchools,
  listOperators,
  resolveConsoleSession,
  setSchoolAvailability,
  signInToConsole,
  startConsoleTotpSetup,
  type ConsoleOperator,
} from '@/lib/platform';
import type { School } from '@/lib/tenancy/context';

const request = vi.hoisted(() => ({ headers: new Headers(), cookies: new Map<string, string>() }));
vi.mock('next/headers', () => ({
  headers: async () => request.headers,
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined),
    set: (name: string, value: string, options?: { maxAge?: number }) => {
      if (options?.maxAge === 0) request.cookies.delete(name);
      else request.cookies.set(name, value);
    },
  }),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const { createSchoolAction, schoolAvailabilityAction } = await import('@/app/(root)/console/(operator)/school-actions');
const { answerSupportAction, closeSupportAction } = await import('@/app/(root)/console/(operator)/support/actions');
const { consoleAddMembershipAction, consoleChangeEmailAction, consoleRemoveKeysAction } =
  await import('@/app/(root)/console/(operator)/people/actions');
const { POST: uploadSlaRoute } = await import('@/app/(root)/console/sla-upload/route');
const { NextRequest } = await import('next/server');
const consolePages = {
  schools: (await import('@/app/(root)/console/(operator)/page')).default,
  newSchool: (await import('@/app/(root)/console/(operator)/schools/new/page')).default,
  support: (await import('@/app/(root)/console/(operator)/support/page')).default,
  supportRequest: (await import('@/app/(root)/console/(operator)/support/[requestId]/page')).default,
  sla: (await import('@/app/(root)/console/(operator)/sla/page')).default,
  people: (await import('@/app/(root)/console/(operator)/people/page')).default,
};

const ROOT = 'haven.test';
withTestDatabase({ APP_ROOT_DOMAIN: ROOT });

const meta = { ip: '198.51.100.9', userAgent: 'vitest' };
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const OP_EMAIL = 'ops@platform.example.org';
const codeAt = (secret: string, at: Date) =>
  execFileSync('oathtool', ['--totp', '-b', secret, `--now=@${Math.floor(at.getTime() / 1000)}`], {
    encoding: 'utf8',
  }).trim();

let a: School;
let adminId: string;
let adminToken: string;
let operatorToken: string;
let operator: ConsoleOperator;
let operatorSecret: string;
let t0: Date;

const cli = async (argv: string[]) => {
  const lines: string[] = [];
  const code = await runCommand(argv, { log: (l) => lines.push(l) });
  return { code, out: lines.join('\n') };
};
const mailTo = (address: string) =>
  privileged('platform-console', 'test', (tx) => tx.select().from(outbox).where(eq(outbox.toAddress, address)));
const platformRows = (action: string) =>
  privileged('platform-console', 'test', (tx) =>
    tx.select().from(platformAuditLog).where(eq(platformAuditLog.action, action)),
  );
const schoolCount = async () =>
  (await privileged('platform-console', 'test', (tx) => tx.select({ id: schools.id }).from(schools))).length;

function form(fields: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
}
/** The next call comes from this host (the root domain unless a school is given) with these cookies. */
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

beforeAll(async () => {
  a = await makeSchool('console-a', 'Ash Academy');
  adminId = await makeUser({
    email: 'admin@ash.example.org',
    displayName: 'Ash Admin',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  adminToken = (await signedIn(a, adminId, { elevated: true })).token;
  await addPupils(a.id, [
    { legalForename: 'Zanzibar', legalSurname: 'Quillfeather' },
    { legalForename: 'Ottoline', legalSurname: 'Marchbanks' },
  ]);
  t0 = new Date(Date.now() - 10 * 60_000);
});

describe('operators', () => {
  it('`operator add` makes a new account an operator and emails a console link to set its first password', async () => {
    const added = await cli(['operator', 'add', '--email', ` ${OP_EMAIL.toUpperCase()} `, '--name', 'Olu Ops']);
    expect(added).toEqual({
      code: 0,
      out: `${OP_EMAIL} is now an operator; a link to set their password is on its way.`,
    });
    expect((await cli(['operator', 'add', '--email', OP_EMAIL])).out).toBe(`${OP_EMAIL} is already an operator.`);
    expect(await listOperators()).toEqual([expect.objectContaining({ email: OP_EMAIL, displayName: 'Olu Ops' })]);
    const [mail] = await mailTo(OP_EMAIL);
    expect(mail!.schoolId).toBeNull();
    const link = /https?:\/\/haven\.test\/console\/set-password\?token=(\S+)/.exec(mail!.bodyText)!;
    expect(link).not.toBeNull();
    const token = link[1]!;
    expect(await isOperatorLinkUsable(token)).toBe(true);
    await completeOperatorPassword({ token, password: TEST_PASSWORD, confirm: TEST_PASSWORD }, meta);
    expect(await isOperatorLinkUsable(token)).toBe(false);
    await expect(
      completeOperatorPassword({ token, password: TEST_PASSWORD, confirm: TEST_PASSWORD }, meta),
    ).rejects.toThrow(/expired or has already been used/);
    expect(await platformRows('operator.added')).toHaveLength(1);
  });

  it('a first console sign-in has no key yet: nothing opens until an authenticator app is set up with it', async () => {
    const r = await signInToConsole({ email: OP_EMAIL, password: TEST_PASSWORD }, meta, t0);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const before = await resolveConsoleSession(r.token, t0);
    expect(before).toMatchObject({ email: OP_EMAIL, elevated: false, keyCount: 0 });
    const setup = await startConsoleTotpSetup(r.token, t0);
    await expect(
      confirmConsoleTotpSetup(r.token, { setupId: setup.setupId, name: 'Phone', code: '000000' }, meta, t0),
    ).rejects.toThrow('That code is not right.');
    operatorToken = await confirmConsoleTotpSetup(
      r.token,
      { setupId: setup.setupId, name: 'Phone', code: codeAt(setup.secret, t0) },
      meta,
      t0,
    );
    operatorSecret = setup.secret;
    // Elevation rotates the token: the old one opens nothing.
    expect(await resolveConsoleSession(r.token, t0)).toBeNull();
    operator = (await resolveConsoleSession(operatorToken, t0))!;
    expect(operator).toMatchObject({ elevated: true, keyCount: 1 });
    await expect(startConsoleTotpSetup(operatorToken, t0)).rejects.toThrow('You already have a key');
  });

  it('later sign-ins need the key again; a wrong or replayed code is refused and audited', async () => {
    const at = new Date(t0.getTime() + 60_000);
    const r = await signInToConsole({ email: OP_EMAIL, password: TEST_PASSWORD }, meta, at);
    if (!r.ok) throw new Error(r.message);
    expect(await resolveConsoleSession(r.token, at)).toMatchObject({ elevated: false, keyCount: 1 });
    await expect(elevateConsole(r.token, { code: '123456' }, meta, at)).rejects.toThrow('That code is not right.');
    // The code that set the key up (an earlier step) is a replay.
    await expect(elevateConsole(r.token, { code: codeAt(operatorSecret, t0) }, meta, at)).rejects.toThrow(
      'That code is not right.',
    );
    const fresh = await elevateConsole(r.token, { code: codeAt(operatorSecret, at) }, meta, at);
    expect(await resolveConsoleSession(fresh, at)).toMatchObject({ elevated: true });
    expect(await platformRows('console.key_refused')).toHaveLength(2);
  });

  it('anyone who is not an operator gets the wrong password’s answer: a school administrator with a key, an unknown address', async () => {
    expect(await signInToConsole({ email: 'admin@ash.example.org', password: TEST_PASSWORD }, meta)).toEqual({
      ok: false,
      message: SIGN_IN_REFUSED,
    });
    expect(await signInToConsole({ email: 'nobody@ash.example.org', password: TEST_PASSWORD }, meta)).toEqual({
      ok: false,
      message: SIGN_IN_REFUSED,
    });
    expect(await signInToConsole({ email: OP_EMAIL, password: 'not the password at all' }, meta)).toEqual({
      ok: false,
      message: SIGN_IN_REFUSED,
    });
  });
});

describe('the guard on every console action', () => {
  const newSchool = {
    slug: 'guarded-school',
    name: 'Guarded School',
    trustName: '',
    timeZone: 'Europe/London',
    adminName: 'Gina Guard',
    adminEmail: 'gina@guarded.example.org',
  };
  const attempts = () => [
    () => createSchoolAction({ values: {}, fieldErrors: {}, message: null }, form(newSchool)),
    () => schoolAvailabilityAction(form({ schoolId: a.id, available: 'no' })),
  ];

  it('without a console session (a school administrator’s own session cookie included): off to the console’s sign-in, nothing done', async () => {
    const before = await schoolCount();
    for (const attempt of attempts()) {
      from({});
      expect(await outcome(attempt())).toEqual({ redirect: '/console/sign-in' });
      from({ [SESSION_COOKIE]: adminToken });
      expect(await outcome(attempt())).toEqual({ redirect: '/console/sign-in' });
      // A school session's token is no console token, whatever cookie carries it.
      from({ [CONSOLE_SESSION_COOKIE]: adminToken });
      expect(await outcome(attempt())).toEqual({ redirect: '/console/sign-in' });
    }
    expect(await schoolCount()).toBe(before);
    expect(
      (await privileged('platform-console', 'test', (tx) => tx.select().from(schools).where(eq(schools.id, a.id))))[0]!
        .disabledAt,
    ).toBeNull();
  });

  it('an operator who has not used their key in this session: off to the key page, nothing done', async () => {
    const r = await signInToConsole({ email: OP_EMAIL, password: TEST_PASSWORD }, meta);
    if (!r.ok) throw new Error(r.message);
    const before = await schoolCount();
    for (const attempt of attempts()) {
      from({ [CONSOLE_SESSION_COOKIE]: r.token });
      expect(await outcome(attempt())).toEqual({ redirect: '/console/key' });
    }
    expect(await schoolCount()).toBe(before);
  });

  it('on a school’s host, even with an operator’s key in use: not found', async () => {
    for (const attempt of attempts()) {
      from({ [CONSOLE_SESSION_COOKIE]: operatorToken }, a.slug);
      expect(await outcome(attempt())).toEqual({ notFound: true });
    }
  });

  it('an operator whose key is in use creates a school; its first administrator gets the first-password email', async () => {
    from({ [CONSOLE_SESSION_COOKIE]: operatorToken });
    expect(await outcome(createSchoolAction({ values: {}, fieldErrors: {}, message: null }, form(newSchool)))).toEqual({
      redirect: '/console?created=guarded-school',
    });
    const [mail] = await mailTo('gina@guarded.example.org');
    expect(mail!.subject).toBe('Set your Haven password for Guarded School');
    expect(mail!.bodyText).toContain('guarded-school.haven.test/reset-password?token=');
    expect(await platformRows('school.created')).toEqual([
      expect.objectContaining({
        actorUserId: operator.userId,
        details: expect.objectContaining({ slug: 'guarded-school' }),
      }),
    ]);
  });
});

describe('schools in the console', () => {
  it('lists counts only: no pupil’s or person’s name reaches the list', async () => {
    const rows = await listConsoleSchools();
    const ash = rows.find((r) => r.slug === a.slug)!;
    expect(Object.keys(ash).sort()).toEqual(
      [
        'disabled',
        'id',
        'importHealth',
        'lastActivityAt',
        'lastImportAt',
        'name',
        'pupils',
        'slug',
        'trustName',
        'users',
      ].sort(),
    );
    expect(ash).toMatchObject({ pupils: 2, users: 1, importHealth: 'red', disabled: false });
    const text = JSON.stringify(rows);
    for (const secret of ['Zanzibar', 'Quillfeather', 'Ottoline', 'Marchbanks', 'admin@ash', 'Ash Admin']) {
      expect(text).not.toContain(secret);
    }
  });

  it('checks the address with lib/schools’ rules: shape, reserved and taken, beside the field, creating nothing', async () => {
    const base = {
      name: 'Birch School',
      timeZone: 'Europe/London',
      adminName: 'Bo',
      adminEmail: 'bo@birch.example.org',
    };
    const before = await schoolCount();
    from({ [CONSOLE_SESSION_COOKIE]: operatorToken });
    const bad = await createSchoolAction(
      { values: {}, fieldErrors: {}, message: null },
      form({ ...base, slug: 'Not A Slug!' }),
    );
    expect(bad).toMatchObject({
      fieldErrors: { slug: ['Use 2–40 lower-case letters, digits and hyphens.'] },
      values: { slug: 'Not A Slug!' },
    });
    const reserved = await createSchoolAction(
      { values: {}, fieldErrors: {}, message: null },
      form({ ...base, slug: 'www' }),
    );
    expect(reserved).toMatchObject({ fieldErrors: { slug: ['This address is reserved.'] } });
    const taken = await createSchoolAction(
      { values: {}, fieldErrors: {}, message: null },
      form({ ...base, slug: a.slug }),
    );
    expect(taken).toMatchObject({ fieldErrors: { slug: [`A school with the address "${a.slug}" already exists.`] } });
    const noAdmin = await createSchoolAction(
      { values: {}, fieldErrors: {}, message: null },
      form({ ...base, slug: 'birch', adminEmail: 'not an address' }),
    );
    expect(noAdmin).toMatchObject({ fieldErrors: { adminEmail: ['Enter a valid email address.'] } });
    expect(await schoolCount()).toBe(before);
    expect(await mailTo('bo@birch.example.org')).toEqual([]);
  });

  it('a school made unavailable ends its sessions and refuses sign-in, deletes nothing, and is audited in both logs; then it is back', async () => {
    const before = await resolveSession(a.id, adminToken, new Date());
    expect(before).not.toBeNull();
    await setSchoolAvailability(operator, { schoolId: a.id, available: 'no' }, meta);
    await setSchoolAvailability(operator, { schoolId: a.id, available: 'no' }, meta); // a doubled click
    expect(await resolveSession(a.id, adminToken, new Date())).toBeNull();
    expect(await signInWithPassword(a, { email: 'admin@ash.example.org', password: TEST_PASSWORD }, meta)).toEqual({
      ok: false,
      message: SCHOOL_UNAVAILABLE,
    });
    expect((await listConsoleSchools()).find((r) => r.id === a.id)).toMatchObject({
      disabled: true,
      pupils: 2,
      users: 1,
    });
    const schoolRows = await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.schoolId, a.id), eq(auditLog.action, 'platform.school_disabled'))),
    );
    expect(schoolRows).toEqual([
      expect.objectContaining({ actorUserId: null, actorLabel: `Haven support (${OP_EMAIL})` }),
    ]);
    expect(await platformRows('school.disabled')).toEqual([expect.objectContaining({ affectedSchoolId: a.id })]);

    await setSchoolAvailability(operator, { schoolId: a.id, available: 'yes' }, meta);
    expect(
      await signInWithPassword(a, { email: 'admin@ash.example.org', password: TEST_PASSWORD }, meta),
    ).toMatchObject({
      ok: true,
    });
    expect(await platformRows('school.enabled')).toHaveLength(1);
  });

  it('another id is not found and changes nothing', async () => {
    await expect(
      setSchoolAvailability(operator, { schoolId: '00000000-0000-4000-8000-000000000000', available: 'no' }, meta),
    ).rejects.toThrow('That school could not be found.');
  });
});

describe('every console page, action and route', () => {
  const NO_SUCH_REQUEST = '00000000-0000-4000-8000-000000000000';
  const renders = () => [
    () => consolePages.schools({ searchParams: Promise.resolve({}) }),
    () => consolePages.newSchool(),
    () => consolePages.support(),
    () =>
      consolePages.supportRequest({
        params: Promise.resolve({ requestId: NO_SUCH_REQUEST }),
        searchParams: Promise.resolve({}),
      }),
    () => consolePages.sla({ searchParams: Promise.resolve({}) }),
    () => consolePages.people({ searchParams: Promise.resolve({ email: 'admin@ash.example.org' }) }),
  ];
  const actions = () => [
    () =>
      answerSupportAction(
        { values: {}, fieldErrors: {}, message: null },
        form({ requestId: NO_SUCH_REQUEST, answer: 'Hi' }),
      ),
    () => closeSupportAction(form({ requestId: NO_SUCH_REQUEST })),
    () =>
      consoleAddMembershipAction(
        { values: {}, fieldErrors: {}, message: null },
        form({ email: 'admin@ash.example.org', school: 'guarded-school', group: 'DSL' }),
      ),
    () =>
      consoleChangeEmailAction(
        { values: {}, fieldErrors: {}, message: null },
        form({ from: 'admin@ash.example.org', to: 'mallory@ash.example.org' }),
      ),
    () =>
      consoleRemoveKeysAction(
        { values: {}, fieldErrors: {}, message: null },
        form({ email: 'admin@ash.example.org', understood: 'on' }),
      ),
  ];
  const lookUps = async () => (await platformRows('person.looked_up')).length;

  it('a school administrator (with their key) reaches none of them: the console’s sign-in, nothing read or done', async () => {
    const before = await lookUps();
    const cookieSets: Record<string, string>[] = [
      {},
      { [SESSION_COOKIE]: adminToken },
      { [CONSOLE_SESSION_COOKIE]: adminToken },
    ];
    for (const cookies of cookieSets) {
      for (const attempt of [...renders(), ...actions()]) {
        from(cookies);
        expect(await outcome(attempt())).toEqual({ redirect: '/console/sign-in' });
      }
      from(cookies);
      const upload = await uploadSlaRoute(new NextRequest(`https://${ROOT}/console/sla-upload`, { method: 'POST' }));
      expect(upload.status).toBe(401);
    }
    expect(await lookUps()).toBe(before);
    const admin = await privileged('platform-console', 'test', (tx) =>
      tx.select().from(users).where(eq(users.id, adminId)),
    );
    expect(admin[0]!.email).toBe('admin@ash.example.org');
  });

  it('an operator without their key in this session: the key page for every page and action', async () => {
    const r = await signInToConsole({ email: OP_EMAIL, password: TEST_PASSWORD }, meta);
    if (!r.ok) throw new Error(r.message);
    for (const attempt of [...renders(), ...actions()]) {
      from({ [CONSOLE_SESSION_COOKIE]: r.token });
      expect(await outcome(attempt())).toEqual({ redirect: '/console/key' });
    }
  });

  it('on a school’s host, even with an operator’s key: not found', async () => {
    for (const attempt of [...renders(), ...actions()]) {
      from({ [CONSOLE_SESSION_COOKIE]: operatorToken }, a.slug);
      expect(await outcome(attempt())).toEqual({ notFound: true });
    }
  });

  it('with the key, no page shows a pupil’s record: People shows the person’s schools and groups only', async () => {
    from({ [CONSOLE_SESSION_COOKIE]: operatorToken });
    const shown: string[] = [];
    for (const render of renders()) {
      const r = await outcome(render());
      // The element tree the page returns, with every prop it hands to its parts (React's own bookkeeping left out).
      const seen = new WeakSet<object>();
      shown.push(
        JSON.stringify('returned' in r ? r.returned : r, (key, value: unknown) => {
          if (key.startsWith('_')) return undefined;
          if (value && typeof value === 'object') {
            if (seen.has(value)) return undefined;
            seen.add(value);
          }
          return value;
        }),
      );
    }
    expect(shown[3]).toBe(JSON.stringify({ notFound: true }));
    expect(shown[5]).toContain('Ash Academy');
    expect(shown[5]).toContain('admin@ash.example.org');
    for (const page of shown)
      for (const secret of ['Zanzibar', 'Quillfeather', 'Ottoline', 'Marchbanks']) expect(page).not.toContain(secret);
  });
});

describe('removing an operator', () => {
  it('ends their console sessions at once; their account stays', async () => {
    expect((await cli(['operator', 'remove', '--email', OP_EMAIL])).code).toBe(0);
    expect(await resolveConsoleSession(operatorToken)).toBeNull();
    expect(await listOperators()).toEqual([]);
    expect(await signInToConsole({ email: OP_EMAIL, password: TEST_PASSWORD }, meta)).toEqual({
      ok: false,
      message: SIGN_IN_REFUSED,
    });
    const account = await privileged('platform-console', 'test', (tx) =>
      tx.select().from(users).where(eq(users.email, OP_EMAIL)),
    );
    expect(account).toHaveLength(1);
    expect((await cli(['operator', 'remove', '--email', OP_EMAIL])).out).toBe(`${OP_EMAIL} is not an operator.`);
  });

  it('the demo seed’s quiet grant is idempotent and leaves a removed operator removed', async () => {
    await ensureOperator('admin@ash.example.org');
    await ensureOperator('ADMIN@ash.example.org');
    expect((await listOperators()).map((o) => o.email)).toEqual(['admin@ash.example.org']);
    await ensureOperator(OP_EMAIL);
    expect((await listOperators()).map((o) => o.email)).toEqual(['admin@ash.example.org']);
  });
});
