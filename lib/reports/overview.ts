/**
 * Reporting → Overview: the figures a safeguarding lead looks at first —
 * pupils monitored now (in all and by category), incidents this academic
 * year by category, whole-school attendance this year, and the pupils with
 * the highest and lowest attendance (each a link to the pupil). Every count
 * is the engine-scoped statement of ./school-figures.ts; decided first, read
 * in one transaction and audited like any report.
 */
import 'server-only';
import { accessSubjectOf } from '@/lib/access';
import { writeAudit } from '@/lib/audit/write';
import { groupLabel as pupilGroupLabel } from '@/lib/students/group-label';
import { formatPupilName, type NameStyle } from '@/lib/students/names';
import type { UserCtx } from '@/lib/tenancy/context';
import { percentOf, tallyAttendance } from './attendance-tally';
import { singleSeriesChart, type ChartSpec } from './chart-data';
import { requireReports } from './guard';
import { reportingYear } from './reporting-year';
import { highestAndLowest } from './graph-shapes';
import { attendanceCodeCounts, incidentCounts, monitoredCounts, pupilsByIds } from './school-figures';

/** How many pupils each of "highest" and "lowest" lists. */
export const ATTENDEES_LISTED = 5;

export interface OverviewAttendee {
  id: string;
  name: string;
  group: string;
  percentage: number;
}

export interface OverviewPage {
  year: { name: string; from: string; to: string };
  monitored: { total: number; spec: ChartSpec };
  incidents: { total: number; spec: ChartSpec };
  attendance: {
    from: string;
    to: string;
    possible: number;
    percentage: number | null;
    authorised: number | null;
    unauthorised: number | null;
  };
  highest: OverviewAttendee[];
  lowest: OverviewAttendee[];
}

export async function getOverviewPage(ctx: UserCtx, style: NameStyle): Promise<OverviewPage> {
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

    const monitored = await monitoredCounts(tx, subject);
    const monitoredGroups = groupsOf(monitored);
    const incidents = await incidentCounts(tx, subject, school, yearDays, 'category', categories.order);

    const whole = tallyAttendance(await attendanceCodeCounts(tx, subject, marksDays, 'school')).get(null);
    const perPupil = tallyAttendance(await attendanceCodeCounts(tx, subject, marksDays, 'pupil'));
    const ranked = highestAndLowest(perPupil, ATTENDEES_LISTED);
    const pupils = new Map(
      (
        await pupilsByIds(
          tx,
          subject,
          [...ranked.highest, ...ranked.lowest].map((p) => p.id),
        )
      ).map((p) => [p.id, p]),
    );
    const named = (list: typeof ranked.highest): OverviewAttendee[] =>
      list.flatMap((a) => {
        const p = pupils.get(a.id);
        return p
          ? [{ id: a.id, name: formatPupilName(p, style), group: pupilGroupLabel(p), percentage: a.percentage }]
          : [];
      });

    await writeAudit(tx, {
      schoolId: school.id,
      action: 'report.run',
      actorUserId: ctx.user.id,
      meta: ctx.meta,
      entityType: null,
      entityId: null,
      details: { view: 'overview', from: yearDays.from, to: yearDays.to },
    });
    const possible = whole?.possible ?? 0;
    return {
      year: { name: year.name, ...yearDays },
      monitored: {
        total: monitored.total,
        spec: singleSeriesChart('bar', 'pupils', monitoredGroups, { perGroupColours: true }),
      },
      incidents: {
        total: incidents.total,
        spec: singleSeriesChart(
          'pie',
          'incidents',
          incidents.rows.map((r) => ({ key: r.key, label: r.label, count: r.total, colour: colourOf(r.key) })),
        ),
      },
      attendance: {
        ...marksDays,
        possible,
        percentage: percentOf(whole?.attending ?? 0, possible),
        authorised: percentOf(whole?.authorised ?? 0, possible),
        unauthorised: percentOf(whole?.unauthorised ?? 0, possible),
      },
      highest: named(ranked.highest),
      lowest: named(ranked.lowest),
    };
  });
}
