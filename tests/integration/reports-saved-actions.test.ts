/**
 * The Saved reports server actions through the wrapper, with only the request
 * faked (headers, cookies, revalidation): a bad title is answered next to the
 * field with what was typed kept and nothing saved; a tampered definition is
 * the form's message; a doubled submission saves once; another school's
 * report id is the 404 page for every button; someone else's published report
 * is refused with a message; a teacher is refused.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { withTestDatabase } from '../support/db';
import { byTutorGroup, savedReportsWorld, type SavedReportsWorld } from '../support/saved-reports';
import { inSchool } from '@/db/scoped';
import { savedReports } from '@/db/schema';
import { SESSION_COOKIE } from '@/lib/auth/session-policy';
import { initialFormState } from '@/lib/http/client';
import { REFUSAL_COOKIE, REFUSAL_PATH } from '@/lib/http/refusal';
import { OWNER_ONLY, publishSavedReport, saveReport } from '@/lib/reports';
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

const { saveReportAction, publishReportAction, changeReportExpiryAction, deleteReportAction } =
  await import('@/app/(school)/(signed-in)/reporting/saved/actions');

const ROOT = 'haven.test';
withTestDatabase({ APP_ROOT_DOMAIN: ROOT });

let w: SavedReportsWorld;

function from(school: School, token: string) {
  const host = `${school.slug}.${ROOT}`;
  request.headers = new Headers({ host, origin: `https://${host}` });
  request.cookies = new Map([[SESSION_COOKIE, token]]);
}

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

const titled = (title: string) =>
  inSchool(w.a.id, (tx) => tx.select().from(savedReports).where(eq(savedReports.title, title)));

const saveFields = (over: Record<string, string> = {}) => ({
  title: 'Behaviour incidents by tutor group this term',
  expiry: '6-months',
  definition: JSON.stringify(byTutorGroup({ dates: { kind: 'quick', range: 'this-term' } })),
  submissionKey: randomUUID(),
  ...over,
});

beforeAll(async () => {
  w = await savedReportsWorld('saved-act');
});
beforeEach(() => from(w.a, w.tokens.dsl));

describe('Save report', () => {
  it('saves once for a doubled submission, and lands on Saved reports at the report', async () => {
    const fields = saveFields();
    const [first, second] = [
      await outcome(saveReportAction(initialFormState, form(fields))),
      await outcome(saveReportAction(initialFormState, form(fields))),
    ];
    const rows = await titled(fields.title);
    expect(rows).toHaveLength(1);
    expect(first).toEqual({ redirect: `/reporting/saved?done=saved#saved-report-${rows[0]!.id}` });
    expect(second).toEqual(first);
    expect(rows[0]).toMatchObject({ ownerId: w.ids.dsl, published: false });
    expect(rows[0]!.definition).toEqual(byTutorGroup({ dates: { kind: 'quick', range: 'this-term' } }));
  });

  it('answers a bad title next to the field, keeping what was typed, and saves nothing', async () => {
    const long = 'A'.repeat(121);
    for (const [title, message] of [
      ['   ', 'Enter a title for the report.'],
      [long, 'Keep the title to 120 characters or fewer.'],
      ['Two\nlines', 'Use letters, numbers and punctuation only.'],
    ] as const) {
      const r = await outcome(saveReportAction(initialFormState, form(saveFields({ title }))));
      expect(r).toEqual({
        returned: {
          values: { title, expiry: '6-months' },
          fieldErrors: { title: [message] },
          message: 'Please correct the highlighted fields.',
        },
      });
      expect(await titled(title)).toEqual([]);
    }
    const expiry = await outcome(
      saveReportAction(initialFormState, form(saveFields({ title: 'Odd expiry', expiry: 'forever' }))),
    );
    expect(expiry).toMatchObject({
      returned: { fieldErrors: { expiry: ['Choose how long to keep the report from the list.'] } },
    });
  });

  it('a tampered definition, or an unknown field, is the form’s message and saves nothing', async () => {
    const bad = JSON.stringify({ ...byTutorGroup(), report: { type: 'pie' } });
    for (const fields of [
      saveFields({ title: 'Tampered', definition: bad }),
      saveFields({ title: 'Tampered', definition: '{not json' }),
    ]) {
      const r = await outcome(saveReportAction(initialFormState, form(fields)));
      expect(r).toMatchObject({
        returned: { message: 'This report could not be saved as it was: generate it again, then save it.' },
      });
      expect((r as { returned: { values: Record<string, string> } }).returned.values).toEqual({
        title: 'Tampered',
        expiry: '6-months',
      });
    }
    const extra = await outcome(
      saveReportAction(initialFormState, form({ ...saveFields({ title: 'Tampered' }), ownerId: w.ids.pastoral })),
    );
    expect(extra).toMatchObject({ returned: { fieldErrors: { form: ['Unexpected field.'] } } });
    expect(await titled('Tampered')).toEqual([]);
  });

  it('refuses a teacher, saving nothing', async () => {
    from(w.a, w.tokens.teacher);
    const r = await outcome(saveReportAction(initialFormState, form(saveFields({ title: 'Teacher’s report' }))));
    expect(r).toMatchObject({ returned: { message: 'You do not have permission to do that.' } });
    expect(await titled('Teacher’s report')).toEqual([]);
  });
});

describe('the buttons', () => {
  it('another school’s report id is the 404 page for every button, and changes nothing', async () => {
    const { reportId } = await saveReport(w.dsl, {
      title: 'Ours',
      expiry: '1-year',
      definition: byTutorGroup(),
      submissionKey: randomUUID(),
    });
    await publishSavedReport(w.dsl, reportId, true);
    const [before] = await titled('Ours');
    from(w.b, w.tokens.dslB);
    expect(await outcome(publishReportAction(form({ reportId, published: 'false' })))).toEqual({ notFound: true });
    expect(await outcome(changeReportExpiryAction(form({ reportId, expiry: 'never' })))).toEqual({ notFound: true });
    expect(await outcome(deleteReportAction(form({ reportId })))).toEqual({ notFound: true });
    expect((await titled('Ours'))[0]).toEqual(before);

    // Someone else's published report: refused with its reason.
    from(w.a, w.tokens.pastoral);
    expect(await outcome(deleteReportAction(form({ reportId })))).toEqual({ redirect: REFUSAL_PATH });
    expect(request.cookies.get(REFUSAL_COOKIE)).toBe(OWNER_ONLY);
    expect((await titled('Ours'))[0]).toEqual(before);

    from(w.a, w.tokens.dsl);
    expect(await outcome(changeReportExpiryAction(form({ reportId, expiry: 'never' })))).toEqual({
      redirect: `/reporting/saved?done=expiry#saved-report-${reportId}`,
    });
    expect(await outcome(publishReportAction(form({ reportId, published: 'false' })))).toEqual({
      redirect: `/reporting/saved?done=unpublished#saved-report-${reportId}`,
    });
    expect(await outcome(deleteReportAction(form({ reportId })))).toEqual({
      redirect: '/reporting/saved?done=deleted',
    });
    expect((await titled('Ours'))[0]).toMatchObject({ expiresAt: null, published: false });
    expect((await titled('Ours'))[0]!.deletedAt).not.toBeNull();
  });
});
