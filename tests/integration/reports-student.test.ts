/**
 * The pupil profile's Student report against a real database: one pupil's
 * incidents (their own and the copies of records they are linked to) as a
 * chronology or as counts by month, day of the week or category, with the
 * date and category filters; a colleague lacking Child Protection sees none
 * of that category's incidents in it, nor in its files. Refused: another
 * school's pupil (not found), a teacher (not allowed), a key holder without
 * their key; the downloads likewise, with no file and no audit row. The
 * Excel holds the enquiry view's rows; the PDF, with a password, the
 * incidents with the names replaced.
 */
import ExcelJS from 'exceljs';
import { NextRequest } from 'next/server';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { withTestDatabase } from '../support/db';
import { pdfText, qpdfFacts } from '../support/pdf';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { auditLog, categories, userGroups } from '@/db/schema';
import { SESSION_COOKIE } from '@/lib/auth/session-policy';
import { NotAllowedError, NotFoundError } from '@/lib/errors';
import { createIncident } from '@/lib/incidents/create';
import { addAction } from '@/lib/incidents/add-action';
import { DEFAULT_USER_GROUPS } from '@/lib/schools/defaults';
import type { School, UserCtx } from '@/lib/tenancy/context';

const request = vi.hoisted(() => ({ headers: new Headers(), cookies: new Map<string, string>() }));
vi.mock('next/headers', () => ({
  headers: async () => request.headers,
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined),
    set: (name: string, value: string) => request.cookies.set(name, value),
  }),
}));

const excel = await import('@/app/(school)/(signed-in)/students/[studentId]/report/excel/route');
const pdf = await import('@/app/(school)/(signed-in)/students/[studentId]/report/pdf/route');
const { getProfileReport } = await import('@/lib/profile');
const { ELEVATE_FOR_REPORTS } = await import('@/lib/reports');

const ROOT = 'haven.test';
withTestDatabase({ APP_ROOT_DOMAIN: ROOT });

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const NOW = new Date('2026-06-01T12:00:00Z');
const PASSWORD = 'Conference Żółć 2026';
const PUSHED = 'Łukasz Żółć pushed Thảo Nguyễn in the lunch queue; Mr Shah saw it.';

let a: School;
let b: School;
let dsl: UserCtx;
let pastoral: UserCtx;
let teacher: UserCtx;
let dslNoKey: UserCtx;
let dslB: UserCtx;
let tokens: Record<'dsl' | 'pastoral' | 'teacher' | 'dslB', string>;
let lukasz: string;
let bPupil: string;
let cat: Record<string, string>;

const SHOWN = { source: 'legal', order: 'first-last', hidden: false } as const;

/** The tab's fields: Łukasz's chronology by default, spring and summer 2026. */
function fields(extra: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    range: 'between',
    from: '2026-03-01',
    to: '2026-05-31',
    linked: 'include',
    display: 'listing',
    primary: 'month',
    secondary: '',
    values: 'counts',
    include: ['basicData', 'incidents', 'actions'],
    ...extra,
  };
}

const pairs = (f: Record<string, string | string[]>): [string, string][] =>
  Object.entries(f).flatMap(([k, v]): [string, string][] => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]));
const text = (pieces: readonly { text: string }[] | null) => (pieces ?? []).map((p) => p.text).join('');

const reportOf = async (ctx: UserCtx, extra: Record<string, string | string[]> = {}, id = lukasz) =>
  (await getProfileReport(ctx, id, SHOWN, fields(extra))).data;

function from(school: School, who: keyof typeof tokens) {
  const host = `${school.slug}.${ROOT}`;
  request.headers = new Headers({ host, origin: `https://${host}` });
  request.cookies = new Map([[SESSION_COOKIE, tokens[who]]]);
}
const params = (studentId: string) => ({ params: Promise.resolve({ studentId }) });
const excelGet = (school: School, id: string, f: Record<string, string | string[]>) =>
  excel.GET(
    new Request(`https://${school.slug}.${ROOT}/students/${id}/report/excel?${new URLSearchParams(pairs(f))}`),
    params(id),
  );
