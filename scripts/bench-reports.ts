/**
 * `npm run bench -- reports`: a summary table of incidents by category ×
 * month over a school's whole history (120,000 incidents over six years,
 * a third of them in two categories), run as its DSL through the report
 * engine (lib/reports runReport: the guard, the permission-scoped statement,
 * the table, the audit row), against the bare SQL statement that computes the
 * same numbers without any permission condition. Goals: under 500 ms, and
 * within 3× of the bare statement. The data is written with SQL, not the
 * services: the cases measure reading it, and building it through
 * createIncident would take most of an hour. ./bench-listing.ts adds the
 * listing's cases on the same school: its Excel listing of the whole
 * history, and one pupil's full chronology PDF; ./bench-students.ts the
 * Students subject's summary and listing.
 */
import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { privileged } from '@/db/privileged';
import { inSchool } from '@/db/scoped';
import { resolveSession, createSession } from '@/lib/auth/sessions';
import { runReport, type ReportDefinition } from '@/lib/reports';
import { findSchoolBySlug } from '@/lib/schools/queries';
import { createSchool } from '@/lib/schools/service';
import type { UserCtx } from '@/lib/tenancy/context';
import { makeCtx } from '@/lib/tenancy/make-ctx';
import { provisionUser } from '@/lib/users/provision';
import { chronologyPdfCase, excelListingCase, type OnceResult } from './bench-listing';
import { studentsCases } from './bench-students';

type Measure = (name: string, runs: number, fn: () => Promise<number | null>, note?: string) => Promise<OnceResult>;

export const REPORT_INCIDENTS = 120_000;
const PUPILS = 1_500;
const YEARS = 6;
/** The chronology pupil's record, on top of the history: the listing PDF's goal. */
const CHRONOLOGY_INCIDENTS = 500;
const ACTIONS_EACH = 3;
/** A concern as a teacher writes one, naming the pupil (for hide names to replace) and a member of staff. */
const CHRONOLOGY_TEXT =
  'Pupil said at break that things at home have been difficult since the weekend. Number was quiet in class ' +
  'and did not want to go home at the end of the day. Ms Patel spoke with Pupil Number privately; Pupil asked ' +
  'that nobody tell the family yet. Recorded as said, and passed to the DSL the same morning.';

/** bench.ts's measurePair: the two run in turn, so drift in the machine's load falls on both alike. */
type MeasurePair = (
  names: readonly [string, string],
  runs: number,
  fns: readonly [() => Promise<number | null>, () => Promise<number | null>],
) => Promise<[{ medianMs: number; note?: string }, { medianMs: number; note?: string }]>;

const BY_CATEGORY_AND_MONTH: ReportDefinition = {
  version: 1,
  subject: 'incidents',
  filters: {
    dates: { kind: 'any' },
    categories: { match: 'any', ids: [] },
    status: 'any',
    recordedBy: { mode: 'only', ids: [] },
  },
  report: { type: 'summary-table', primary: { by: 'category' }, secondary: { by: 'month' } },
};

/**
 * A school with pupils in 50 tutor groups and REPORT_INCIDENTS incidents in
 * its live categories, plus one pupil's chronology of CHRONOLOGY_INCIDENTS
 * incidents with ACTIONS_EACH actions each.
 */
