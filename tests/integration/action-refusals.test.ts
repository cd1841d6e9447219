/**
 * The real server actions, refused: buttons (pin, restore, mark as read,
 * switch or open a school) answer a record out of reach with the 404 page and
 * any other refusal with its message on the refusal page, never a 500; forms
 * keep their fields and say why; a forged Origin changes nothing. Only the
 * request is faked (headers, cookies, revalidation); the context, permission
 * checks and data are the real ones.
 */
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn, TEST_PASSWORD } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { alerts, categories, incidents } from '@/db/schema';
import { ROOT_SESSION_COOKIE, signInAtRoot } from '@/lib/auth/root-sign-in';
import { SESSION_COOKIE } from '@/lib/auth/session-policy';
import { OTHER_SITE } from '@/lib/http/action';
import { REFUSAL_COOKIE, REFUSAL_PATH } from '@/lib/http/refusal';
import { createIncident } from '@/lib/incidents/create';
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

const { pinIncidentAction, restoreIncidentAction, restoreActionAction, deleteIncidentAction } =
  await import('@/app/(school)/(signed-in)/incidents/[incidentId]/manage-actions');
const { markAlertReadAction } = await import('@/app/(school)/(signed-in)/incidents/[incidentId]/actions');
const { switchSchoolAction } = await import('@/app/(school)/session-actions');
const { openSchoolAction } = await import('@/app/(root)/sign-in/actions');
const { signInAction } = await import('@/app/(school)/login/actions');

const ROOT = 'haven.test';
withTestDatabase({ APP_ROOT_DOMAIN: ROOT });

let a: School;
let b: School;
const token: Record<'dsl' | 'pastoral' | 'teacher' | 'bDsl', string> = { dsl: '', pastoral: '', teacher: '', bDsl: '' };
let dslId: string;
let teacherId: string;
let zoe: string;
let behaviour: string;

/** The next call comes from this browser: its school's host, its Origin (or another), its session cookie. */
function from(school: School | null, cookies: Record<string, string> = {}, origin?: string | null) {
  const host = school ? `${school.slug}.${ROOT}` : ROOT;
  const o = origin === undefined ? `https://${host}` : origin;
  request.headers = new Headers({ host, ...(o ? { origin: o } : {}) });
  request.cookies = new Map(Object.entries(cookies));
}
const session = (t: string) => ({ [SESSION_COOKIE]: t });

function form(fields: Record<string, string>): FormData {
  const fd = new FormData();
  fd.set('$ACTION_ID_0c1d', '');
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
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
const refusal = () => request.cookies.get(REFUSAL_COOKIE);

const incidentRow = async (id: string) =>
  (await inSchool(a.id, (tx) => tx.select().from(incidents).where(eq(incidents.id, id))))[0]!;
/** Recorded by a teacher, as the demo does: the actions under test then act on it. */
const addIncident = async (text: string, extra: { alertUserIds?: string } = {}) =>
  createIncident((await signedIn(a, teacherId)).ctx, { studentId: zoe, text, categoryIds: behaviour, ...extra });

beforeAll(async () => {
  a = await makeSchool('refusals-a');
  b = await makeSchool('refusals-b');
  dslId = await makeUser({
    email: 'dsl@ar.example.org',
    displayName: 'Dana Shaw',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  });
  const pastoralId = await makeUser({
    email: 'pastoral@ar.example.org',
    displayName: 'Pat Oakes',
    memberships: { [a.slug]: 'Pastoral' },
    totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  });
  teacherId = await makeUser({
    email: 'teacher@ar.example.org',
    displayName: 'Tess Hart',
    memberships: { [a.slug]: 'Teachers' },
  });
  const bDslId = await makeUser({
    email: 'dsl@ar-b.example.org',
    displayName: 'Bea Dale',
    memberships: { [b.slug]: 'DSL' },
    totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  });
  token.dsl = (await signedIn(a, dslId, { elevated: true })).token;
  token.pastoral = (await signedIn(a, pastoralId, { elevated: true })).token;
  token.teacher = (await signedIn(a, teacherId)).token;
  token.bDsl = (await signedIn(b, bDslId, { elevated: true })).token;
  [zoe] = (await addPupils(a.id, [{ legalForename: 'Zoë', legalSurname: 'Marsh' }])) as [string];
  const rows = await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories));
  behaviour = rows.find((r) => r.name === 'Behaviour')!.id;
});

