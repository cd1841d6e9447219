/**
 * What the Graphs and Overview pages both start from, in their transaction:
 * this academic year by the school's calendar (the one rule), its days for
 * incidents and for attendance marks, the categories this person's reports
 * may count with their colours, and the monitored-pupil groups by category.
 */
import 'server-only';
import type { Tx } from '@/db/scoped';
import type { AccessSubject } from '@/lib/access';
import { calendarYears } from '@/lib/calendar/queries';
import { academicYearOn } from '@/lib/calendar/rule';
import type { School } from '@/lib/tenancy/context';
import { dateInZone } from '@/lib/time';
import { schoolCategories } from './custom-report';
import { attendanceDays } from './graph-shapes';
import type { monitoredCounts } from './school-figures';

export async function reportingYear(tx: Tx, subject: AccessSubject, school: School) {
  const today = dateInZone(school.timeZone, subject.now);
  const year = academicYearOn(await calendarYears(tx, school.id), today);
  const categories = await schoolCategories(tx, subject);
  const colourOf = (key: string | null) => (key ? (categories.colours.get(key) ?? null) : null);
  return {
    year,
    yearDays: { from: year.startsOn, to: year.endsOn },
    marksDays: attendanceDays(year, today),
    categories,
    colourOf,
    /** Monitored pupils per category, in the categories' order, only those with any. */
    monitoredGroups: (monitored: Awaited<ReturnType<typeof monitoredCounts>>) =>
      categories.order
        .map((id) => ({ id, count: monitored.byCategory.find((m) => m.categoryId === id)?.count ?? 0 }))
        .filter((m) => m.count > 0)
        .map((m) => ({ key: m.id, label: categories.names.get(m.id) ?? '', count: m.count, colour: colourOf(m.id) })),
  };
}
