/**
 * The Custom report's downloads as a browser meets them (only the request is
 * faked: host, Origin, session cookie). Excel: a workbook that exceljs reads
 * back with the enquiry view's numbers, totals included, and a category
 * named like a formula written as text. PDF: the same numbers and accented
 * names in the embedded font; with a password, AES-256 (R = 6) that needs the
 * password to open. Each download is audited as `report.export` with its
 * format. Refused, with no file and no audit row: another site (PDF), the
 * signed-out, a teacher, a key holder without their key, a bad field, a bad
 * password; another school's category id counts nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { NextRequest } from 'next/server';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { withTestDatabase } from '../support/db';
import { pdfFacts, pdfText, qpdfFacts } from '../support/pdf';
import { SSCONVERT_MISSING, ssconvertAvailable, xlsxAsGnumericRows } from '../support/ssconvert';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { auditLog, categories } from '@/db/schema';
import { SESSION_COOKIE } from '@/lib/auth/session-policy';
import { createIncident } from '@/lib/incidents/create';
import type { School, UserCtx } from '@/lib/tenancy/context';

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
const { getCustomReportPage } = await import('@/lib/reports');

const ROOT = 'haven.test';
withTestDatabase({ APP_ROOT_DOMAIN: ROOT });

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const NOW = new Date('2026-06-01T12:00:00Z');
const FORMULA = '=HYPERLINK("http://evil.example","x")';
const PASSWORD = 'Łódź garden 2026';
const token = { dsl: '', dslNoKey: '', teacher: '', dslB: '' };
let a: School;
let b: School;
let dsl: UserCtx;
let cat: Record<string, string>;
let catB: Record<string, string>;

function from(school: School, who: keyof typeof token | null, origin?: string) {
  const host = `${school.slug}.${ROOT}`;
  request.headers = new Headers({ host, origin: origin ?? `https://${host}` });
  request.cookies = new Map(who ? [[SESSION_COOKIE, token[who]]] : []);
}

/** The Custom report's fields: tutor group × category, spring and summer 2026. */
function fields(extra: Record<string, string | string[]> = {}): [string, string][] {
  const all: Record<string, string | string[]> = {
    range: 'between',
    from: '2026-03-01',
    to: '2026-05-31',
    status: 'any',
    recordedBy: '',
    primary: 'tutor-group',
    secondary: 'category',
    ...extra,
  };
  return Object.entries(all).flatMap(([k, v]): [string, string][] =>
    Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]],
  );
}

const excelGet = (school: School, f = fields()) =>
  excel.GET(new Request(`https://${school.slug}.${ROOT}/reporting/custom/excel?${new URLSearchParams(f)}`));

function pdfPost(school: School, f = fields(), password = '') {
  const body = new FormData();
  for (const [k, v] of f) body.append(k, v);
  body.set('pdfPassword', password);
  return pdf.POST(
    new NextRequest(`https://${school.slug}.${ROOT}/reporting/custom/pdf`, {
      method: 'POST',
      body,
      headers: { origin: request.headers.get('origin') ?? '' },
    }),
  );
}

const exports = async () =>
  (
    await inSchool(a.id, (tx) =>
      tx
        .select({ details: auditLog.details, actor: auditLog.actorUserId })
        .from(auditLog)
        .where(and(eq(auditLog.schoolId, a.id), eq(auditLog.action, 'report.export'))),
    )
  ).map((r) => r.details as { format: string; from: string });

async function categoryIds(school: School) {
  const rows = await inSchool(school.id, (tx) =>
    tx.select({ id: categories.id, name: categories.name }).from(categories),
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.id]));
}