beforeEach(() => from(a));

describe('a refused button', () => {
  it('pins for someone who may (the control), and shows why to someone who may see but not edit', async () => {
    const { incidentId } = await addIncident('Pin me.');
    from(a, session(token.pastoral));
    expect(await outcome(pinIncidentAction(form({ incidentId, pinned: '1' })))).toEqual({ redirect: REFUSAL_PATH });
    expect(refusal()).toBe('Your user group cannot do this.');
    expect((await incidentRow(incidentId)).pinned).toBe(false);

    from(a, session(token.dsl));
    const done = await outcome(pinIncidentAction(form({ incidentId, pinned: '1' })));
    expect(done).toEqual({
      redirect: `/students/${zoe}/incidents?highlight=${incidentId}&done=pinned#incident-${incidentId}`,
    });
    expect(refusal()).toBeUndefined();
    expect((await incidentRow(incidentId)).pinned).toBe(true);
  });

  it('answers another school’s incident, an unknown one, or a tampered field with the 404 page', async () => {
    const { incidentId } = await addIncident('Not theirs.');
    from(b, session(token.bDsl));
    expect(await outcome(pinIncidentAction(form({ incidentId, pinned: '1' })))).toEqual({ notFound: true });
    expect(await outcome(restoreIncidentAction(form({ incidentId })))).toEqual({ notFound: true });
    from(a, session(token.dsl));
    expect(await outcome(pinIncidentAction(form({ incidentId: randomUUID(), pinned: '1' })))).toEqual({
      notFound: true,
    });
    // Once a ZodError thrown from inside the action: a 500 with a digest.
    expect(await outcome(pinIncidentAction(form({ incidentId: 'not-an-id', pinned: '1' })))).toEqual({
      notFound: true,
    });
    expect(await outcome(pinIncidentAction(form({ incidentId, pinned: 'yes' })))).toEqual({ notFound: true });
    expect(await outcome(pinIncidentAction(form({ incidentId, pinned: '1', deletedAt: '' })))).toEqual({
      notFound: true,
    });
    expect(refusal()).toBeUndefined();
    expect((await incidentRow(incidentId)).pinned).toBe(false);
  });

  it('restoring an action without the edit permission says so', async () => {
    from(a, session(token.pastoral));
    expect(await outcome(restoreActionAction(form({ actionId: randomUUID() })))).toEqual({ redirect: REFUSAL_PATH });
    expect(refusal()).toBe('Your user group cannot do this.');
  });

  it('marking someone else’s alert read is the 404 page, and leaves it unread', async () => {
    const { incidentId } = await addIncident('Alert Dana.', { alertUserIds: dslId });
    const [alert] = await inSchool(a.id, (tx) => tx.select().from(alerts).where(eq(alerts.incidentId, incidentId)));
    from(a, session(token.pastoral));
    expect(await outcome(markAlertReadAction(form({ alertId: alert!.id })))).toEqual({ notFound: true });
    expect(await outcome(markAlertReadAction(form({})))).toEqual({ notFound: true });
    from(a, session(token.dsl));
    expect(await outcome(markAlertReadAction(form({ alertId: alert!.id })))).toEqual({ redirect: '/?read=1' });
    const [read] = await inSchool(a.id, (tx) => tx.select().from(alerts).where(eq(alerts.id, alert!.id)));
    expect(read!.readAt).not.toBeNull();
  });

  it('switching to a school the person is not in, one that does not exist, or this one is the 404 page', async () => {
    from(a, session(token.dsl));
    expect(await outcome(switchSchoolAction(form({ to: b.slug, from: '/students' })))).toEqual({ notFound: true });
    expect(await outcome(switchSchoolAction(form({ to: 'no-such-school', from: '/students' })))).toEqual({
      notFound: true,
    });
    expect(await outcome(switchSchoolAction(form({ to: a.slug, from: '/students' })))).toEqual({ notFound: true });
    expect(await outcome(switchSchoolAction(form({ to: 'Not A Slug', from: '/' })))).toEqual({ notFound: true });
  });

  it('opening a school from the root domain that is not the person’s is the 404 page; their own opens (through its /switch/start, which binds the code to this browser)', async () => {
    const r = await signInAtRoot(
      { email: 'dsl@ar.example.org', password: TEST_PASSWORD },
      { ip: null, userAgent: null },
    );
    if (!r.ok) throw new Error(r.message);
    from(null, { [ROOT_SESSION_COOKIE]: r.token });
    expect(await outcome(openSchoolAction(form({ to: b.slug })))).toEqual({ notFound: true });
    const opened = await outcome(openSchoolAction(form({ to: a.slug })));
    expect(opened).toEqual({
      redirect: expect.stringMatching(
        new RegExp(`^https://${a.slug}\\.${ROOT.replace('.', '\\.')}/switch/start\\?back=&path=%2F$`),
      ),
    });
    // On a school's host the root domain's actions are refused with a message, not a 500.
    from(a, { [ROOT_SESSION_COOKIE]: r.token });
    expect(await outcome(openSchoolAction(form({ to: a.slug })))).toEqual({ redirect: REFUSAL_PATH });
    expect(refusal()).toBe('Sign in on your school’s own page.');
  });

  it('sends a signed-out browser to sign in', async () => {
    const { incidentId } = await addIncident('Signed out.');
    from(a, {});
    expect(await outcome(pinIncidentAction(form({ incidentId, pinned: '1' })))).toEqual({ redirect: '/login' });
    expect((await incidentRow(incidentId)).pinned).toBe(false);
  });
});