async function buildReportingSchool(
  slug: string,
): Promise<{ schoolId: string; ctx: UserCtx; token: string; chronologyPupilId: string; incidents: number }> {
  await migrateDatabase();
  await createSchool({ slug, name: 'Reporting Benchmark School' });
  const school = (await findSchoolBySlug(slug))!;
  const dslId = await provisionUser({
    email: `dsl@${slug}.bench.test`,
    displayName: 'Bench Lead',
    memberships: { [slug]: 'DSL' },
    totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  });
  const t = performance.now();
  await privileged('platform-console', 'benchmark data', async (tx) => {
    await tx.execute(sql`
      insert into students (id, school_id, mis_id, legal_forename, legal_surname, preferred_forename, preferred_surname,
                            date_of_birth, year_group, tutor_group, start_date, search_key, mis_row_hash)
      select gen_random_uuid(), ${school.id}::uuid, 'B' || g, 'Pupil', 'Number ' || g, 'Pupil', 'Number ' || g,
             date '2012-09-01' + (g % 1800), 'Year ' || (7 + g % 5), (7 + g % 5) || chr(65 + (g / 5) % 10),
             date '2020-09-01', 'pupil number ' || g, 'bench'
      from generate_series(1, ${PUPILS}) g`);
    // Incidents spread evenly over the years, each for a pupil, a few closed, a few training or deleted.
    await tx.execute(sql`
      with pupils as (select array_agg(id order by mis_id) as ids from students where school_id = ${school.id}::uuid)
      insert into incidents (school_id, id, number, record_id, student_id, role, text, occurred_at, status, author_id,
                             training, deleted_at, delete_reason)
      select ${school.id}::uuid, gen_random_uuid(), g, gen_random_uuid(), pupils.ids[1 + g % ${PUPILS}], 'subject',
             'Benchmark incident ' || g,
             now() - (${YEARS} * 365 * 86400 * (g::float8 / ${REPORT_INCIDENTS})) * interval '1 second',
             case when g % 4 = 0 then 'closed' else 'active' end, ${dslId}::uuid,
             g % 997 = 0, case when g % 499 = 0 then now() end, case when g % 499 = 0 then 'Recorded twice.' end
      from generate_series(1, ${REPORT_INCIDENTS}) g, pupils`);
    // The chronology pupil (the first): two years of concerns, each with its actions.
    await tx.execute(sql`
      with pupil as (select id from students where school_id = ${school.id}::uuid and mis_id = 'B1')
      insert into incidents (school_id, id, number, record_id, student_id, role, text, occurred_at, status, author_id)
      select ${school.id}::uuid, gen_random_uuid(), ${REPORT_INCIDENTS} + g, gen_random_uuid(), pupil.id, 'subject',
             ${CHRONOLOGY_TEXT} || ' (' || g || ')',
             now() - (2 * 365 * 86400 * (g::float8 / ${CHRONOLOGY_INCIDENTS})) * interval '1 second',
             case when g % 4 = 0 then 'active' else 'closed' end, ${dslId}::uuid
      from generate_series(1, ${CHRONOLOGY_INCIDENTS}) g, pupil`);
    await tx.execute(sql`
      insert into incident_actions (school_id, id, incident_id, text, occurred_at, author_id)
      select ${school.id}::uuid, gen_random_uuid(), i.id,
             'Spoke to the family and agreed next steps (' || k || ').', i.occurred_at + k * interval '1 hour',
             ${dslId}::uuid
      from incidents i, generate_series(1, ${ACTIONS_EACH}) k
      where i.school_id = ${school.id}::uuid and i.number > ${REPORT_INCIDENTS}`);
    // One category each from the school's live ones, and a second for every third incident.
    await tx.execute(sql`
      with cats as (
        select array_agg(id order by sort_order, id) as ids, count(*)::int as n
        from categories where school_id = ${school.id}::uuid and archived_at is null and merged_into_id is null
      ), numbered as (select id, number from incidents where school_id = ${school.id}::uuid)
      insert into incident_categories (school_id, incident_id, category_id)
      select ${school.id}::uuid, numbered.id, cats.ids[1 + numbered.number % cats.n] from numbered, cats
      union all
      select ${school.id}::uuid, numbered.id, cats.ids[1 + (numbered.number * 7 + 3) % cats.n]
      from numbered, cats
      where numbered.number % 3 = 0 and (numbered.number * 7 + 3) % cats.n <> numbered.number % cats.n`);
    await tx.execute(sql`analyze students`);
    await tx.execute(sql`analyze incidents`);
    await tx.execute(sql`analyze incident_categories`);
    await tx.execute(sql`analyze incident_actions`);
  });
  console.log(
    `  wrote ${PUPILS} pupils and ${REPORT_INCIDENTS} incidents over ${YEARS} years in ${Math.round(performance.now() - t)} ms`,
  );
  const { token } = await inSchool(school.id, (tx) =>
    createSession(tx, {
      schoolId: school.id,
      userId: dslId,
      meta: { ip: '127.0.0.1', userAgent: 'bench' },
      now: new Date(),
      elevatedWith: 'totp',
    }),
  );
  const user = await resolveSession(school.id, token, new Date());
  if (!user) throw new Error('bench session did not resolve');
  const [pupil] = await privileged('platform-console', 'benchmark data', (tx) =>
    tx.execute(sql`select id from students where school_id = ${school.id}::uuid and mis_id = 'B1'`),
  ).then((r) => (r as unknown as { rows: { id: string }[] }).rows);
  return {
    schoolId: school.id,
    ctx: makeCtx(school, user, { ip: '127.0.0.1', userAgent: 'bench' }) as UserCtx,
    token,
    chronologyPupilId: pupil!.id,
    incidents: REPORT_INCIDENTS + CHRONOLOGY_INCIDENTS,
  };
}

