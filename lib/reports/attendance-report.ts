/**
 * Reporting → Attendance: attendance by class (the school's main group type
 * for reporting) against the average of every pupil counted, for one school
 * year (this one, or an earlier one the school holds marks for, placed by
 * lib/calendar's rule), and a class's pupils from highest to lowest. Pupils
 * counted are those on roll the viewer may list that match the pupil filters
 * (./pupil-filters.ts); everything is counted in the database
 * (./attendance-figures.ts). Decided first, read in one transaction, audited
 * like any report: the audit row holds the year, the class and the filters,
 * never a pupil's name or figure.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { accessSubjectOf, restrictedClasses, type AccessSubject } from '@/lib/access';
import { writeAudit } from '@/lib/audit/write';
import { calendarYears } from '@/lib/calendar/queries';
import { academicYearOn, academicYearsOf, type AcademicYear } from '@/lib/calendar/rule';
import { NotFoundError } from '@/lib/errors';
import { formatPupilName, type NameStyle } from '@/lib/students/names';
import type { UserCtx } from '@/lib/tenancy/context';
import { dateInZone } from '@/lib/time';
import { markCounts, markedDays, pupilsOfClass, pupilsPerClass, type ClassKind } from './attendance-figures';
import {
  attendanceChart,
  classRows,
  rankPupils,
  type AttendanceAverage,
  type AttendanceClassRow,
} from './attendance-shapes';
import { percentOf, tallyAttendance, type AttendanceTally } from './attendance-tally';
import type { ChartSpec } from './chart-data';
import { attendanceDays } from './graph-shapes';
import { requireReports } from './guard';
import { parsePupilFilters, type PupilFilterForm } from './pupil-filters';
import {
  monitoredFilterCategories,
  pupilFilterCondition,
  pupilFilterOptions,
  type PupilFilterOptions,
} from './pupil-filters-sql';

type Query = Record<string, string | string[] | undefined>;

export const CLASS_NOUNS: Record<ClassKind, { one: string; none: string }> = {
  tutor: { one: 'Tutor group', none: 'No tutor group' },
  year: { one: 'Year group', none: 'No year group' },
};

export interface AttendanceYear {
  name: string;
  startsOn: string;
  from: string;
  to: string;
  current: boolean;
}

export interface AttendanceScope {
  year: AttendanceYear;
  /** The school years with marks, newest first (this one always); the picker links each. */
  years: { startsOn: string; name: string }[];
  classKind: ClassKind;
  form: PupilFilterForm;
  /** Categories whose monitored pupils the viewer may see: the monitored filter's only choices. */
  categories: { id: string; name: string; parentId: string | null }[];
  options: PupilFilterOptions;
  /** The viewer sees only some classes (Admin → Class restrictions): the average is of those. */
  restrictedTo: string[] | null;
}

export interface AttendancePage extends AttendanceScope {
  average: AttendanceAverage;
  classes: AttendanceClassRow[];
  chart: ChartSpec;
}

export interface ClassPupil {
  id: string;
  name: string;
  possible: number;
  percentage: number | null;
}

export interface ClassAttendancePage extends AttendanceScope {
  group: string;
  average: AttendanceAverage;
  /** The class's own figure, over the pupils shown. */
  classFigure: AttendanceAverage;
  pupils: ClassPupil[];
}

/** The chosen year and its days: this year up to today; an earlier one to its end, or to a later mark still its own. */
async function chooseYear(tx: Tx, subject: AccessSubject, school: UserCtx['school'], wanted: string | undefined) {
  const today = dateInZone(school.timeZone, subject.now);
  const calendar = await calendarYears(tx, school.id);
  const thisYear = academicYearOn(calendar, today);
  const days = await markedDays(tx, subject, today);
  const years = academicYearsOf(calendar, [today, ...days]);
  const chosen: AcademicYear = years.find((y) => y.startsOn === wanted) ?? thisYear;
  const current = chosen.startsOn === thisYear.startsOn;
  const lastMarked = days
    .filter((d) => academicYearOn(calendar, d).startsOn === chosen.startsOn)
    .sort()
    .at(-1);
  const span = current
    ? attendanceDays(chosen, today)
    : { from: chosen.startsOn, to: [chosen.endsOn, lastMarked ?? chosen.endsOn].sort().at(-1)! };
  return {
    today,
    year: { name: chosen.name, startsOn: chosen.startsOn, ...span, current },
    years: years.map((y) => ({ startsOn: y.startsOn, name: y.name })),
  };
}