function pdfPost(school: School, id: string, f: Record<string, string | string[]>, password: string) {
  const body = new FormData();
  for (const [k, v] of pairs(f)) body.append(k, v);
  body.set('pdfPassword', password);
  return pdf.POST(
    new NextRequest(`https://${school.slug}.${ROOT}/students/${id}/report/pdf`, {
      method: 'POST',
      body,
      headers: { origin: `https://${school.slug}.${ROOT}` },
    }),
    params(id),
  );
}
const exportsAbout = async (studentId: string) =>
  (
    await inSchool(a.id, (tx) =>
      tx
        .select({ details: auditLog.details, actor: auditLog.actorUserId })
        .from(auditLog)
        .where(and(eq(auditLog.schoolId, a.id), eq(auditLog.action, 'report.export'))),
    )
  ).filter((r) => (r.details as { studentId?: string }).studentId === studentId);

beforeAll(async () => {
  a = await makeSchool('report-student-a');
  b = await makeSchool('report-student-b');
  await inSchool(a.id, (tx) =>
    tx
      .update(userGroups)
      .set({ permissions: [...DEFAULT_USER_GROUPS.find((g) => g.name === 'Pastoral')!.permissions, 'reports.run'] })
      .where(and(eq(userGroups.schoolId, a.id), eq(userGroups.name, 'Pastoral'))),
  );
  const user = (school: School, who: string, name: string, group: string, key: boolean) =>
    makeUser({
      email: `${who}@rs.example.org`,
      displayName: name,
      memberships: { [school.slug]: group },
      totpSecret: key ? SECRET : undefined,
    });
  const dslId = await user(a, 'dsl', 'Imran Shah', 'DSL', true);
  const pastoralId = await user(a, 'pastoral', 'Ben Price', 'Pastoral', true);
  const teacherId = await user(a, 'teacher', 'Tom Hughes', 'Teachers', false);
  const dslBId = await user(b, 'dsl-b', 'Other Lead', 'DSL', true);
  const s = {
    dsl: await signedIn(a, dslId, { elevated: true }),
    pastoral: await signedIn(a, pastoralId, { elevated: true }),
    teacher: await signedIn(a, teacherId),
    dslB: await signedIn(b, dslBId, { elevated: true }),
  };
  dsl = s.dsl.ctx;
  pastoral = s.pastoral.ctx;
  teacher = s.teacher.ctx;
  dslB = s.dslB.ctx;
  dslNoKey = (await signedIn(a, dslId)).ctx;
  tokens = { dsl: s.dsl.token, pastoral: s.pastoral.token, teacher: s.teacher.token, dslB: s.dslB.token };
  const rows = await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories));
  cat = Object.fromEntries(rows.map((r) => [r.name, r.id]));
  const catB = Object.fromEntries(
    (await inSchool(b.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories))).map(
      (r) => [r.name, r.id],
    ),
  );

  const [l, thao] = (await addPupils(a.id, [
    { legalForename: 'Łukasz', legalSurname: 'Żółć', yearGroup: 'Year 7', tutorGroup: '7A' },
    { legalForename: 'Thảo', legalSurname: 'Nguyễn', yearGroup: 'Year 7', tutorGroup: '7B' },
  ])) as [string, string];
  lukasz = l;
  [bPupil] = (await addPupils(b.id, [{ legalForename: 'Other', legalSurname: 'School' }])) as [string];

  const add = (studentId: string, t: string, category: string, occurredAt: string, linked?: string) =>
    createIncident(
      dsl,
      {
        studentId,
        text: t,
        categoryIds: cat[category]!,
        occurredAt,
        ...(linked
          ? { linked: JSON.stringify([{ studentId: linked, role: 'affected', categoryIds: [cat[category]] }]) }
          : {}),
      },
      NOW,
    );
  // Monday 2 March (Thảo linked) and Monday 9 March, Thursday 2 April (recorded about Thảo, Łukasz linked).
  const first = await add(lukasz, PUSHED, 'Behaviour', '2026-03-02T10:00', thao);
  await addAction(
    dsl,
    { incidentId: first.incidentId, text: 'Imran Shah phoned home.', occurredAt: '2026-03-02T15:00' },
    NOW,
  );
  await add(lukasz, 'Łukasz disclosed a worry at home.', 'Child Protection', '2026-03-09T10:00');
  await add(thao, 'Thảo and Łukasz argued at break.', 'Behaviour', '2026-04-02T10:00', lukasz);
  await add(thao, 'Thảo alone.', 'Behaviour', '2026-04-03T10:00');
  await add(lukasz, 'Before the dates.', 'Behaviour', '2025-05-04T10:00');
  await createIncident(
    dslB,
    { studentId: bPupil, text: 'Another school.', categoryIds: catB['Behaviour']!, occurredAt: '2026-03-02T10:00' },
    NOW,
  );
});

