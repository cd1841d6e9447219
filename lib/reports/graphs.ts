/**
 * Reporting → Graphs: the school's standing charts for this academic year
 * (from lib/calendar's rule), each counted in the database under the
 * permission engine (./school-figures.ts) and shaped for a chart with its
 * table. Decided first, read in one transaction, audited like any report.
 */
import 'server-only';
import { accessSubjectOf } from '@/lib/access';
import { writeAudit } from '@/lib/audit/write';
import type { UserCtx } from '@/lib/tenancy/context';
import { tallyAttendance } from './attendance-tally';
import { monthAxisLabels, singleSeriesChart, type ChartSpec } from './chart-data';
import { requireReports } from './guard';
import { reportingYear } from './reporting-year';
import { absencesByClass, everyMonth, pupilGroups, unauthorisedByMonth, type Counted } from './graph-shapes';
import { attendanceCodeCounts, incidentCounts, monitoredCounts, pupilCounts } from './school-figures';

export const GRAPH_IDS = [
  'incidents-by-category',
  'incidents-by-month',
  'monitored',
  'sen',
  'ethnicity',
  'religion',
  'absences-by-class',
  'unauthorised-absences',
] as const;
export type GraphId = (typeof GRAPH_IDS)[number];

export interface Graph {
  id: GraphId;
  title: string;
  /** What is counted, in a sentence under the title. */
  about: string;
  spec: ChartSpec;
  /** Nothing to draw: every value is 0 or there are no groups. */
  empty: boolean;
}

export interface GraphsPage {
  year: { name: string; from: string; to: string };
  graphs: Graph[];
}

const monthChart = (months: Counted[]): ChartSpec => ({
  ...singleSeriesChart('column', 'incidents', months),
  axisLabels: monthAxisLabels(months),
});

const isEmpty = (spec: ChartSpec) => spec.series.every((s) => s.counts.every((c) => c === 0));

export async function getGraphsPage(ctx: UserCtx): Promise<GraphsPage> {
  requireReports(ctx);
  const subject = await accessSubjectOf(ctx);
  const { school } = ctx;
  return ctx.run(async (tx) => {
    const {
      year,
      yearDays,
      marksDays,
      categories,
      colourOf,
      monitoredGroups: groupsOf,
    } = await reportingYear(tx, subject, school);

    const byCategory = await incidentCounts(tx, subject, school, yearDays, 'category', categories.order);
    const byMonth = await incidentCounts(tx, subject, school, yearDays, 'month', categories.order);
    const monitored = await monitoredCounts(tx, subject);
    const pupils = async (field: 'sen' | 'ethnicity' | 'religion') =>
      pupilGroups(field, await pupilCounts(tx, subject, field));
    const [sen, ethnicity, religion] = [await pupils('sen'), await pupils('ethnicity'), await pupils('religion')];
    const byClass = tallyAttendance(await attendanceCodeCounts(tx, subject, marksDays, 'tutor-group'));
    const byMonthMarks = tallyAttendance(await attendanceCodeCounts(tx, subject, marksDays, 'month'));

    const monitoredGroups = groupsOf(monitored);

    const graphs: Omit<Graph, 'empty'>[] = [
      {
        id: 'incidents-by-category',
        title: 'Incidents by category',
        about: `Incidents this academic year (${year.name}). An incident in several categories is in each of them.`,
        spec: singleSeriesChart(
          'pie',
          'incidents',
          byCategory.rows.map((r) => ({ key: r.key, label: r.label, count: r.total, colour: colourOf(r.key) })),
        ),
      },
      {
        id: 'incidents-by-month',
        title: 'Incidents by month',
        about: `Incidents in each month of this academic year (${year.name}), in the school’s time zone.`,
        spec: monthChart(
          everyMonth(
            byMonth.rows.map((r) => ({ key: r.key, count: r.total })),
            yearDays.from,
            yearDays.to,
          ),
        ),
      },
      {
        id: 'monitored',
        title: 'Monitored students',
        about: 'Pupils on roll monitored now, by category. A pupil monitored in two categories is in both.',
        spec: singleSeriesChart('bar', 'pupils', monitoredGroups, { perGroupColours: true }),
      },
      {
        id: 'sen',
        title: 'SEN status',
        about: 'Pupils on roll by special educational needs status, from the MIS.',
        spec: singleSeriesChart('pie', 'pupils', sen),
      },
      {
        id: 'ethnicity',
        title: 'Student ethnicity',
        about: 'Pupils on roll by ethnicity, from the MIS.',
        spec: singleSeriesChart('bar', 'pupils', ethnicity),
      },
      {
        id: 'religion',
        title: 'Student religion',
        about: 'Pupils on roll by religion, from the MIS.',
        spec: singleSeriesChart('bar', 'pupils', religion),
      },
      {
        id: 'absences-by-class',
        title: 'Absences by class',
        about: `Authorised and unauthorised absence in each tutor group this academic year, as a share of its possible sessions.`,
        spec: absencesByClass(byClass),
      },
      {
        id: 'unauthorised-absences',
        title: 'Unauthorised absences',
        about: 'Unauthorised absence in each month of this academic year, as a share of the month’s possible sessions.',
        spec: unauthorisedByMonth(byMonthMarks, marksDays.from, marksDays.to),
      },
    ];
    await writeAudit(tx, {
      schoolId: school.id,
      action: 'report.run',
      actorUserId: ctx.user.id,
      meta: ctx.meta,
      entityType: null,
      entityId: null,
      details: { view: 'graphs', from: yearDays.from, to: yearDays.to },
    });
    return {
      year: { name: year.name, ...yearDays },
      graphs: graphs.map((g) => ({ ...g, empty: isEmpty(g.spec) })),
    };
  });
}
