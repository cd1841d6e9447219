/**
 * A saved Listing report: saved from the Custom report's definition, listed
 * among Saved reports as a Listing, regenerated as whoever opens it — the
 * owner sees every incident, a colleague lacking Child Protection none of
 * that category's, one restricted to Year 8 only Year 8's — and downloaded
 * (Excel, password PDF) from the saved report's routes as the person
 * downloading may see it, audited naming the saved report. Another school's
 * lead, a colleague for an unpublished listing and a teacher get no file
 * and leave no audit row.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { NextRequest } from 'next/server';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { withTestDatabase } from '../support/db';
import { pdfText, qpdfFacts } from '../support/pdf';
import { byTutorGroup, savedReportsWorld, type SavedReportsWorld } from '../support/saved-reports';
import { inSchool } from '@/db/scoped';
import { auditLog, schools } from '@/db/schema';
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
const { listSavedReports, publishSavedReport, regenerateSavedReport, saveReport } = await import('@/lib/reports');

const ROOT = 'haven.test';
withTestDatabase({ APP_ROOT_DOMAIN: ROOT });

const PASSWORD = 'Żółć garden 2026';
let w: SavedReportsWorld;
let published: string;
let unpublished: string;

const listing = (): ReportDefinition => ({
  ...byTutorGroup(),
  report: {
    type: 'listing',
    include: { basicData: true, incidents: true, actions: true, customFields: false },
    hideStudentNames: false,
    hideStaffNames: false,
  },
});

const shown = (ctx: UserCtx) => ({
  source: ctx.school.settings.nameSource,
  order: ctx.school.settings.nameOrder,
  hidden: false,
});

const save = (ctx: UserCtx, title: string) =>
  saveReport(ctx, { title, expiry: '1-year', definition: listing(), submissionKey: randomUUID() }).then(
    (r) => r.reportId,
  );

function from(school: School, who: keyof SavedReportsWorld['tokens']) {
  const host = `${school.slug}.${ROOT}`;
  request.headers = new Headers({ host, origin: `https://${host}` });
  request.cookies = new Map([[SESSION_COOKIE, w.tokens[who]]]);
}

const params = (reportId: string) => ({ params: Promise.resolve({ reportId }) });
const excelGet = (school: School, id: string) =>
  excel.GET(new Request(`https://${school.slug}.${ROOT}/reporting/saved/${id}/excel`), params(id));
function pdfPost(school: School, id: string, password: string) {
  const body = new FormData();
  body.set('pdfPassword', password);
  return pdf.POST(
    new NextRequest(`https://${school.slug}.${ROOT}/reporting/saved/${id}/pdf`, {
      method: 'POST',
      body,
      headers: { origin: `https://${school.slug}.${ROOT}` },
    }),
    params(id),
  );
}

const auditOf = async (action: 'report.run' | 'report.export', id: string) =>
  (
    await inSchool(w.a.id, (tx) =>
      tx
        .select({ details: auditLog.details, actor: auditLog.actorUserId })
        .from(auditLog)
        .where(and(eq(auditLog.schoolId, w.a.id), eq(auditLog.action, action))),
    )
  ).filter((r) => (r.details as { savedReportId?: string }).savedReportId === id);

/** Each card's pupil and text, as the person regenerating it sees them. */
async function regenerated(ctx: UserCtx, id: string) {
  const { run, listing: l } = await regenerateSavedReport(ctx, id, undefined, shown(ctx));
  expect(run).toBeNull();
  return l!.cards.map((c) => [c.pupil, (c.text ?? []).map((p) => p.text).join('')]);
}

beforeAll(async () => {
  w = await savedReportsWorld('savedlist');
  // The routes read the school afresh: Year 8's restriction is the school's setting.
  await inSchool(w.a.id, (tx) =>
    tx
      .update(schools)
      .set({ settings: { ...w.a.settings, classRestrictions: 'year' } })
      .where(eq(schools.id, w.a.id)),
  );
  published = await save(w.dsl, 'Every incident — case review');
  await publishSavedReport(w.dsl, published, true);
  unpublished = await save(w.dsl, 'My own listing');
});

