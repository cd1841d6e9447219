/**
 * A saved report's downloads as a browser meets them (only the request is
 * faked: host, Origin, session cookie): Excel and PDF of the report
 * regenerated now, as the person downloading may see it — the owner's file
 * has every tutor group, a Year-8-restricted key holder's has only Year 8 and
 * no Child Protection — the PDF with its chart drawn (no image) and, with a
 * password, AES-256. Each download is audited as `report.export` naming the
 * saved report. Refused, with no file and no audit row: another school's
 * report, a colleague's unpublished one, an expired one, a teacher, a key
 * holder without the key, another site (PDF), a bad password.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { NextRequest } from 'next/server';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { withTestDatabase } from '../support/db';
import { pdfFacts, pdfText, qpdfFacts } from '../support/pdf';
import { byTutorGroup, savedReportsWorld, withSettings, type SavedReportsWorld } from '../support/saved-reports';
import { signedIn } from '../support/identity';
import { inSchool } from '@/db/scoped';
import { auditLog, classRestrictionMembers, schools } from '@/db/schema';
import { SESSION_COOKIE } from '@/lib/auth/session-policy';
import type { ReportDefinition } from '@/lib/reports';
import type { School, UserCtx } from '@/lib/tenancy/context';

const request = vi.hoisted(() => ({ headers: new Headers(), cookies: new Map<string, string>() }));
vi.mock('next/headers', () => ({
  headers: async () => request.headers,
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined),
    set: (name: string, value: string) => request.cookies.set(name, value),
  }),
}));

const excel = await import('@/app/(school)/(signed-in)/reporting/saved/[reportId]/excel/route');
const pdf = await import('@/app/(school)/(signed-in)/reporting/saved/[reportId]/pdf/route');
const { publishSavedReport, regenerateSavedReport, saveReport } = await import('@/lib/reports');

const ROOT = 'haven.test';
withTestDatabase({ APP_ROOT_DOMAIN: ROOT });

const PASSWORD = 'Żółć garden 2026';
let w: SavedReportsWorld;
let tokens: Record<'dsl' | 'pastoral' | 'year8' | 'teacher' | 'dslB' | 'dslNoKey', string>;
let dslHere: UserCtx;
let published: string;
let unpublished: string;
let expired: string;

const chartByTutorGroup = (): ReportDefinition => ({
  ...byTutorGroup(),
  report: {
    type: 'summary-chart',
    chart: 'column',
    values: 'counts',
    series: 'grouped',
    primary: { by: 'tutor-group' },
    secondary: { by: 'category' },
  },
});

const save = (ctx: UserCtx, title: string, expiry: '1-month' | '1-year' = '1-year', now?: Date) =>
  saveReport(ctx, { title, expiry, definition: chartByTutorGroup(), submissionKey: randomUUID() }, now).then(
    (r) => r.reportId,
  );

function from(school: School, who: keyof typeof tokens | null, origin?: string) {
  const host = `${school.slug}.${ROOT}`;
  request.headers = new Headers({ host, origin: origin ?? `https://${host}` });
  request.cookies = new Map(who ? [[SESSION_COOKIE, tokens[who]]] : []);
}

const params = (reportId: string) => ({ params: Promise.resolve({ reportId }) });

const excelGet = (school: School, id: string) =>
  excel.GET(new Request(`https://${school.slug}.${ROOT}/reporting/saved/${id}/excel`), params(id));

function pdfPost(school: School, id: string, password = '') {
  const body = new FormData();
  body.set('pdfPassword', password);
  return pdf.POST(
    new NextRequest(`https://${school.slug}.${ROOT}/reporting/saved/${id}/pdf`, {
      method: 'POST',
      body,
      headers: { origin: request.headers.get('origin') ?? '' },
    }),
    params(id),
  );
}

const exportsOf = async (id: string) =>
  (
    await inSchool(w.a.id, (tx) =>
      tx
        .select({ details: auditLog.details, actor: auditLog.actorUserId })
        .from(auditLog)
        .where(and(eq(auditLog.schoolId, w.a.id), eq(auditLog.action, 'report.export'))),
    )
  ).filter((r) => (r.details as { savedReportId?: string }).savedReportId === id);

async function workbookRows(res: Response) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
  const rows: (string | number)[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as (string | number)[]).slice(1)));
  const start = rows.findIndex((r) => r[0] === 'Tutor group / Category');
  return { all: rows, table: rows.slice(start) };
}

/** The enquiry view's table for this person, as the files should hold it. */
async function enquiryRows(ctx: UserCtx, id: string) {
  const t = (await regenerateSavedReport(ctx, id)).run!.table;
  return [
    ['Tutor group / Category', ...t.columns.map((c) => c.label), 'Total'],
    ...t.rows.map((r) => [r.label, ...r.cells, r.total]),
    ['Total', ...t.columnTotals, t.total],
  ];
}