describe('the Student report tab', () => {
  it('lists the pupil’s own chronology, linked incidents included, oldest first, audited naming them', async () => {
    const report = await reportOf(dsl);
    expect(report.run).toBeNull();
    expect(report.listing!.cards.map((c) => [c.pupil, text(c.text)])).toEqual([
      ['Łukasz Żółć', PUSHED],
      ['Łukasz Żółć', 'Łukasz disclosed a worry at home.'],
      ['Łukasz Żółć', 'Thảo and Łukasz argued at break.'],
    ]);
    expect(report.listing!.cards[0]!.actions.map((x) => text(x.text))).toEqual(['Imran Shah phoned home.']);
    const runs = await inSchool(a.id, (tx) =>
      tx.select({ details: auditLog.details }).from(auditLog).where(eq(auditLog.action, 'report.run')),
    );
    expect(runs.at(-1)!.details).toMatchObject({ studentId: lukasz });

    const own = await reportOf(dsl, { linked: 'exclude' });
    expect(own.listing!.total).toBe(2);
    const behaviour = await reportOf(dsl, { category: cat['Behaviour']!, from: '2026-03-05' });
    expect(behaviour.listing!.cards.map((c) => text(c.text))).toEqual(['Thảo and Łukasz argued at break.']);
  });

  it('counts by month, day of the week and category, as a table or a pie', async () => {
    const byMonth = (await reportOf(dsl, { display: 'table', primary: 'month' })).run!;
    expect(byMonth.table.rows.map((r) => [r.label, r.total])).toEqual([
      ['March 2026', 2],
      ['April 2026', 1],
    ]);
    const byDay = (await reportOf(dsl, { display: 'column', primary: 'weekday' })).run!;
    expect(byDay.table.rows.filter((r) => r.total > 0).map((r) => [r.label, r.total])).toEqual([
      ['Monday', 2],
      ['Thursday', 1],
    ]);
    const pie = (await reportOf(dsl, { display: 'pie', primary: 'category' })).run!;
    expect(pie.chart).toMatchObject({ kind: 'pie' });
    expect(pie.table.rows.map((r) => [r.label, r.total])).toEqual([
      ['Child Protection', 1],
      ['Behaviour', 2],
    ]);
    const refused = await reportOf(dsl, { display: 'table', primary: 'tutor-group' });
    expect(refused.run).toBeNull();
    expect(refused.form.fieldErrors.primary).toEqual(['Choose a grouping from the list.']);
    expect(refused.form.values.primary).toBe('tutor-group');
  });

  it('shows a colleague lacking Child Protection none of its incidents, in the view and the counts', async () => {
    const listing = (await reportOf(pastoral)).listing!;
    expect(listing.cards.map((c) => text(c.text))).toEqual([PUSHED, 'Thảo and Łukasz argued at break.']);
    expect(JSON.stringify(listing)).not.toContain('disclosed');
    const counts = (await reportOf(pastoral, { display: 'table', primary: 'category' })).run!;
    expect(counts.table.total).toBe(2);
    expect(JSON.stringify(counts.table)).not.toContain('Child Protection');
  });

  it('refuses another school’s pupil, a teacher and a key holder without their key', async () => {
    await expect(reportOf(dsl, {}, bPupil)).rejects.toBeInstanceOf(NotFoundError);
    await expect(reportOf(dslB, {}, lukasz)).rejects.toBeInstanceOf(NotFoundError);
    await expect(reportOf(dsl, {}, 'not-an-id')).rejects.toBeInstanceOf(NotFoundError);
    await expect(reportOf(teacher)).rejects.toBeInstanceOf(NotAllowedError);
    await expect(reportOf(dslNoKey)).rejects.toThrow(ELEVATE_FOR_REPORTS);
  });
});

