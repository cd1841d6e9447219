/**
 * Saved reports against a real database: a definition saved under a title
 * (never its results), listed for its owner and, once published, for the
 * school's other report runners; regenerated as whoever opens it — a
 * Year-8-restricted key holder counts only Year 8, a group without Child
 * Protection counts none of it and never sees it named; only the owner
 * publishes, changes the expiry or deletes; another school's report and
 * someone else's unpublished one are missing; teachers and key holders
 * without their key are refused; expired reports vanish and the idle-cleanup
 * job removes them; a stored version-1 definition still runs. Every change is
 * audited.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { byTutorGroup, savedReportsWorld, type SavedReportsWorld } from '../support/saved-reports';
import { privileged } from '@/db/privileged';
import { inSchool } from '@/db/scoped';
import { auditLog, savedReports } from '@/db/schema';
import { NotAllowedError, NotFoundError } from '@/lib/errors';
import { runJob } from '@/lib/jobs/run-job';
import {
  ELEVATE_FOR_REPORTS,
  OWNER_ONLY,
  UNREADABLE,
  changeSavedReportExpiry,
  deleteSavedReport,
  getSavedReportToManage,
  listSavedReports,
  publishSavedReport,
  regenerateSavedReport,
  saveReport,
  type ExpiryChoice,
  type ReportDefinition,
} from '@/lib/reports';
import type { UserCtx } from '@/lib/tenancy/context';

withTestDatabase();

let w: SavedReportsWorld;
let dslNoKey: UserCtx;

beforeAll(async () => {
  w = await savedReportsWorld('saved');
  dslNoKey = { ...w.dsl, user: { ...w.dsl.user, elevated: false } } as UserCtx;
});

const save = (
  ctx: UserCtx,
  title: string,
  definition: ReportDefinition = byTutorGroup(),
  expiry: ExpiryChoice = '1-year',
  now?: Date,
) => saveReport(ctx, { title, expiry, definition, submissionKey: randomUUID() }, now).then((r) => r.reportId);

const rowsOf = async (ctx: UserCtx, id: string) => {
  const run = (await regenerateSavedReport(ctx, id)).run!;
  return { rows: run.table.rows.map((r) => [r.label, r.total]), total: run.table.total };
};

const stored = async (id: string) =>
  (await inSchool(w.a.id, (tx) => tx.select().from(savedReports).where(eq(savedReports.id, id))))[0];

const auditOf = (id: string) =>
  inSchool(w.a.id, (tx) =>
    tx
      .select({ action: auditLog.action, actor: auditLog.actorUserId, details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.schoolId, w.a.id), eq(auditLog.entityType, 'saved_report'), eq(auditLog.entityId, id))),
  );

const runsOf = async (id: string) =>
  (
    await inSchool(w.a.id, (tx) =>
      tx
        .select({ actor: auditLog.actorUserId, details: auditLog.details })
        .from(auditLog)
        .where(and(eq(auditLog.schoolId, w.a.id), eq(auditLog.action, 'report.run'))),
    )
  ).filter((r) => (r.details as { savedReportId?: string }).savedReportId === id);

describe('saving', () => {
  it('stores the title, the definition and its expiry, unpublished and owned, with no result in it', async () => {
    const at = new Date('2026-01-31T09:00:00Z');
    const id = await save(w.dsl, '  Behaviour by tutor group  ', byTutorGroup(), '1-month', at);
    const row = await stored(id);
    expect(row).toMatchObject({
      schoolId: w.a.id,
      ownerId: w.ids.dsl,
      title: 'Behaviour by tutor group',
      definition: byTutorGroup(),
      published: false,
      createdAt: at,
      // A month after 31 January is the last day of February.
      expiresAt: new Date('2026-02-28T09:00:00Z'),
      deletedAt: null,
    });
    expect(JSON.stringify(row!.definition)).not.toMatch(/Ann|Ashe|8A|total/);
    expect(await auditOf(id)).toEqual([
      {
        action: 'report.saved',
        actor: w.ids.dsl,
        details: {
          title: 'Behaviour by tutor group',
          definition: byTutorGroup(),
          expiresAt: '2026-02-28T09:00:00.000Z',
        },
      },
    ]);
    const never = await save(w.dsl, 'Kept', byTutorGroup(), 'never');
    expect((await stored(never))!.expiresAt).toBeNull();
  });

  it('a doubled submission (the same form key) saves once', async () => {
    const submissionKey = randomUUID();
    const data = { title: 'Twice clicked', expiry: '1-year' as const, definition: byTutorGroup(), submissionKey };
    const [first, second] = await Promise.all([saveReport(w.dsl, data), saveReport(w.dsl, data)]);
    expect(second).toEqual(first);
    const rows = await inSchool(w.a.id, (tx) =>
      tx.select({ id: savedReports.id }).from(savedReports).where(eq(savedReports.title, 'Twice clicked')),
    );
    expect(rows).toHaveLength(1);
  });

  it('refuses a teacher and a key holder without their key, saving nothing; refuses a definition that is not one', async () => {
    await expect(save(w.teacher, 'Not mine to save')).rejects.toBeInstanceOf(NotAllowedError);
    await expect(save(dslNoKey, 'No key')).rejects.toThrow(ELEVATE_FOR_REPORTS);
    const bad = { ...byTutorGroup(), report: { type: 'pie' } } as unknown as ReportDefinition;
    await expect(save(w.dsl, 'Bad', bad)).rejects.toThrow();
    const rows = await inSchool(w.a.id, (tx) => tx.select({ title: savedReports.title }).from(savedReports));
    expect(rows.map((r) => r.title)).not.toEqual(expect.arrayContaining(['Not mine to save', 'No key', 'Bad']));
  });
});

describe('who sees and runs a saved report', () => {
  it('lists the owner’s own; another key holder sees it only once published, and then runs it as themselves', async () => {
    const id = await save(w.dsl, 'Incidents by tutor group');
    expect((await listSavedReports(w.dsl)).find((r) => r.id === id)).toMatchObject({
      title: 'Incidents by tutor group',
      ownerName: 'Dana Shaw',
      mayManage: true,
      published: false,
      typeLabel: 'Summary table',
    });
    expect((await listSavedReports(w.pastoral)).map((r) => r.id)).not.toContain(id);
    await expect(regenerateSavedReport(w.pastoral, id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(publishSavedReport(w.pastoral, id, true)).rejects.toBeInstanceOf(NotFoundError);

    expect(await rowsOf(w.dsl, id)).toEqual({
      rows: [
        ['7A', 1],
        ['8A', 2],
        ['8B', 2],
      ],
      total: 5,
    });
    await publishSavedReport(w.dsl, id, true);
    expect((await listSavedReports(w.pastoral)).find((r) => r.id === id)).toMatchObject({
      ownerName: 'Dana Shaw',
      mayManage: false,
      published: true,
    });
    // Pastoral cannot view Child Protection: Eve's incident in 8A is not counted for them.
    expect(await rowsOf(w.pastoral, id)).toEqual({
      rows: [
        ['7A', 1],
        ['8A', 1],
        ['8B', 2],
      ],
      total: 4,
    });
    // Restricted to Year 8 as well: only Year 8's tutor groups.
    expect(await rowsOf(w.year8, id)).toEqual({
      rows: [
        ['8A', 1],
        ['8B', 2],
      ],
      total: 3,
    });
    const runs = await runsOf(id);
    expect(runs.map((r) => r.actor).sort()).toEqual([w.ids.dsl, w.ids.pastoral, w.ids.year8].sort());
    expect(runs[0]!.details).toMatchObject({ savedReportId: id, definition: byTutorGroup() });
  });

  it('a published report cannot be changed or deleted by anyone but its owner', async () => {
    const id = await save(w.dsl, 'Shared, not theirs');
    await publishSavedReport(w.dsl, id, true);
    const before = await stored(id);
    await expect(publishSavedReport(w.pastoral, id, false)).rejects.toThrow(OWNER_ONLY);
    await expect(changeSavedReportExpiry(w.pastoral, id, 'never')).rejects.toThrow(OWNER_ONLY);
    await expect(deleteSavedReport(w.pastoral, id)).rejects.toThrow(OWNER_ONLY);
    await expect(getSavedReportToManage(w.pastoral, id)).rejects.toThrow(OWNER_ONLY);
    expect(await stored(id)).toEqual(before);
    expect((await auditOf(id)).map((r) => r.action)).toEqual(['report.saved', 'report.published']);
  });

  it('a category the runner may not view counts nothing and is never named', async () => {
    const cp = byTutorGroup({ categories: { match: 'any', ids: [w.cat['Child Protection']!] } });
    const byCategory: ReportDefinition = {
      ...cp,
      report: { type: 'summary-table', primary: { by: 'category' }, secondary: null },
    };
    const id = await save(w.dsl, 'Child Protection by category', byCategory);
    await publishSavedReport(w.dsl, id, true);
    expect(await rowsOf(w.dsl, id)).toEqual({ rows: [['Child Protection', 1]], total: 1 });
    const run = (await regenerateSavedReport(w.pastoral, id)).run!;
    expect(run.table).toMatchObject({ rows: [], total: 0 });
    expect(JSON.stringify(run.table)).not.toContain('Child Protection');
  });

  it('a saved summary chart regenerates as a chart of the viewer’s own counts', async () => {
    const chart: ReportDefinition = {
      ...byTutorGroup(),
      report: {
        type: 'summary-chart',
        chart: 'column',
        values: 'counts',
        series: 'stacked',
        primary: { by: 'category' },
        secondary: null,
      },
    };
    const id = await save(w.dsl, 'All incidents by category, as columns', chart);
    await publishSavedReport(w.dsl, id, true);
    const run = (await regenerateSavedReport(w.dsl, id)).run!;
    expect(run.chart).toMatchObject({ kind: 'column', unit: 'count' });
    expect(run.chart!.labels).toEqual(run.table.rows.map((r) => r.label));
    expect(run.chart!.labels).toContain('Child Protection');
    // The same report for someone without Child Protection: neither its bar nor its name.
    const theirs = await regenerateSavedReport(w.pastoral, id);
    expect(theirs.run!.chart!.labels).not.toContain('Child Protection');
    expect(JSON.stringify(theirs.run!.chart)).not.toContain('Child Protection');
  });

  it('another school’s report is missing for every action, and is left as it was', async () => {
    const id = await save(w.dsl, 'School A only');
    await publishSavedReport(w.dsl, id, true);
    const before = await stored(id);
    expect((await listSavedReports(w.dslB)).map((r) => r.id)).not.toContain(id);
    // One at a time: each call starts only when the one before has been answered, so no refusal goes unheard.
    for (const attempt of [
      () => regenerateSavedReport(w.dslB, id),
      () => getSavedReportToManage(w.dslB, id),
      () => publishSavedReport(w.dslB, id, false),
      () => changeSavedReportExpiry(w.dslB, id, 'never'),
      () => deleteSavedReport(w.dslB, id),
      () => regenerateSavedReport(w.dsl, randomUUID()),
      () => regenerateSavedReport(w.dsl, 'not-an-id'),
    ]) {
      await expect(attempt()).rejects.toBeInstanceOf(NotFoundError);
    }
    expect(await stored(id)).toEqual(before);
  });

  it('teachers and key holders without their key are refused everything', async () => {
    const id = await save(w.dsl, 'Refusals');
    await publishSavedReport(w.dsl, id, true);
    for (const attempt of [
      () => listSavedReports(w.teacher),
      () => regenerateSavedReport(w.teacher, id),
      () => publishSavedReport(w.teacher, id, false),
      () => deleteSavedReport(w.teacher, id),
    ]) {
      await expect(attempt()).rejects.toBeInstanceOf(NotAllowedError);
    }
    await expect(regenerateSavedReport(dslNoKey, id)).rejects.toThrow(ELEVATE_FOR_REPORTS);
    await expect(deleteSavedReport(dslNoKey, id)).rejects.toThrow(ELEVATE_FOR_REPORTS);
    expect(await runsOf(id)).toEqual([]);
    expect((await stored(id))!.deletedAt).toBeNull();
  });
});

describe('the owner’s changes', () => {
  it('publish, unpublish, change expiry and delete, each audited; a deleted report is gone for everyone', async () => {
    const now = new Date('2026-06-01T08:00:00Z');
    const id = await save(w.dsl, 'Changes');
    await publishSavedReport(w.dsl, id, true);
    await publishSavedReport(w.dsl, id, false);
    await changeSavedReportExpiry(w.dsl, id, '6-months', now);
    expect((await stored(id))!.expiresAt).toEqual(new Date('2026-12-01T08:00:00Z'));
    await changeSavedReportExpiry(w.dsl, id, 'never', now);
    expect((await stored(id))!.expiresAt).toBeNull();
    await publishSavedReport(w.dsl, id, true);
    await deleteSavedReport(w.dsl, id);
    expect((await stored(id))!.deletedAt).not.toBeNull();
    expect((await auditOf(id)).map((r) => [r.action, r.actor])).toEqual([
      ['report.saved', w.ids.dsl],
      ['report.published', w.ids.dsl],
      ['report.unpublished', w.ids.dsl],
      ['report.expiry_changed', w.ids.dsl],
      ['report.expiry_changed', w.ids.dsl],
      ['report.published', w.ids.dsl],
      ['report.deleted', w.ids.dsl],
    ]);
    for (const ctx of [w.dsl, w.pastoral]) {
      expect((await listSavedReports(ctx)).map((r) => r.id)).not.toContain(id);
      await expect(regenerateSavedReport(ctx, id)).rejects.toBeInstanceOf(NotFoundError);
    }
    await expect(deleteSavedReport(w.dsl, id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('expiry and old definitions', () => {
  it('an expired report vanishes from lists and Regenerate, and the idle-cleanup job removes it and deleted ones', async () => {
    const twoYearsAgo = new Date(Date.now() - 2 * 365 * 86_400_000);
    const expired = await save(w.dsl, 'Long expired', byTutorGroup(), '1-year', twoYearsAgo);
    await expect(publishSavedReport(w.dsl, expired, true)).rejects.toBeInstanceOf(NotFoundError);
    const kept = await save(w.dsl, 'Still here', byTutorGroup(), '1-month');
    const deleted = await save(w.dsl, 'Deleted', byTutorGroup(), 'never');
    await deleteSavedReport(w.dsl, deleted);
    expect((await listSavedReports(w.dsl)).map((r) => r.id)).not.toContain(expired);
    await expect(regenerateSavedReport(w.dsl, expired)).rejects.toBeInstanceOf(NotFoundError);
    await expect(changeSavedReportExpiry(w.dsl, expired, 'never')).rejects.toBeInstanceOf(NotFoundError);

    const result = await runJob('idle-cleanup', { trigger: 'test' });
    expect(Number(result!.savedReportsDeleted)).toBeGreaterThanOrEqual(2);
    const left = await privileged('job', 'test', (tx) => tx.select({ id: savedReports.id }).from(savedReports));
    const ids = left.map((r) => r.id);
    expect(ids).toContain(kept);
    expect(ids).not.toContain(expired);
    expect(ids).not.toContain(deleted);
    // The audit log keeps the history of a removed report.
    expect((await auditOf(deleted)).map((r) => r.action)).toEqual(['report.saved', 'report.deleted']);
  });

  it('a version 1 definition stored as JSON is read and regenerated; one it cannot read says so and runs nothing', async () => {
    const id = randomUUID();
    const unreadable = randomUUID();
    const version1 = JSON.parse(
      '{"version":1,"subject":"incidents","filters":{"dates":{"kind":"any"},"categories":{"match":"any","ids":[]},"status":"any","recordedBy":{"mode":"only","ids":[]}},"report":{"type":"summary-table","primary":{"by":"year-group"},"secondary":null}}',
    ) as Record<string, unknown>;
    await inSchool(w.a.id, (tx) =>
      tx.insert(savedReports).values([
        { schoolId: w.a.id, id, ownerId: w.ids.dsl, title: 'Stored long ago', definition: version1 },
        { schoolId: w.a.id, id: unreadable, ownerId: w.ids.dsl, title: 'From the future', definition: { version: 99 } },
      ]),
    );
    expect(await rowsOf(w.dsl, id)).toEqual({
      rows: [
        ['Year 7', 1],
        ['Year 8', 4],
      ],
      total: 5,
    });
    const list = await listSavedReports(w.dsl);
    expect(list.find((r) => r.id === unreadable)).toMatchObject({ typeLabel: 'Cannot be read', mayManage: true });
    await expect(regenerateSavedReport(w.dsl, unreadable)).rejects.toThrow(UNREADABLE);
    expect(await runsOf(unreadable)).toEqual([]);
  });
});
