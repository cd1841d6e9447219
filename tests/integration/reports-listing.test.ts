/**
 * The Listing report against a real database: the incidents a runner may
 * report on, oldest first, with their pupils, linked pupils, categories,
 * text and live actions; the same incidents the summary counts for a runner
 * lacking a category and for one restricted to a tutor group; refused
 * without the key or the permission. With hidden names, the pupils and staff
 * are replaced in the text and the name columns of the enquiry view, the PDF
 * (read by pdftotext, with its password) and the Excel workbook, and another
 * pupil named in the text is marked on screen.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { NextRequest } from 'next/server';
import { and, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { withTestDatabase } from '../support/db';
import { pdfText, qpdfFacts } from '../support/pdf';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { auditLog, categories, classRestrictionMembers, userGroups } from '@/db/schema';
import { accessSubjectOf } from '@/lib/access';
import { SESSION_COOKIE } from '@/lib/auth/session-policy';
import { NotAllowedError } from '@/lib/errors';
import { createIncident } from '@/lib/incidents/create';
import { addAction } from '@/lib/incidents/add-action';
import { deleteAction } from '@/lib/incidents/action-changes';
import { deleteIncident } from '@/lib/incidents';
import { DEFAULT_USER_GROUPS } from '@/lib/schools/defaults';
import type { School, UserCtx } from '@/lib/tenancy/context';
import type { ListingRun } from '@/lib/reports';

const request = vi.hoisted(() => ({ headers: new Headers(), cookies: new Map<string, string>() }));
vi.mock('next/headers', () => ({
  headers: async () => request.headers,
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined),
    set: (name: string, value: string) => request.cookies.set(name, value),
  }),
}));

const excel = await import('@/app/(school)/(signed-in)/reporting/custom/excel/route');
const pdf = await import('@/app/(school)/(signed-in)/reporting/custom/pdf/route');
const { ELEVATE_FOR_REPORTS, LISTING_PAGE, getCustomReportPage, runReport } = await import('@/lib/reports');
const { listingBatches } = await import('@/lib/reports/listing-query');

const ROOT = 'haven.test';
withTestDatabase({ APP_ROOT_DOMAIN: ROOT });

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const NOW = new Date('2026-06-01T12:00:00Z');
const PASSWORD = 'Łódź garden 2026';
const FORMULA = '=HYPERLINK("http://evil.example","x")';
const PUSHED = 'Łukasz Żółć pushed Thảo Nguyễn. Mr Shah spoke to Lukasz’s mum; Jack saw it.';

let a: School;
let b: School;
let dsl: UserCtx;
let teacher: UserCtx;
let pastoral: UserCtx;
let pastoralId: string;
let dslToken = '';
let teacherToken = '';
let cat: Record<string, string>;
let catB: Record<string, string>;

const withSettings = (school: School, s: Partial<School['settings']>): School => ({
  ...school,
  settings: { ...school.settings, ...s },
});

async function categoryIds(school: School) {
  const rows = await inSchool(school.id, (tx) =>
    tx.select({ id: categories.id, name: categories.name }).from(categories),
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.id]));
}

/** The Custom report's fields for a listing of spring and summer 2026. */
function fields(extra: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    range: 'between',
    from: '2026-03-01',
    to: '2026-05-31',
    status: 'any',
    recordedBy: '',
    primary: 'category',
    secondary: '',
    display: 'listing',
    include: ['incidents', 'actions', 'basicData'],
    ...extra,
  };
}

const pairs = (f: Record<string, string | string[]>): [string, string][] =>
  Object.entries(f).flatMap(([k, v]): [string, string][] => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]));

/** The viewer's name style with their "hide names" off, as the page passes it. */
const shownStyle = (ctx: UserCtx) => ({
  source: ctx.school.settings.nameSource,
  order: ctx.school.settings.nameOrder,
  hidden: false,
});

async function listingOf(ctx: UserCtx, extra: Record<string, string | string[]> = {}) {
  const page = await getCustomReportPage(ctx, fields(extra), shownStyle(ctx));
  expect(page.form.fieldErrors).toEqual({});
  expect(page.run).toBeNull();
  return page.listing!;
}

const text = (pieces: readonly { text: string }[] | null) => (pieces ?? []).map((p) => p.text).join('');

function from(school: School, token = dslToken) {
  const host = `${school.slug}.${ROOT}`;
  request.headers = new Headers({ host, origin: `https://${host}` });
  request.cookies = new Map([[SESSION_COOKIE, token]]);
}