describe('a forged Origin', () => {
  for (const origin of ['https://evil.example', `https://refusals-b.${ROOT}`, null]) {
    it(`from ${origin ?? 'no Origin at all'} changes nothing: a button says why, a form keeps its fields`, async () => {
      const { incidentId } = await addIncident('Forged.');
      from(a, session(token.dsl), origin);
      expect(await outcome(pinIncidentAction(form({ incidentId, pinned: '1' })))).toEqual({ redirect: REFUSAL_PATH });
      expect(refusal()).toBe(OTHER_SITE);
      const state = await deleteIncidentAction(
        { values: {}, fieldErrors: {}, message: null },
        form({ incidentId, reason: 'Recorded on the wrong pupil' }),
      );
      expect(state).toEqual({
        values: { incidentId, reason: 'Recorded on the wrong pupil' },
        fieldErrors: {},
        message: OTHER_SITE,
      });
      const row = await incidentRow(incidentId);
      expect([row.pinned, row.deletedAt]).toEqual([false, null]);
    });
  }
});

describe('a refused form', () => {
  it('puts a zod error by its field and keeps what was typed; an unknown field is refused', async () => {
    const { incidentId } = await addIncident('Keep me.');
    from(a, session(token.dsl));
    const short = await deleteIncidentAction(
      { values: {}, fieldErrors: {}, message: null },
      form({ incidentId, reason: 'x' }),
    );
    expect(short.values).toEqual({ incidentId, reason: 'x' });
    expect(Object.keys(short.fieldErrors)).toEqual(['reason']);
    const extra = await deleteIncidentAction(
      { values: {}, fieldErrors: {}, message: null },
      form({ incidentId, reason: 'Recorded on the wrong pupil', deletedBy: dslId }),
    );
    expect(extra.fieldErrors).toEqual({ form: ['Unexpected field.'] });
    expect((await incidentRow(incidentId)).deletedAt).toBeNull();
  });

  it('says why when the person may see but not delete', async () => {
    const { incidentId } = await addIncident('Not yours to delete.');
    from(a, session(token.pastoral));
    const state = await deleteIncidentAction(
      { values: {}, fieldErrors: {}, message: null },
      form({ incidentId, reason: 'Recorded on the wrong pupil' }),
    );
    expect(state).toEqual({
      values: { incidentId, reason: 'Recorded on the wrong pupil' },
      fieldErrors: {},
      message: 'Your user group cannot do this.',
    });
    expect((await incidentRow(incidentId)).deletedAt).toBeNull();
  });

  it('never echoes a password', async () => {
    from(a, {});
    const state = await signInAction(
      { values: {}, fieldErrors: {}, message: null },
      form({ email: 'dsl@ar.example.org', password: 'not the password' }),
    );
    expect(state.values).toEqual({ email: 'dsl@ar.example.org' });
    expect(JSON.stringify(state)).not.toContain('not the password');
  });
});