describe('the Student report’s files', () => {
  it('Excel holds the enquiry view’s rows; audited naming the pupil', async () => {
    from(a, 'dsl');
    const res = await excelGet(a, lukasz, fields());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/filename="student-report-[\d-]+\.xlsx"/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const rows: unknown[][] = [];
    book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toContainEqual(['Pupil', 'Łukasz Żółć']);
    const view = (await reportOf(dsl)).listing!;
    expect(rows.filter((r) => r[1] === 'Incident').map((r) => [r[0], r.at(-1)])).toEqual(
      view.cards.map((c) => [c.number, text(c.text)]),
    );
    expect((await exportsAbout(lukasz)).at(-1)).toMatchObject({ details: { format: 'xlsx' } });
  });

  it('a password PDF with the names replaced, and for a colleague lacking a category none of it', async () => {
    from(a, 'dsl');
    const hidden = fields({ hideStudents: '1', hideStaff: '1' });
    const res = await pdfPost(a, lukasz, hidden, PASSWORD);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(qpdfFacts(bytes, PASSWORD)).toMatchObject({ requiresPassword: true });
    const shown = pdfText(bytes, { password: PASSWORD }).replace(/\s+/g, ' ');
    expect(shown).toContain('[Student] pushed [Linked student 1] in the lunch queue; [DSL] saw it.');
    expect(shown).toContain('[Student] disclosed a worry at home.');
    expect(shown).not.toMatch(/Łukasz|Żółć|Thảo|Nguyễn/);

    from(a, 'pastoral');
    const theirs = pdfText(Buffer.from(await (await pdfPost(a, lukasz, fields(), '')).arrayBuffer()));
    expect(theirs).toContain('2 incidents');
    expect(theirs).not.toContain('disclosed');
  });

  it('a summary downloads as Excel with the tab’s counts', async () => {
    from(a, 'dsl');
    const res = await excelGet(a, lukasz, fields({ display: 'table', primary: 'month' }));
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const rows: unknown[][] = [];
    book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toContainEqual(['Pupil', 'Łukasz Żółć']);
    expect(rows).toContainEqual(['March 2026', 2]);
    expect(rows).toContainEqual(['April 2026', 1]);
  });

  it('refuses another school’s pupil and a teacher with no file and no audit row', async () => {
    const before = (await exportsAbout(lukasz)).length;
    from(a, 'dsl');
    expect((await excelGet(a, bPupil, fields())).status).toBe(404);
    from(b, 'dslB');
    expect((await excelGet(b, lukasz, fields())).status).toBe(404);
    expect((await pdfPost(b, lukasz, fields(), '')).status).toBe(404);
    from(a, 'teacher');
    expect((await excelGet(a, lukasz, fields())).status).toBe(403);
    expect((await exportsAbout(lukasz)).length).toBe(before);
  });
});
