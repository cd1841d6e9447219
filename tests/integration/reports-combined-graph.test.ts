/**
 * The combined graph counted by the report engine: its columns are the
 * summary table's totals and its lines the table's cells for the same two
 * groupings (one statement, so chart and table always agree); a runner
 * whose group cannot view a category gets no line for it and no count of
 * its incidents; a class-restricted runner sees only their class. Its files
 * say the same: the Excel sheet is the table, and the PDF names every line
 * in its key and is drawn without an image.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { pdfFacts, pdfText } from '../support/pdf';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { categories, classRestrictionMembers, userGroups } from '@/db/schema';
import { createIncident } from '@/lib/incidents/create';
import { DEFAULT_USER_GROUPS } from '@/lib/schools/defaults';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { downloadReportPdf, downloadReportXlsx, runReport, type ReportDefinition } from '@/lib/reports';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const NOW = new Date('2026-06-01T12:00:00Z');
let a: School;
let dsl: UserCtx;
let pastoralId: string;
let cat: Record<string, string>;

const filters: ReportDefinition['filters'] = {
  dates: { kind: 'any' },
  categories: { match: 'any', ids: [] },
  status: 'any',
  recordedBy: { mode: 'only', ids: [] },
};
const combined = (values: 'counts' | 'percentages' = 'counts'): ReportDefinition => ({
  version: 1,
  subject: 'incidents',
  filters,
  report: { type: 'combined-graph', values, primary: { by: 'month' }, secondary: { by: 'category' } },
});
const summary: ReportDefinition = {
  version: 1,
  subject: 'incidents',
  filters,
  report: { type: 'summary-table', primary: { by: 'month' }, secondary: { by: 'category' } },
};

/** What the chart draws, as the reader reads it: the columns' groups and values, and each line. */
async function graphOf(ctx: UserCtx, def: ReportDefinition = combined()) {
  const { chart } = await runReport(ctx, def);
  return {
    labels: chart!.labels,
    columns: chart!.series.map((s) => s.values),
    lines: Object.fromEntries((chart!.lines ?? []).map((l) => [l.label, l.values])),
  };
}

/** The same from the summary table of the same groupings. */
async function tableAsGraph(ctx: UserCtx) {
  const { table, chart } = await runReport(ctx, summary);
  expect(chart).toBeNull();
  return {
    labels: table.rows.map((r) => r.label),
    columns: [table.rows.map((r) => r.total)],
    lines: Object.fromEntries(table.columns.map((c, i) => [c.label, table.rows.map((r) => r.cells[i] ?? 0)])),
  };
}

beforeAll(async () => {
  a = await makeSchool('reports-combined');
  await inSchool(a.id, (tx) =>
    tx
      .update(userGroups)
      .set({ permissions: [...DEFAULT_USER_GROUPS.find((g) => g.name === 'Pastoral')!.permissions, 'reports.run'] })
      .where(and(eq(userGroups.schoolId, a.id), eq(userGroups.name, 'Pastoral'))),
  );
  const dslId = await makeUser({
    email: 'dsl@rcg.example.org',
    displayName: 'Dee Lead',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  pastoralId = await makeUser({
    email: 'hoy@rcg.example.org',
    displayName: 'Hal Year',
    memberships: { [a.slug]: 'Pastoral' },
    totpSecret: SECRET,
  });
  dsl = (await signedIn(a, dslId, { elevated: true })).ctx;
  const rows = await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories));
  cat = Object.fromEntries(rows.map((r) => [r.name, r.id]));
  const [ann, ben] = (await addPupils(a.id, [
    { legalForename: 'Ann', legalSurname: 'Ashe', tutorGroup: '7A' },
    { legalForename: 'Ben', legalSurname: 'Bell', tutorGroup: '7B' },
  ])) as [string, string];
  const add = (studentId: string, names: string[], occurredAt: string) =>
    createIncident(
      dsl,
      { studentId, text: `About ${occurredAt}.`, categoryIds: names.map((n) => cat[n]!).join(','), occurredAt },
      NOW,
    );
  await add(ann, ['Behaviour'], '2026-03-02T10:00');
  await add(ann, ['Behaviour', 'Bullying'], '2026-03-10T10:00');
  await add(ben, ['Child Protection'], '2026-03-12T10:00');
  await add(ben, ['Bullying'], '2026-04-01T10:00');
  await add(ann, ['Child Protection', 'Behaviour'], '2026-05-02T10:00');
});

