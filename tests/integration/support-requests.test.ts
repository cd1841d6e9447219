/**
 * "Contact support" (lib/support) and its console side (lib/platform/support.ts):
 * a school's administrators (with their key) read every request of the
 * school, everyone else only their own, and nobody another school's; the
 * console answers and closes, the requester is emailed that an answer is
 * there and nothing of what was written, and both audit logs record it.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { privileged } from '@/db/privileged';
import { inSchool } from '@/db/scoped';
import { auditLog, outbox, platformAuditLog, platformOperators, supportRequests } from '@/db/schema';
import { SESSION_COOKIE } from '@/lib/auth/session-policy';
import {
  answerSupportRequest,
  closeSupportRequest,
  listConsoleSupportRequests,
  type ConsoleOperator,
} from '@/lib/platform';
import { getSupportRequest, listSupportRequests, myAnsweredSupportRequests, sendSupportRequest } from '@/lib/support';
import type { School, UserCtx } from '@/lib/tenancy/context';

const request = vi.hoisted(() => ({ headers: new Headers(), cookies: new Map<string, string>() }));
vi.mock('next/headers', () => ({
  headers: async () => request.headers,
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined),
    set: (name: string, value: string) => request.cookies.set(name, value),
  }),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const { sendSupportRequestAction } = await import('@/app/(school)/(signed-in)/support/actions');
const { answerSupportAction, closeSupportAction } = await import('@/app/(root)/console/(operator)/support/actions');

const ROOT = 'haven.test';
withTestDatabase({ APP_ROOT_DOMAIN: ROOT });

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const meta = { ip: '198.51.100.9', userAgent: 'vitest' };
let a: School;
let b: School;
let admin: UserCtx;
let adminNoKey: UserCtx;
let teacher: UserCtx;
let teacherToken: string;
let colleague: UserCtx;
let bAdmin: UserCtx;
let operator: ConsoleOperator;
let teacherRequest: string;
let colleagueRequest: string;

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
async function outcome(call: Promise<unknown>): Promise<{ returned: unknown } | { redirect: string }> {
  try {
    return { returned: await call };
  } catch (e) {
    const digest = (e as { digest?: unknown }).digest;
    if (typeof digest === 'string' && digest.startsWith('NEXT_REDIRECT;')) return { redirect: digest.split(';')[2]! };
    throw e;
  }
}
const statusOf = async (id: string) =>
  (
    await privileged('platform-console', 'test', (tx) =>
      tx.select({ status: supportRequests.status }).from(supportRequests).where(eq(supportRequests.id, id)),
    )
  )[0]!.status;

beforeAll(async () => {
  a = await makeSchool('support-a', 'Alder School');
  b = await makeSchool('support-b', 'Birch School');
  const adminId = await makeUser({
    email: 'dsl@alder.example.org',
    displayName: 'Ada Alder',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  admin = (await signedIn(a, adminId, { elevated: true })).ctx;
  adminNoKey = (await signedIn(a, adminId)).ctx;
  const teacherId = await makeUser({
    email: 'teacher@alder.example.org',
    displayName: 'Tom Teach',
    memberships: { [a.slug]: 'Teachers' },
  });
  const t = await signedIn(a, teacherId);
  teacher = t.ctx;
  teacherToken = t.token;
  colleague = (
    await signedIn(
      a,
      await makeUser({ email: 'col@alder.example.org', displayName: 'Cal Col', memberships: { [a.slug]: 'Teachers' } }),
    )
  ).ctx;
  bAdmin = (
    await signedIn(
      b,
      await makeUser({
        email: 'dsl@birch.example.org',
        displayName: 'Bea Birch',
        memberships: { [b.slug]: 'DSL' },
        totpSecret: SECRET,
      }),
      { elevated: true },
    )
  ).ctx;
  const opId = await makeUser({ email: 'ops@example.org', displayName: 'Olu Ops', memberships: {} });
  await privileged('platform-console', 'test', (tx) => tx.insert(platformOperators).values({ userId: opId }));
  operator = {
    sessionId: opId,
    userId: opId,
    email: 'ops@example.org',
    displayName: 'Olu Ops',
    elevated: true,
    keyCount: 1,
  };
});

describe('sending a request', () => {
  it('refuses bad input beside its fields, keeping what was typed, and saves nothing', async () => {
    from({ [SESSION_COOKIE]: teacherToken }, a.slug);
    const state = await sendSupportRequestAction(
      { values: {}, fieldErrors: {}, message: null },
      form({ subject: '  ', phone: 'call me maybe', message: 'The printer of reports' }),
    );
    expect(state).toMatchObject({
      fieldErrors: {
        subject: ['Give your request a subject.'],
        phone: ['Use only digits, spaces and + ( ) - . in the phone number.'],
      },
      values: { phone: 'call me maybe', message: 'The printer of reports' },
    });
    expect(await listSupportRequests(admin)).toEqual([]);
  });

  it('any signed-in member sends one, numbered in the school, audited without its words', async () => {
    from({ [SESSION_COOKIE]: teacherToken }, a.slug);
    const fields = {
      subject: 'Cannot print',
      phone: '+44 1234 567890',
      message: 'The incident print shows a blank page.',
      submissionKey: '5b0d6c1e-8a41-4c3e-9f57-2d7f4b9a1c10',
    };
    // A doubled click (or a replay of the same form) sends one request: both get its page.
    const [sent, again] = await Promise.all(
      [1, 2].map(() => outcome(sendSupportRequestAction({ values: {}, fieldErrors: {}, message: null }, form(fields)))),
    );
    expect(sent).toMatchObject({ redirect: expect.stringMatching(/^\/support\/[0-9a-f-]{36}\?sent=1$/) });
    expect(again).toEqual(sent);
    teacherRequest = (sent as { redirect: string }).redirect.slice('/support/'.length, -'?sent=1'.length);
    // The same form changed afterwards is not a second request either: it says what happened.
    expect(
      await outcome(
        sendSupportRequestAction(
          { values: {}, fieldErrors: {}, message: null },
          form({ ...fields, message: 'Something else.' }),
        ),
      ),
    ).toEqual({
      returned: expect.objectContaining({
        message: 'Your request was already sent as first written (number 1); your later changes were not.',
      }),
    });
    expect((await listSupportRequests(teacher)).map((r) => r.id)).toEqual([teacherRequest]);
    colleagueRequest = (await sendSupportRequest(colleague, { subject: 'Logo', phone: '', message: 'Upload fails.' }))
      .id;
    expect((await getSupportRequest(teacher, teacherRequest)).number).toBe(1);
    expect((await getSupportRequest(colleague, colleagueRequest)).number).toBe(2);
    const rows = await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.schoolId, a.id), eq(auditLog.action, 'support.request_sent'))),
    );
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain('blank page');
  });
});

describe('who reads which request', () => {
  it('an administrator with the key reads all of the school’s; without it, or as a teacher, only their own', async () => {
    expect((await listSupportRequests(admin)).map((r) => r.id).sort()).toEqual(
      [teacherRequest, colleagueRequest].sort(),
    );
    expect(await listSupportRequests(adminNoKey)).toEqual([]);
    expect((await listSupportRequests(teacher)).map((r) => r.id)).toEqual([teacherRequest]);
    await expect(getSupportRequest(teacher, colleagueRequest)).rejects.toThrow(
      'That support request could not be found.',
    );
    await expect(getSupportRequest(adminNoKey, teacherRequest)).rejects.toThrow(
      'That support request could not be found.',
    );
    expect((await getSupportRequest(admin, colleagueRequest)).message).toBe('Upload fails.');
  });

  it('another school’s request id is not found, even for that school’s administrator; a made-up id too', async () => {
    expect(await listSupportRequests(bAdmin)).toEqual([]);
    await expect(getSupportRequest(bAdmin, teacherRequest)).rejects.toThrow('That support request could not be found.');
    await expect(getSupportRequest(admin, 'not-an-id')).rejects.toThrow('That support request could not be found.');
  });
});

describe('the console', () => {
  it('refuses answering and closing without an operator’s console session (a school session included)', async () => {
    for (const cookies of [{}, { [SESSION_COOKIE]: teacherToken }] as Record<string, string>[]) {
      from(cookies);
      expect(
        await outcome(
          answerSupportAction(
            { values: {}, fieldErrors: {}, message: null },
            form({ requestId: teacherRequest, answer: 'Hi' }),
          ),
        ),
      ).toEqual({ redirect: '/console/sign-in' });
      expect(await outcome(closeSupportAction(form({ requestId: teacherRequest })))).toEqual({
        redirect: '/console/sign-in',
      });
    }
    expect(await statusOf(teacherRequest)).toBe('open');
  });

  it('lists every school’s requests; an answer reaches the requester in Haven and by an email that says nothing of it', async () => {
    await sendSupportRequest(bAdmin, { subject: 'Birch question', phone: '', message: 'From Birch.' });
    const listed = await listConsoleSupportRequests();
    expect(listed.map((r) => r.schoolName).sort()).toEqual(['Alder School', 'Alder School', 'Birch School']);
    await answerSupportRequest(
      operator,
      { requestId: teacherRequest, answer: 'Choose Print again: the fix is live.' },
      meta,
    );
    const seen = await getSupportRequest(teacher, teacherRequest);
    expect(seen).toMatchObject({ status: 'answered', answer: 'Choose Print again: the fix is live.' });
    expect((await myAnsweredSupportRequests(teacher)).map((r) => r.id)).toEqual([teacherRequest]);
    expect(await myAnsweredSupportRequests(colleague)).toEqual([]);
    const mail = await privileged('platform-console', 'test', (tx) =>
      tx.select().from(outbox).where(eq(outbox.toAddress, 'teacher@alder.example.org')),
    );
    expect(mail).toHaveLength(1);
    const text = `${mail[0]!.subject}\n${mail[0]!.bodyText}`;
    expect(text).toContain(`support-a.haven.test/support/${teacherRequest}`);
    for (const secret of ['Cannot print', 'blank page', 'fix is live', '567890']) expect(text).not.toContain(secret);
    const schoolRows = await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.schoolId, a.id), eq(auditLog.action, 'platform.support_answered'))),
    );
    expect(schoolRows).toEqual([
      expect.objectContaining({ actorLabel: 'Haven support (ops@example.org)', entityId: teacherRequest }),
    ]);
  });

  it('closes a request once; a closed request takes no answer', async () => {
    await closeSupportRequest(operator, { requestId: teacherRequest }, meta);
    await closeSupportRequest(operator, { requestId: teacherRequest }, meta);
    expect(await statusOf(teacherRequest)).toBe('closed');
    await expect(answerSupportRequest(operator, { requestId: teacherRequest, answer: 'Again' }, meta)).rejects.toThrow(
      'This request is closed.',
    );
    const closed = await privileged('platform-console', 'test', (tx) =>
      tx.select().from(platformAuditLog).where(eq(platformAuditLog.action, 'support.closed')),
    );
    expect(closed).toHaveLength(1);
    expect(await myAnsweredSupportRequests(teacher)).toEqual([]);
    await expect(
      closeSupportRequest(operator, { requestId: '00000000-0000-4000-8000-000000000000' }, meta),
    ).rejects.toThrow('That support request could not be found.');
  });
});