beforeAll(async () => {
  w = await savedReportsWorld('saveddl');
  // Class restrictions by year group, stored as the school's setting: the routes read the school afresh.
  await inSchool(w.a.id, (tx) =>
    tx
      .update(schools)
      .set({ settings: { ...w.a.settings, classRestrictions: 'year' } })
      .where(eq(schools.id, w.a.id)),
  );
  // The DSL is listed for both year groups, so restrictions leave them every pupil.
  await inSchool(w.a.id, (tx) =>
    tx.insert(classRestrictionMembers).values(
      ['Year 7', 'Year 8'].map((groupName) => ({
        id: randomUUID(),
        schoolId: w.a.id,
        groupKind: 'year' as const,
        groupName,
        userId: w.ids.dsl,
      })),
    ),
  );
  dslHere = (await signedIn(withSettings(w.a, { classRestrictions: 'year' }), w.ids.dsl, { elevated: true })).ctx;
  tokens = { ...w.tokens, dslNoKey: (await signedIn(w.a, w.ids.dsl)).token };
  published = await save(w.dsl, 'Behaviour by tutor group — governors');
  await publishSavedReport(w.dsl, published, true);
  unpublished = await save(w.dsl, 'Only mine');
  expired = await save(w.dsl, 'Old one', '1-month', new Date('2020-01-01T00:00:00Z'));
  await publishSavedReport(w.dsl, expired, true, new Date('2020-01-02T00:00:00Z'));
});

describe('a saved report’s Excel download', () => {
  it('holds the owner’s enquiry view: every tutor group and category, audited naming the report', async () => {
    from(w.a, 'dsl');
    const res = await excelGet(w.a, published);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="incident-report-[\d-]+\.xlsx"$/);
    const { all, table } = await workbookRows(res);
    expect(all[0]).toEqual(['Behaviour by tutor group — governors']);
    expect(all).toContainEqual(['Report', 'Incidents by tutor group and category']);
    expect(table).toEqual(await enquiryRows(dslHere, published));
    expect(table).toEqual([
      // Categories in the school's order.
      ['Tutor group / Category', 'Child Protection', 'Behaviour', 'Total'],
      ['7A', 0, 1, 1],
      ['8A', 1, 1, 2],
      ['8B', 0, 2, 2],
      ['Total', 1, 4, 5],
    ]);
    expect((await exportsOf(published)).at(-1)).toMatchObject({ actor: w.ids.dsl, details: { format: 'xlsx' } });
  });

  it('run by a Year-8-restricted colleague without Child Protection: only their rows', async () => {
    from(w.a, 'year8');
    const { table } = await workbookRows(await excelGet(w.a, published));
    expect(table).toEqual([
      ['Tutor group / Category', 'Behaviour', 'Total'],
      ['8A', 1, 1],
      ['8B', 2, 2],
      ['Total', 3, 3],
    ]);
    expect(JSON.stringify(table)).not.toMatch(/7A|Child Protection/);
    expect((await exportsOf(published)).at(-1)).toMatchObject({ actor: w.ids.year8 });
  });
});

describe('a saved report’s PDF download', () => {
  it('draws the chart as vector graphics and the owner’s table', async () => {
    from(w.a, 'dsl');
    const res = await pdfPost(w.a, published);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = pdfText(bytes, { layout: true });
    expect(text).toContain('Behaviour by tutor group — governors');
    expect(text).toMatch(/8A\s+1\s+1\s+2/);
    expect(text).toMatch(/Total\s+1\s+4\s+5/);
    expect(text).toContain('Child Protection');
    expect(pdfFacts(bytes).images).toBe(0);
    expect((await exportsOf(published)).at(-1)).toMatchObject({ actor: w.ids.dsl, details: { format: 'pdf' } });
  });

  it('for the Year-8-restricted colleague, with a password: only Year 8, AES-256 (R = 6)', async () => {
    from(w.a, 'year8');
    const res = await pdfPost(w.a, published, PASSWORD);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    const facts = qpdfFacts(bytes, PASSWORD);
    expect(facts.requiresPassword).toBe(true);
    expect(facts.encryption).toMatch(/^R = 6$/m);
    const text = pdfText(bytes, { layout: true, password: PASSWORD });
    expect(text).toMatch(/8B\s+2\s+2/);
    expect(text).toMatch(/Total\s+3\s+3/);
    expect(text).not.toMatch(/7A|Child Protection/);
  });
});

describe('refusals: no file, no audit row', () => {
  it('another school’s report, a colleague’s unpublished one, an expired one: not found', async () => {
    const cases: [School, keyof typeof tokens, string][] = [
      [w.b, 'dslB', published],
      [w.a, 'pastoral', unpublished],
      [w.a, 'dsl', expired],
      [w.a, 'dsl', 'not-an-id'],
      [w.a, 'dsl', randomUUID()],
    ];
    for (const [school, who, id] of cases) {
      const before = (await exportsOf(id)).length;
      from(school, who);
      for (const res of [await excelGet(school, id), await pdfPost(school, id)]) {
        expect(res.status, `${who} ${id}`).toBe(404);
        expect(res.headers.get('content-type')).not.toMatch(/pdf|sheet/);
      }
      expect(await exportsOf(id)).toHaveLength(before);
    }
  });

  it('a teacher, no key, the signed-out, another site and a bad password', async () => {
    const before = (await exportsOf(published)).length;
    const cases: [keyof typeof tokens | null, string | undefined, string, number, RegExp][] = [
      ['teacher', undefined, '', 403, /permission/i],
      ['dslNoKey', undefined, '', 403, /Use your key to run reports/],
      [null, undefined, '', 401, /Sign in/],
      ['dsl', 'https://evil.example', '', 403, /another site/],
      ['dsl', undefined, 'short', 400, /at least 10 characters/],
    ];
    for (const [who, origin, password, status, text] of cases) {
      from(w.a, who, origin);
      const res = await pdfPost(w.a, published, password);
      expect(res.status, `${who} ${origin}`).toBe(status);
      expect(await res.text()).toMatch(text);
      if (origin || password) continue;
      const x = await excelGet(w.a, published);
      expect(x.status, `${who} excel`).toBe(status);
    }
    expect(await exportsOf(published)).toHaveLength(before);
  });
});
