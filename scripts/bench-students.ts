/**
 * The Students subject's benchmarks, on the reporting school of
 * ./bench-reports.ts (1,500 pupils, each with two contacts written here, and
 * 120,500 incidents): the summary as the Custom report page runs it (guard,
 * form, choices, statement, table, audit row), every pupil and "students
 * with incidents matching" over the whole history, the latter against the
 * bare statement that counts the same pupils without any permission
 * condition; then the listing's enquiry view and its Excel file of every
 * pupil with basic data and contacts, streamed, with the peak memory. Goals
 * are the for summaries (< 500 ms, < 3× the bare statement) and
 * listings (< 20 s, < 512 MB).
 */
import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { privileged } from '@/db/privileged';
import { downloadReportXlsx, getCustomReportPage } from '@/lib/reports';
import { DEFAULT_NAME_STYLE } from '@/lib/students/names';
import type { UserCtx } from '@/lib/tenancy/context';
import { drain, withPeakMemory, type OnceResult } from './bench-listing';

type Measure = (name: string, runs: number, fn: () => Promise<number | null>, note?: string) => Promise<OnceResult>;
type MeasurePair = (
  names: readonly [string, string],
  runs: number,
  fns: readonly [() => Promise<number | null>, () => Promise<number | null>],
) => Promise<[{ medianMs: number; note?: string }, { medianMs: number; note?: string }]>;

const MB = 1024 * 1024;

/** Two contacts for every pupil, as an MIS extract gives them. */
async function addContacts(schoolId: string): Promise<void> {
  await privileged('platform-console', 'benchmark data', (tx) =>
    tx.execute(sql`
      insert into student_contacts (school_id, id, student_id, source, mis_contact_id, title, forename, surname,
                                    relationship, priority, parental_responsibility, lives_with_student, mobile, email)
      select s.school_id, gen_random_uuid(), s.id, 'mis', s.mis_id || '-' || k, case k when 1 then 'Mrs' else 'Mr' end,
             case k when 1 then 'Parent' else 'Carer' end, s.legal_surname, case k when 1 then 'Mother' else 'Father' end,
             k, true, k = 1, '07700 900' || lpad((k * 100 + 1)::text, 3, '0'), 'contact' || k || '@example.org'
      from students s, generate_series(1, 2) k
      where s.school_id = ${schoolId}::uuid`),
  );
}

/** The pupils with at least one live, non-training incident, by tutor group: no permission condition, as the owner. */
function bareWithIncidents(schoolId: string) {
  return sql`
    select s.tutor_group, count(*)::int as n, grouping(s.tutor_group) as g
    from students s
    where s.school_id = ${schoolId}::uuid and s.archived_at is null
      and exists (select 1 from incidents i where i.school_id = s.school_id and i.student_id = s.id
                  and i.deleted_at is null and i.merged_into_id is null and not i.training)
    group by grouping sets ((s.tutor_group), ())`;
}

export async function studentsCases(
  ctx: UserCtx,
  schoolId: string,
  measure: Measure,
  measurePair: MeasurePair,
  record: (r: OnceResult) => void,
): Promise<void> {
  await addContacts(schoolId);
  const base = { subject: 'students', groupingsFor: 'students', range: 'any' };
  const summary = await measure('Students summary: every pupil by year group × pupil premium', 15, async () => {
    const page = await getCustomReportPage(ctx, { ...base, primary: 'year-group', secondary: 'pupil-premium' });
    return page.students!.table.total;
  });
  summary.note = `${summary.rows} pupils (goal: < 500 ms)`;

  let engineTotal = 0;
  let bareTotal = 0;
  const [engine, bare] = await measurePair(
    [
      'Students summary: pupils with incidents matching (whole history) by tutor group (engine, DSL)',
      'Students summary: the same pupils, bare SQL (owner, no permissions)',
    ],
    15,
    [
      async () => {
        const page = await getCustomReportPage(ctx, { ...base, withIncidents: 'matching', primary: 'tutor-group' });
        engineTotal = page.students!.table.total;
        return engineTotal;
      },
      async () => {
        const db = await getDb();
        const res = (await db.execute(bareWithIncidents(schoolId))) as unknown as { rows: { n: number; g: number }[] };
        bareTotal = Number(res.rows.find((r) => Number(r.g) === 1)?.n ?? -1);
        return bareTotal;
      },
    ],
  );
  if (engineTotal !== bareTotal)
    throw new Error(`the engine counted ${engineTotal} pupils, the bare statement ${bareTotal}`);
  const ratio = Math.round((engine.medianMs / bare.medianMs) * 100) / 100;
  engine.note = `${engineTotal} pupils; ${ratio}× the bare statement (goals: < 500 ms, < 3×)`;
  console.log(`  ${engine.note}`);

  const listing = { ...base, primary: 'year-group', display: 'listing', include: ['basicData', 'contacts'] };
  const view = await measure(
    'Students listing: enquiry view (first 100 pupils, basic data, contacts)',
    15,
    async () => {
      const page = await getCustomReportPage(ctx, listing, DEFAULT_NAME_STYLE);
      return page.listing!.total;
    },
  );
  view.note = `${view.rows} pupils in all (goal: < 500 ms)`;

  const run = await withPeakMemory(async () => {
    const file = await downloadReportXlsx(
      ctx,
      { ...listing, withIncidents: 'matching', include: ['basicData', 'customFields', 'contacts'] },
      DEFAULT_NAME_STYLE,
    );
    return drain(file.body);
  });
  const result: OnceResult = {
    case: 'Students listing: Excel, every pupil with incidents, basic data, contacts (streamed)',
    runs: 1,
    medianMs: Math.round(run.ms),
    p95Ms: Math.round(run.ms),
    rows: engineTotal,
    note: `${Math.round((run.value / MB) * 10) / 10} MB file; peak memory ${run.peakMb} MB (${run.baseMb} MB before, database included) (goals: < 20 s, < 512 MB)`,
  };
  record(result);
  console.log(`  ${result.case}: ${result.medianMs} ms; ${result.note}`);
}