describe('the combined graph’s numbers', () => {
  it('the columns are the summary table’s totals and the lines its cells, for the same groupings', async () => {
    const graph = await graphOf(dsl);
    expect(graph).toEqual(await tableAsGraph(dsl));
    expect(graph).toEqual({
      labels: ['March 2026', 'April 2026', 'May 2026'],
      // An incident in two categories is one incident in its month's column.
      columns: [[3, 1, 1]],
      lines: { 'Child Protection': [1, 0, 1], Behaviour: [2, 0, 1], Bullying: [1, 1, 0] },
    });
  });

  it('as percentages, each series shared out along the months', async () => {
    expect(await graphOf(dsl, combined('percentages'))).toEqual({
      labels: ['March 2026', 'April 2026', 'May 2026'],
      columns: [[60, 20, 20]],
      lines: { 'Child Protection': [50, 0, 50], Behaviour: [66.7, 0, 33.3], Bullying: [50, 50, 0] },
    });
  });

  it('a runner lacking a category gets no line for it and none of its incidents in the columns', async () => {
    const pastoral = (await signedIn(a, pastoralId, { elevated: true })).ctx;
    const graph = await graphOf(pastoral);
    expect(graph).toEqual(await tableAsGraph(pastoral));
    expect(graph).toEqual({
      labels: ['March 2026', 'April 2026'],
      columns: [[2, 1]],
      lines: { Behaviour: [2, 0], Bullying: [1, 1] },
    });
  });

  it('a runner restricted to tutor group 7A sees only 7A’s incidents', async () => {
    await inSchool(a.id, (tx) =>
      tx
        .insert(classRestrictionMembers)
        .values({ id: randomUUID(), schoolId: a.id, groupKind: 'tutor', groupName: '7A', userId: pastoralId }),
    );
    const school = { ...a, settings: { ...a.settings, classRestrictions: 'tutor' as const } };
    const restricted = (await signedIn(school, pastoralId, { elevated: true })).ctx;
    const graph = await graphOf(restricted);
    expect(graph).toEqual(await tableAsGraph(restricted));
    expect(graph).toEqual({
      labels: ['March 2026'],
      columns: [[2]],
      lines: { Behaviour: [2], Bullying: [1] },
    });
  });

  it('a runner without the key is refused and nothing is counted', async () => {
    const unelevated = (await signedIn(a, pastoralId, { elevated: false })).ctx;
    await expect(runReport(unelevated, combined())).rejects.toThrow();
  });
});

const query = {
  range: 'any',
  primary: 'month',
  secondary: 'category',
  display: 'combined',
  values: 'counts',
};

async function bytesOf(body: ReadableStream<Uint8Array> | Uint8Array): Promise<Uint8Array> {
  return body instanceof Uint8Array ? body : new Uint8Array(await new Response(body).arrayBuffer());
}

describe('the combined graph’s files', () => {
  it('Excel: the sheet is the table, titled with what the lines are', async () => {
    const file = await downloadReportXlsx(dsl, query);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await bytesOf(file.body)) as unknown as ExcelJS.Buffer);
    const sheet = book.worksheets[0]!;
    const rows: unknown[][] = [];
    sheet.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows.flat()).toContain('Incidents by month and year, with a line per category');
    const head = rows.findIndex((r) => r[0] === 'Month and year / Category');
    expect(rows.slice(head, head + 5)).toEqual([
      ['Month and year / Category', 'Child Protection', 'Behaviour', 'Bullying', 'Total'],
      ['March 2026', 1, 2, 1, 3],
      ['April 2026', 0, 0, 1, 1],
      ['May 2026', 1, 1, 0, 1],
      ['Total', 2, 3, 2, 5],
    ]);
  });

  it('PDF: the key names the columns and every line, and the chart is vector, not an image', async () => {
    const file = await downloadReportPdf(dsl, query, '');
    const bytes = await bytesOf(file.body);
    const text = pdfText(bytes);
    expect(text).toContain('Incidents by month and year, with a line per category');
    expect(text).toContain('Month and year as columns, a line per category');
    for (const key of ['All incidents by month and year', 'Child Protection', 'Behaviour', 'Bullying'])
      expect(text).toContain(key);
    expect(pdfFacts(bytes).images).toBe(0);
  });
});