/**
 * The same numbers with no permission condition: live, not merged away, not
 * training, per live category × the month in the school's zone, counting
 * distinct incidents over the same grouping sets. Run as the owner (no
 * row-level security), so it is the floor the engine is measured against.
 */
function bareStatement(schoolId: string, timeZone: string) {
  return sql`
    select r.category_id, r.month, count(distinct r.incident_id)::int as n,
           grouping(r.category_id) as gc, grouping(r.month) as gm
    from (
      select i.id as incident_id, l.category_id, to_char(i.occurred_at at time zone ${timeZone}, 'YYYY-MM') as month
      from incidents i
      join incident_categories l on l.school_id = i.school_id and l.incident_id = i.id and l.removed_at is null
      where i.school_id = ${schoolId}::uuid and i.deleted_at is null and i.merged_into_id is null and not i.training
    ) r
    group by grouping sets ((r.category_id, r.month), (r.category_id), (r.month), ())`;
}

export async function reportCases(
  slug: string,
  measurePair: MeasurePair,
  measure: Measure,
  record: (r: OnceResult) => void,
): Promise<void> {
  const { schoolId, ctx, token, chronologyPupilId, incidents } = await buildReportingSchool(slug);
  const timeZone = ctx.school.timeZone;
  let engineTotal = 0;
  let bareTotal = 0;
  const [engine, bare] = await measurePair(
    [
      'report: incidents by category × month, whole history (engine, DSL)',
      'report: the same numbers, bare SQL (owner, no permissions)',
    ],
    15,
    [
      async () => {
        const { table } = await runReport(ctx, BY_CATEGORY_AND_MONTH);
        engineTotal = table.total;
        return table.rows.length * (table.columns.length + 1);
      },
      async () => {
        const db = await getDb();
        const res = (await db.execute(bareStatement(schoolId, timeZone))) as unknown as {
          rows: { n: number; gc: number; gm: number }[];
        };
        bareTotal = res.rows.find((r) => Number(r.gc) === 1 && Number(r.gm) === 1)?.n ?? -1;
        return res.rows.length;
      },
    ],
  );
  if (engineTotal !== Number(bareTotal))
    throw new Error(`the engine counted ${engineTotal} incidents, the bare statement ${bareTotal}`);
  const ratio = Math.round((engine.medianMs / bare.medianMs) * 100) / 100;
  engine.note = `${engineTotal} incidents; ${ratio}× the bare statement (goals: < 500 ms, < 3×)`;
  bare.note = `${bareTotal} incidents`;
  console.log(`  ${engine.note}`);
  await chronologyPdfCase(ctx, chronologyPupilId, measure);
  await excelListingCase(ctx, incidents, token, record);
  await studentsCases(ctx, schoolId, measure, measurePair, record);
}