describe('a saved listing', () => {
  it('is listed as a Listing and regenerates as each viewer may see it', async () => {
    const mine = await listSavedReports(w.dsl);
    expect(mine.find((r) => r.id === published)).toMatchObject({ typeLabel: 'Listing', published: true });
    expect((await listSavedReports(w.pastoral)).map((r) => r.id)).toEqual([published]);

    expect(await regenerated(w.dsl, published)).toEqual([
      ['Ann Ashe', 'About 2026-03-02T10:00.'],
      ['Cal Cole', 'About 2026-03-03T10:00.'],
      ['Dan Dee', 'About 2026-03-04T10:00.'],
      ['Dan Dee', 'About 2026-03-05T10:00.'],
      ['Eve Eng', 'About 2026-03-06T10:00.'],
    ]);
    // Lacking Child Protection: Eve's incident is neither listed nor counted.
    const pastoral = await regenerateSavedReport(w.pastoral, published, undefined, shown(w.pastoral));
    expect(pastoral.listing!.total).toBe(4);
    expect(JSON.stringify(pastoral.listing)).not.toMatch(/\bEve\b|2026-03-06/);
    // Restricted to Year 8, and lacking Child Protection.
    expect(await regenerated(w.year8, published)).toEqual([
      ['Cal Cole', 'About 2026-03-03T10:00.'],
      ['Dan Dee', 'About 2026-03-04T10:00.'],
      ['Dan Dee', 'About 2026-03-05T10:00.'],
    ]);
    expect((await auditOf('report.run', published)).map((r) => r.actor)).toEqual([
      w.ids.dsl,
      w.ids.pastoral,
      w.ids.year8,
    ]);
  });

  it('downloads as Excel with the downloader’s rows, audited naming the saved report', async () => {
    from(w.a, 'year8');
    const res = await excelGet(w.a, published);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/filename="incident-listing-[\d-]+\.xlsx"/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const rows: unknown[][] = [];
    book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(['Every incident — case review']);
    expect(rows).toContainEqual(['Report', 'Incident listing']);
    const incidents = rows.filter((r) => r[1] === 'Incident').map((r) => [r[3], r.at(-1)]);
    expect(incidents).toEqual(await regenerated(w.year8, published));
    expect((await auditOf('report.export', published)).at(-1)).toMatchObject({
      actor: w.ids.year8,
      details: { format: 'xlsx', savedReportId: published },
    });
  });

  it('downloads as a password PDF holding only what the downloader may see', async () => {
    // Through the routes the school's year restriction applies: Year 8 only, and no Child Protection.
    from(w.a, 'year8');
    const res = await pdfPost(w.a, published, PASSWORD);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(qpdfFacts(bytes, PASSWORD)).toMatchObject({ requiresPassword: true });
    const shownText = pdfText(bytes, { password: PASSWORD });
    expect(shownText).toContain('Every incident — case review');
    expect(shownText).toContain('About 2026-03-05T10:00.');
    expect(shownText).toContain('3 incidents');
    expect(shownText).not.toMatch(/\bAnn\b|2026-03-02|\bEve\b|2026-03-06/);
    expect((await auditOf('report.export', published)).at(-1)).toMatchObject({
      actor: w.ids.year8,
      details: { format: 'pdf' },
    });
  });

  it('is refused to another school, a colleague for an unpublished one and a teacher: no file, no audit row', async () => {
    const before = [
      (await auditOf('report.export', published)).length,
      (await auditOf('report.export', unpublished)).length,
    ];
    from(w.b, 'dslB');
    expect((await excelGet(w.b, published)).status).toBe(404);
    from(w.a, 'pastoral');
    expect((await excelGet(w.a, unpublished)).status).toBe(404);
    expect((await pdfPost(w.a, unpublished, '')).status).toBe(404);
    from(w.a, 'teacher');
    expect((await excelGet(w.a, published)).status).toBe(403);
    const after = [
      (await auditOf('report.export', published)).length,
      (await auditOf('report.export', unpublished)).length,
    ];
    expect(after).toEqual(before);
  });
});