beforeAll(async () => {
  a = await makeSchool('report-export-a');
  b = await makeSchool('report-export-b');
  const dslId = await makeUser({
    email: 'dsl@rx.example.org',
    displayName: 'Aoibheann Ó’Súilleabháin',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  const teacherId = await makeUser({
    email: 'teacher@rx.example.org',
    displayName: 'Tom Hughes',
    memberships: { [a.slug]: 'Teachers' },
  });
  const dslBId = await makeUser({
    email: 'dsl@rxb.example.org',
    displayName: 'Imran Shah',
    memberships: { [b.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  const session = await signedIn(a, dslId, { elevated: true });
  dsl = session.ctx;
  token.dsl = session.token;
  token.dslNoKey = (await signedIn(a, dslId)).token;
  token.teacher = (await signedIn(a, teacherId)).token;
  const bSession = await signedIn(b, dslBId, { elevated: true });
  token.dslB = bSession.token;
  cat = await categoryIds(a);
  catB = await categoryIds(b);
  // A category whose name a spreadsheet would run as a formula.
  await inSchool(a.id, (tx) =>
    tx
      .update(categories)
      .set({ name: FORMULA })
      .where(and(eq(categories.schoolId, a.id), eq(categories.id, cat['Bullying']!))),
  );

  const [lukasz, thao, other] = (await addPupils(a.id, [
    { legalForename: 'Łukasz', legalSurname: 'Żółć', yearGroup: 'Year 7', tutorGroup: '7Ż' },
    { legalForename: 'Thảo', legalSurname: 'Nguyễn', yearGroup: 'Year 8', tutorGroup: '8Ó' },
    { legalForename: 'Ann', legalSurname: 'Ashe', yearGroup: 'Year 8', tutorGroup: '8Ó' },
  ])) as [string, string, string];
  const [bPupil] = (await addPupils(b.id, [{ legalForename: 'Other', legalSurname: 'School' }])) as [string];
  const add = (by: UserCtx, studentId: string, ids: string[], occurredAt: string) =>
    createIncident(by, { studentId, text: `About ${occurredAt}.`, categoryIds: ids.join(','), occurredAt }, NOW);
  await add(dsl, lukasz, [cat['Behaviour']!], '2026-03-02T10:00');
  await add(dsl, lukasz, [cat['Behaviour']!, cat['Bullying']!], '2026-03-10T10:00');
  await add(dsl, thao, [cat['Behaviour']!], '2026-04-01T10:00');
  await add(dsl, other, [cat['Bullying']!], '2026-05-04T10:00');
  await add(dsl, other, [cat['Behaviour']!], '2025-05-04T10:00'); // outside the dates
  await add(bSession.ctx, bPupil, [catB['Behaviour']!], '2026-03-02T10:00');
});

/** The enquiry view's table as rows of words and numbers, as the files should hold it. */
async function enquiryRows(f = fields()) {
  const page = await getCustomReportPage(dsl, Object.fromEntries(groupBy(f)));
  const t = page.run!.table;
  return [
    ['Tutor group / Category', ...t.columns.map((c) => c.label), 'Total'],
    ...t.rows.map((r) => [r.label, ...r.cells, r.total]),
    ['Total', ...t.columnTotals, t.total],
  ];
}

function groupBy(f: [string, string][]): [string, string[]][] {
  const m = new Map<string, string[]>();
  for (const [k, v] of f) m.set(k, [...(m.get(k) ?? []), v]);
  return [...m];
}

async function workbookRows(res: Response) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
  expect(book.worksheets).toHaveLength(1);
  const rows: (string | number)[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as (string | number)[]).slice(1)));
  return { name: book.worksheets[0]!.name, rows };
}

describe('GET /reporting/custom/excel', () => {
  it('streams a workbook with the enquiry view’s numbers and totals, the formula-like name as text', async () => {
    from(a, 'dsl');
    const before = (await exports()).length;
    const res = await excelGet(a);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="incident-report-\d{4}-\d{2}-\d{2}\.xlsx"$/,
    );
    const { name, rows } = await workbookRows(res);
    expect(name).toBe('Incidents by tutor group and ca');
    const expected = (await enquiryRows()).map((r) => r.map((v) => (v === FORMULA ? `'${FORMULA}` : v)));
    const start = rows.findIndex((r) => r[0] === 'Tutor group / Category');
    expect(rows.slice(start)).toEqual(expected);
    expect(expected).toEqual([
      ['Tutor group / Category', 'Behaviour', `'${FORMULA}`, 'Total'],
      ['7Ż', 2, 1, 2],
      ['8Ó', 1, 1, 2],
      ['Total', 3, 2, 4],
    ]);
    // Above the table: the title, the school, who generated it, the filters in words.
    expect(rows[0]).toEqual(['Incidents by tutor group and category']);
    expect(rows.flat()).toContain('1 Mar 2026 to 31 May 2026'.replace(/^/, 'From '));
    expect(rows.some((r) => String(r[0]).startsWith('Generated by Aoibheann Ó’Súilleabháin on '))).toBe(true);
    const audit = await exports();
    expect(audit).toHaveLength(before + 1);
    expect(audit.at(-1)).toMatchObject({ format: 'xlsx', from: '2026-03-01', to: '2026-05-31' });
  });

  it('refuses the signed-out, a teacher, a key holder without the key and a bad field, writing nothing', async () => {
    const before = (await exports()).length;
    const cases: [keyof typeof token | null, [string, string][], number, RegExp][] = [
      [null, fields(), 401, /Sign in/],
      ['teacher', fields(), 403, /permission/i],
      ['dslNoKey', fields(), 403, /Use your key to run reports/],
      ['dsl', fields({ primary: 'shoe-size' }), 400, /Correct the report’s fields/],
    ];
    for (const [who, f, status, text] of cases) {
      from(a, who);
      const res = await excelGet(a, f);
      expect(res.status, String(who)).toBe(status);
      expect(await res.text()).toMatch(text);
    }
    expect(await exports()).toHaveLength(before);
  });

  it('counts nothing for another school’s category id, and never another school’s incidents', async () => {
    from(a, 'dsl');
    const { rows } = await workbookRows(await excelGet(a, fields({ category: catB['Behaviour']! })));
    expect(rows.at(-1)).toEqual(['Total', 0]);
    expect(rows.flat()).not.toContain('Behaviour');
    from(b, 'dslB');
    const other = await workbookRows(await excelGet(b));
    expect(other.rows.at(-1)).toEqual(['Total', 1, 1]);
  });
});

const gnumeric = ssconvertAvailable();
if (!gnumeric) console.warn(`\n*** ${SSCONVERT_MISSING} The Gnumeric check below is skipped here. ***\n`);

describe('the Excel export in Gnumeric (ssconvert)', () => {
  it('ssconvert is there in CI', () => {
    // Locally a missing ssconvert is reported above; in CI it is a failure, never a silent pass.
    if (process.env.CI) expect(gnumeric, SSCONVERT_MISSING).toBe(true);
  });

  it.runIf(gnumeric)('opens with the enquiry view’s rows, the formula-like name as text', async () => {
    from(a, 'dsl');
    const rows = xlsxAsGnumericRows(new Uint8Array(await (await excelGet(a)).arrayBuffer()));
    const start = rows.findIndex((r) => r[0] === 'Tutor group / Category');
    expect(start).toBeGreaterThan(0);
    const expected = (await enquiryRows()).map((r) => r.map((v) => (v === FORMULA ? `'${FORMULA}` : String(v))));
    expect(rows.slice(start).filter((r) => r.some((c) => c !== ''))).toEqual(expected);
    // Gnumeric did not run the formula: no cell reads as its result.
    expect(rows.flat()).not.toContain('x');
    // CSV pads each row to the sheet's width.
    expect(rows[0]![0]).toBe('Incidents by tutor group and category');
  });
});

describe('POST /reporting/custom/pdf', () => {
  it('draws the report with its numbers and accented names, and audits it as a PDF export', async () => {
    from(a, 'dsl');
    const res = await pdfPost(a);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = pdfText(bytes, { layout: true });
    expect(text).toContain('Incidents by tutor group and category');
    expect(text).toMatch(/7Ż\s+2\s+1\s+2/);
    expect(text).toMatch(/8Ó\s+1\s+1\s+2/);
    expect(text).toMatch(/Total\s+3\s+2\s+4/);
    expect(text).toContain('Aoibheann Ó’Súilleabháin');
    expect(qpdfFacts(bytes)).toEqual({ requiresPassword: false, encryption: expect.stringMatching(/not encrypted/) });
    expect((await exports()).at(-1)).toMatchObject({ format: 'pdf' });
  });

  it('a summary chart is drawn above the table as vector graphics: legend, names and values as text, no image', async () => {
    from(a, 'dsl');
    const column = Buffer.from(
      await (await pdfPost(a, fields({ display: 'column', series: 'grouped' }))).arrayBuffer(),
    );
    const text = pdfText(column);
    // The legend (the categories, the formula-like name as plain text), the groups, the axis.
    for (const word of ['Behaviour', FORMULA, '7Ż', '8Ó', 'Tutor group', 'Incidents']) expect(text).toContain(word);
    expect(text.indexOf('Tutor group')).toBeLessThan(text.lastIndexOf('Tutor group / Category'));
    expect(pdfFacts(column).images).toBe(0);
    // A pie of percentages: each tutor group's share, adding up to 100, with its count.
    const pie = Buffer.from(
      await (await pdfPost(a, fields({ display: 'pie', secondary: '', values: 'percentages' }))).arrayBuffer(),
    );
    const pieText = pdfText(pie);
    expect(pieText).toMatch(/50% \(2\)/);
    const shares = [...pieText.matchAll(/(\d+(?:\.\d)?)% \(\d+\)/g)].map((m) => Number(m[1]));
    expect(shares).toHaveLength(2);
    expect(shares.reduce((x, y) => x + y, 0)).toBe(100);
    expect(pdfFacts(pie).images).toBe(0);
  });

  it('with a password: AES-256 (R = 6), which will not open without it', async () => {
    // A temporary directory of this test's own: other test files encrypt PDFs at the same time.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-export-test-'));
    const tmpBefore = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    from(a, 'dsl');
    const res = await pdfPost(a, fields(), PASSWORD).finally(() => {
      if (tmpBefore === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmpBefore;
    });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    const facts = qpdfFacts(bytes, PASSWORD);
    expect(facts.requiresPassword).toBe(true);
    expect(facts.encryption).toMatch(/^R = 6$/m);
    expect(facts.encryption).toMatch(/AESv3/);
    expect(() => pdfText(bytes)).toThrow();
    const text = pdfText(bytes, { layout: true, password: PASSWORD });
    expect(text).toMatch(/7Ż\s+2\s+1\s+2/);
    expect(text).toContain('8Ó');
    // Nothing of the plaintext is left in the temporary directory.
    expect(fs.readdirSync(tmp)).toEqual([]);
    fs.rmdirSync(tmp);
  });

  it('refuses another site, the signed-out, a teacher, no key, a bad field and a bad password, writing nothing', async () => {
    const before = (await exports()).length;
    const cases: [keyof typeof token | null, string | undefined, [string, string][], string, number, RegExp][] = [
      ['dsl', 'https://evil.example', fields(), '', 403, /another site/],
      [null, undefined, fields(), '', 401, /Sign in/],
      ['teacher', undefined, fields(), '', 403, /permission/i],
      ['dslNoKey', undefined, fields(), '', 403, /Use your key to run reports/],
      ['dsl', undefined, fields({ to: '2026-02-01' }), '', 400, /Correct the report’s fields/],
      ['dsl', undefined, fields(), 'short', 400, /at least 10 characters/],
      ['dsl', undefined, fields(), '--decrypt me now', 400, /other than -/],
    ];
    for (const [who, origin, f, password, status, text] of cases) {
      from(a, who, origin);
      const res = await pdfPost(a, f, password);
      expect(res.status, `${who} ${origin} ${password}`).toBe(status);
      expect(await res.text()).toMatch(text);
    }
    expect(await exports()).toHaveLength(before);
  });
});