async function scopeOf(tx: Tx, ctx: UserCtx, subject: AccessSubject, query: Query) {
  const { today, year, years } = await chooseYear(tx, subject, ctx.school, one(query.year));
  const categories = await monitoredFilterCategories(tx, subject);
  const form = parsePupilFilters(query, { categoryIds: categories.map((c) => c.id) });
  const scope: AttendanceScope = {
    year,
    years,
    classKind: ctx.school.settings.reportingGroupType,
    form,
    categories,
    options: await pupilFilterOptions(tx, subject),
    restrictedTo: restrictedClasses(subject),
  };
  // Invalid filters count nobody rather than everybody: the page shows the messages, not wrong figures.
  const match = form.filters ? pupilFilterCondition(subject, form.filters, today) : sql`false`;
  return { scope, match };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function audit(tx: Tx, ctx: UserCtx, scope: AttendanceScope, extra: Record<string, unknown>) {
  return writeAudit(tx, {
    schoolId: ctx.school.id,
    action: 'report.run',
    actorUserId: ctx.user.id,
    meta: ctx.meta,
    entityType: null,
    entityId: null,
    details: {
      view: 'attendance',
      from: scope.year.from,
      to: scope.year.to,
      ...extra,
      ...(scope.form.filters && scope.form.active ? { filters: scope.form.filters } : {}),
    },
  });
}

export async function getAttendancePage(ctx: UserCtx, query: Query): Promise<AttendancePage> {
  requireReports(ctx);
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const { scope, match } = await scopeOf(tx, ctx, subject, query);
    const kind = scope.classKind;
    const tallies = tallyAttendance(await markCounts(tx, subject, scope.year, match, { kind, per: 'class' }));
    const { average, rows } = classRows(
      tallies,
      await pupilsPerClass(tx, subject, kind, match),
      CLASS_NOUNS[kind].none,
    );
    await audit(tx, ctx, scope, {});
    return { ...scope, average, classes: rows, chart: attendanceChart(average, rows, 'Average') };
  });
}

/**
 * One class's pupils, highest attendance first. A class the viewer may list
 * no pupil of — another school's, one outside their class restriction, a
 * name that does not exist — is not found, the same answer for each.
 */
export async function getClassAttendance(
  ctx: UserCtx,
  group: string,
  query: Query,
  style: NameStyle,
): Promise<ClassAttendancePage> {
  requireReports(ctx);
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const { scope, match } = await scopeOf(tx, ctx, subject, query);
    const kind = scope.classKind;
    const members = await pupilsOfClass(tx, subject, kind, group, match);
    if (members.length === 0) throw new NotFoundError('class');
    const average = classRows(
      tallyAttendance(await markCounts(tx, subject, scope.year, match, { kind, per: 'class' })),
      await pupilsPerClass(tx, subject, kind, match),
      CLASS_NOUNS[kind].none,
    ).average;
    const tallies = tallyAttendance(await markCounts(tx, subject, scope.year, match, { kind, per: 'pupil', group }));
    const shown = members.filter((m) => m.matches).map((m) => ({ id: m.id, name: formatPupilName(m, style) }));
    const ranked = rankPupils(shown, tallies);
    const sum = sumOf(tallies);
    const own = { pupils: shown.length, possible: sum.possible, percentage: percentOf(sum.attending, sum.possible) };
    await audit(tx, ctx, scope, { group, groupKind: kind });
    return {
      ...scope,
      group,
      average,
      classFigure: own,
      pupils: ranked.map((r) => ({
        id: r.pupil.id,
        name: r.pupil.name,
        possible: r.possible,
        percentage: r.percentage,
      })),
    };
  });
}

function sumOf(tallies: ReadonlyMap<string | null, AttendanceTally>) {
  const t = { possible: 0, attending: 0 };
  for (const v of tallies.values()) {
    t.possible += v.possible;
    t.attending += v.attending;
  }
  return t;
}