beforeAll(async () => {
  a = await makeSchool('report-listing-a');
  b = await makeSchool('report-listing-b');
  // Pastoral staff here may run reports: a runner who still cannot view Child Protection incidents.
  await inSchool(a.id, (tx) =>
    tx
      .update(userGroups)
      .set({ permissions: [...DEFAULT_USER_GROUPS.find((g) => g.name === 'Pastoral')!.permissions, 'reports.run'] })
      .where(and(eq(userGroups.schoolId, a.id), eq(userGroups.name, 'Pastoral'))),
  );
  const dslId = await makeUser({
    email: 'dsl@rl.example.org',
    displayName: 'Imran Shah',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  const session = await signedIn(a, dslId, { elevated: true });
  dsl = session.ctx;
  dslToken = session.token;
  const teacherId = await makeUser({
    email: 'teacher@rl.example.org',
    displayName: 'Tom Hughes',
    memberships: { [a.slug]: 'Teachers' },
  });
  const teacherSession = await signedIn(a, teacherId);
  teacher = teacherSession.ctx;
  teacherToken = teacherSession.token;
  pastoralId = await makeUser({
    email: 'hoy@rl.example.org',
    displayName: 'Ben Price',
    memberships: { [a.slug]: 'Pastoral' },
    totpSecret: SECRET,
  });
  pastoral = (await signedIn(a, pastoralId, { elevated: true })).ctx;
  const dslBId = await makeUser({
    email: 'dsl@rlb.example.org',
    displayName: 'Other Lead',
    memberships: { [b.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  const dslB = (await signedIn(b, dslBId, { elevated: true })).ctx;
  cat = await categoryIds(a);
  catB = await categoryIds(b);

  const [lukasz, thao, aoibheann, jack] = (await addPupils(a.id, [
    { legalForename: 'Łukasz', legalSurname: 'Żółć', yearGroup: 'Year 7', tutorGroup: '7A' },
    { legalForename: 'Thảo', legalSurname: 'Nguyễn', yearGroup: 'Year 7', tutorGroup: '7B' },
    { legalForename: 'Aoibheann', legalSurname: 'Ó’Súilleabháin', yearGroup: 'Year 8', tutorGroup: '8A' },
    { legalForename: 'Jack', legalSurname: 'Otter', yearGroup: 'Year 8', tutorGroup: '8A' },
  ])) as [string, string, string, string];
  void jack;
  const [bPupil] = (await addPupils(b.id, [{ legalForename: 'Other', legalSurname: 'School' }])) as [string];

  const first = await createIncident(
    dsl,
    {
      studentId: lukasz,
      text: PUSHED,
      categoryIds: cat['Behaviour']!,
      occurredAt: '2026-03-02T10:00',
      linked: JSON.stringify([{ studentId: thao, role: 'affected', categoryIds: [cat['Behaviour']] }]),
    },
    NOW,
  );
  await addAction(
    dsl,
    { incidentId: first.incidentId, text: 'Imran Shah phoned home about Żółć.', occurredAt: '2026-03-03T09:00' },
    NOW,
  );
  const wrong = await addAction(
    dsl,
    { incidentId: first.incidentId, text: 'Recorded on the wrong incident.', occurredAt: '2026-03-03T10:00' },
    NOW,
  );
  await deleteAction(dsl, { actionId: wrong.actionId, reason: 'Wrong incident.' }, NOW);
  await createIncident(
    dsl,
    {
      studentId: aoibheann,
      text: "Aoibheann O'Suilleabhain disclosed at lunch.",
      categoryIds: cat['Child Protection']!,
      occurredAt: '2026-03-05T10:00',
    },
    NOW,
  );
  await createIncident(
    dsl,
    { studentId: thao, text: FORMULA, categoryIds: cat['Behaviour']!, occurredAt: '2026-04-01T10:00' },
    NOW,
  );
  const deleted = await createIncident(
    dsl,
    { studentId: thao, text: 'Recorded twice.', categoryIds: cat['Behaviour']!, occurredAt: '2026-04-02T10:00' },
    NOW,
  );
  await deleteIncident(dsl, { incidentId: deleted.incidentId, reason: 'Recorded twice.' });
  await createIncident(
    dsl,
    { studentId: lukasz, text: 'Outside the dates.', categoryIds: cat['Behaviour']!, occurredAt: '2025-05-04T10:00' },
    NOW,
  );
  await createIncident(
    dslB,
    { studentId: bPupil, text: 'Another school.', categoryIds: catB['Behaviour']!, occurredAt: '2026-03-02T10:00' },
    NOW,
  );
});

describe('the listing in the enquiry view', () => {
  it('lists the runner’s incidents oldest first, with pupils, linked pupils, categories, text and live actions', async () => {
    const listing = await listingOf(dsl);
    expect(listing.total).toBe(4);
    expect(listing.cards.map((c) => [c.pupil, text(c.text)])).toEqual([
      ['Łukasz Żółć', PUSHED],
      ['Thảo Nguyễn', PUSHED],
      ['Aoibheann Ó’Súilleabháin', "Aoibheann O'Suilleabhain disclosed at lunch."],
      ['Thảo Nguyễn', FORMULA],
    ]);
    // A caller that passes no name style gets initials, never the names.
    const masked = (await getCustomReportPage(dsl, fields())).listing!;
    expect(masked.cards.map((c) => c.pupil)).toEqual(['Ł*** Ż***', 'T*** N***', 'A*** Ó’S***', 'T*** N***']);
    const [first, copy] = listing.cards;
    expect(Object.fromEntries(first!.fields)).toMatchObject({
      Categories: 'Behaviour',
      Status: 'Active',
      'Recorded by': 'Imran Shah',
      'Linked pupils': 'Thảo Nguyễn (affected)',
      'Tutor group': '7A',
    });
    expect(Object.fromEntries(copy!.fields)).toMatchObject({
      'Part in this incident': 'Affected',
      'Linked pupils': 'Łukasz Żółć (about this pupil)',
    });
    // The deleted action is not listed.
    expect(first!.actions.map((a) => text(a.text))).toEqual(['Imran Shah phoned home about Żółć.']);
    expect(first!.actions[0]!.heading).toMatch(/3 Mar 2026.* · Imran Shah$/);
  });

  it('lists exactly what the summary counts: a runner lacking a category, one restricted to a tutor group', async () => {
    const summaryTotal = async (ctx: UserCtx) =>
      (
        await runReport(ctx, {
          version: 1,
          subject: 'incidents',
          filters: {
            dates: { kind: 'between', from: '2026-03-01', to: '2026-05-31' },
            categories: { match: 'any', ids: [] },
            status: 'any',
            recordedBy: { mode: 'only', ids: [] },
          },
          report: { type: 'summary-table', primary: { by: 'category' }, secondary: null },
        })
      ).table.total;

    const noCp = await listingOf(pastoral);
    expect(noCp.cards.map((c) => c.pupil)).toEqual(['Łukasz Żółć', 'Thảo Nguyễn', 'Thảo Nguyễn']);
    expect(JSON.stringify(noCp)).not.toContain('disclosed');
    expect(noCp.total).toBe(await summaryTotal(pastoral));

    await inSchool(a.id, (tx) =>
      tx
        .insert(classRestrictionMembers)
        .values({ id: randomUUID(), schoolId: a.id, groupKind: 'tutor', groupName: '7A', userId: pastoralId }),
    );
    const restricted = (await signedIn(withSettings(a, { classRestrictions: 'tutor' }), pastoralId, { elevated: true }))
      .ctx;
    const only7A = await listingOf(restricted);
    expect(only7A.cards.map((c) => c.pupil)).toEqual(['Łukasz Żółć']);
    expect(only7A.total).toBe(await summaryTotal(restricted));
    // Thảo is in 7B: outside this reader's reach and not readable to them, so counted, never named.
    expect(Object.fromEntries(only7A.cards[0]!.fields)['Linked pupils']).toBe('One pupil outside your access');
  });

  it('applies the counts’ filters (words, linked copies, recorded by): each listing holds what the summary counts', async () => {
    const counted = async (extra: Record<string, string | string[]>) => {
      const summary = await getCustomReportPage(dsl, fields({ ...extra, display: 'table' }));
      expect(summary.form.fieldErrors).toEqual({});
      return summary.run!.table.total;
    };
    const cases: [Record<string, string | string[]>, string[]][] = [
      [{ word: ['pushed'] }, [PUSHED, PUSHED]],
      [{ word: ['pushed', 'lunch'], wordMatch: 'exclude' }, [FORMULA]],
      [{ word: ['suilleabhain'] }, ["Aoibheann O'Suilleabhain disclosed at lunch."]],
      [{ linked: 'exclude', word: ['pushed'] }, [PUSHED]],
      [{ recordedBy: dsl.user.id, recordedByMode: 'exclude' }, []],
    ];
    for (const [extra, texts] of cases) {
      const listing = await listingOf(dsl, extra);
      expect(listing.cards.map((c) => text(c.text))).toEqual(texts);
      expect(listing.total).toBe(await counted(extra));
    }
  });

  it('refuses a key holder without their key and a teacher; another school’s category finds nothing', async () => {
    const noKey = { ...dsl, user: { ...dsl.user, elevated: false } } as UserCtx;
    await expect(getCustomReportPage(noKey, fields())).rejects.toThrow(ELEVATE_FOR_REPORTS);
    await expect(getCustomReportPage(teacher, fields())).rejects.toBeInstanceOf(NotAllowedError);
    const other = await listingOf(dsl, { category: catB['Behaviour']! });
    expect(other.total).toBe(0);
    expect(other.cards).toEqual([]);
  });

  it('with hidden names, replaces pupils and staff in the text and name columns, and marks another pupil’s name', async () => {
    const listing = await listingOf(dsl, { hideStudents: '1', hideStaff: '1' });
    const [first, copy] = listing.cards;
    expect(first!.pupil).toBe('[Student]');
    expect(text(first!.text)).toBe('[Student] pushed [Linked student 1]. [DSL] spoke to [Student]’s mum; Jack saw it.');
    expect(first!.text!.filter((p) => p.marked).map((p) => p.text)).toEqual(['Jack']);
    expect(Object.fromEntries(first!.fields)).toMatchObject({
      'Recorded by': '[DSL]',
      'Linked pupils': '[Linked student 1] (affected)',
    });
    expect(text(first!.actions[0]!.text)).toBe('[DSL] phoned home about [Student].');
    expect(first!.actions[0]!.heading).toMatch(/ · \[DSL\]$/);
    // Thảo's own copy: she is the student there, and Łukasz the next linked pupil.
    expect(copy!.pupil).toBe('[Student]');
    expect(text(copy!.text)).toBe(
      '[Linked student 2] pushed [Student]. [DSL] spoke to [Linked student 2]’s mum; Jack saw it.',
    );
    const all = JSON.stringify(listing.cards);
    for (const name of [
      'Łukasz',
      'Żółć',
      'Lukasz',
      'Thảo',
      'Nguyễn',
      'Aoibheann',
      'Súilleabháin',
      'Suilleabhain',
      'Shah',
    ])
      expect(all).not.toContain(name);
  });

  it('audits the run with its definition, never a pupil’s name', async () => {
    await listingOf(dsl, { hideStudents: '1' });
    const [row] = await inSchool(a.id, (tx) =>
      tx
        .select({ details: auditLog.details })
        .from(auditLog)
        .where(
          and(eq(auditLog.schoolId, a.id), eq(auditLog.action, 'report.run'), eq(auditLog.actorUserId, dsl.user.id)),
        )
        .orderBy(desc(auditLog.at))
        .limit(1),
    );
    expect(row!.details).toMatchObject({ definition: { report: { type: 'listing', hideStudentNames: true } } });
    expect(JSON.stringify(row!.details)).not.toContain('Łukasz');
  });
});

describe('a long listing', () => {
  it('shows the first page of it with the count of all, and reads every batch in order, ties by number', async () => {
    const [many] = (await addPupils(a.id, [{ legalForename: 'Many', legalSurname: 'Times', tutorGroup: '7A' }])) as [
      string,
    ];
    // Four incidents at each minute: the batches' boundaries fall between incidents of the same moment.
    for (let i = 0; i < LISTING_PAGE + 1; i++) {
      const minute = String(Math.floor(i / 4)).padStart(2, '0');
      await createIncident(
        dsl,
        {
          studentId: many,
          text: `Number ${i}.`,
          categoryIds: cat['Behaviour']!,
          occurredAt: `2026-01-10T09:${minute}`,
        },
        NOW,
      );
    }
    const january = { from: '2026-01-01', to: '2026-01-31' };
    const page = await listingOf(dsl, january);
    expect(page.total).toBe(LISTING_PAGE + 1);
    expect(page.cards).toHaveLength(LISTING_PAGE);
    expect(page.cards.map((c) => text(c.text))).toEqual(Array.from({ length: LISTING_PAGE }, (_, i) => `Number ${i}.`));

    const subject = await accessSubjectOf(dsl);
    const definition = ((await getCustomReportPage(dsl, fields(january))).listing as ListingRun).definition;
    const read = await dsl.run(async (tx) => {
      const input = {
        filters: definition.filters,
        days: { from: '2026-01-01', to: '2026-01-31' },
        timeZone: a.timeZone,
        includeTraining: false,
        actions: false,
      };
      const sizes: number[] = [];
      const texts: string[] = [];
      for await (const batch of listingBatches(tx, subject, input, 7)) {
        sizes.push(batch.length);
        texts.push(...batch.map((r) => r.text));
      }
      return { sizes, texts };
    });
    expect(read.texts).toEqual(Array.from({ length: LISTING_PAGE + 1 }, (_, i) => `Number ${i}.`));
    expect(read.sizes.every((n, i) => n === 7 || i === read.sizes.length - 1)).toBe(true);

    // A download that fails part-way (the writer throws on the second batch, while the third is
    // already being read ahead): the error reaches the caller, the read in flight ends before the
    // transaction does, nothing is left unhandled, and the transaction still answers.
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const stopped = await dsl.run(async (tx) => {
        const input = {
          filters: definition.filters,
          days: { from: '2026-01-01', to: '2026-01-31' },
          timeZone: a.timeZone,
          includeTraining: false,
          actions: false,
        };
        let seen = 0;
        const failure = await (async () => {
          for await (const batch of listingBatches(tx, subject, input, 7)) {
            seen += batch.length;
            if (seen > 7) throw new Error('the file could not be written');
          }
        })().catch((e: Error) => e.message);
        const [after] = await tx.select({ n: categories.id }).from(categories).limit(1);
        return { failure, seen, answered: Boolean(after) };
      });
      await new Promise((r) => setTimeout(r, 50));
      expect(stopped).toEqual({ failure: 'the file could not be written', seen: 14, answered: true });
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('the listing downloaded', () => {
  it('as a password PDF: the incidents with the names replaced, in the embedded font', async () => {
    from(a);
    const body = new FormData();
    for (const [k, v] of pairs(fields({ hideStudents: '1', hideStaff: '1' }))) body.append(k, v);
    body.set('pdfPassword', PASSWORD);
    const res = await pdf.POST(
      new NextRequest(`https://${a.slug}.${ROOT}/reporting/custom/pdf`, {
        method: 'POST',
        body,
        headers: { origin: `https://${a.slug}.${ROOT}` },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/filename="incident-listing-\d{4}-\d{2}-\d{2}\.pdf"/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(qpdfFacts(bytes, PASSWORD)).toMatchObject({ requiresPassword: true });
    const shown = pdfText(bytes, { password: PASSWORD }).replace(/\s+/g, ' ');
    expect(shown).toContain('[Student] pushed [Linked student 1]. [DSL] spoke to [Student]’s mum; Jack saw it.');
    expect(shown).toContain('[DSL] phoned home about [Student].');
    expect(shown).toContain('4 incidents');
    for (const name of ['Łukasz', 'Żółć', 'Thảo', 'Nguyễn', 'Súilleabháin', 'Suilleabhain'])
      expect(shown).not.toContain(name);
  });

  it('as Excel: the enquiry view’s rows, names replaced, a formula-like text kept as text', async () => {
    from(a);
    const f = fields({ hideStudents: '1' });
    const res = await excel.GET(
      new Request(`https://${a.slug}.${ROOT}/reporting/custom/excel?${new URLSearchParams(pairs(f))}`),
    );
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const rows: unknown[][] = [];
    book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const head = rows.findIndex((r) => r[0] === 'Number');
    const incidents = rows.slice(head + 1).filter((r) => r[1] === 'Incident');
    const view = await listingOf(dsl, { hideStudents: '1' });
    expect(incidents.map((r) => [r[0], r[3], r.at(-1)])).toEqual(
      view.cards.map((c) => [c.number, c.pupil, text(c.text).startsWith('=') ? `'${text(c.text)}` : text(c.text)]),
    );
    expect(incidents.at(-1)!.at(-1)).toBe(`'${FORMULA}`);
    const actions = rows.slice(head + 1).filter((r) => r[1] === 'Action');
    expect(actions.map((r) => r.at(-1))).toEqual(['Imran Shah phoned home about [Student].']);
    expect(JSON.stringify(rows)).not.toMatch(/Łukasz|Żółć|Thảo|Nguyễn|Súilleabháin/);
  });

  it('refuses a teacher and a listing that includes nothing, with no file and no audit row', async () => {
    const exports = async () =>
      (
        await inSchool(a.id, (tx) =>
          tx
            .select({ id: auditLog.id })
            .from(auditLog)
            .where(and(eq(auditLog.schoolId, a.id), eq(auditLog.action, 'report.export'))),
        )
      ).length;
    const before = await exports();
    const get = (f: Record<string, string | string[]>) =>
      excel.GET(new Request(`https://${a.slug}.${ROOT}/reporting/custom/excel?${new URLSearchParams(pairs(f))}`));
    from(a, teacherToken);
    const refused = await get(fields());
    expect(refused.status).toBe(403);
    from(a);
    const empty = await get(fields({ include: [] }));
    expect(empty.status).toBe(400);
    expect(await empty.text()).toMatch(/Correct the report’s fields/);
    expect(await exports()).toBe(before);
  });
});
