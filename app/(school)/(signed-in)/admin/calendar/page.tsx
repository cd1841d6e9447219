import Link from 'next/link';
import { listAcademicYears } from '@/lib/admin';
import { academicYearOn, termOn, type Term } from '@/lib/calendar';
import { dateInZone, formatSchoolDay } from '@/lib/time';
import { requireAdminPage } from '../admin-page';
import { AdminPageHeader, buttonLink } from '../_components/page-header';

export const metadata = { title: 'Calendar' };

const SAVED: Record<string, string> = {
  added: 'The academic year is added.',
  changed: 'The academic year is saved.',
  removed: 'The academic year is removed.',
};

const day = (iso: string) => formatSchoolDay(iso);

function TermList({ terms }: { terms: readonly Term[] }) {
  return (
    <ul className="mt-2 grid gap-1 text-sm text-slate-700 sm:grid-cols-3">
      {terms.map((t) => (
        <li key={`${t.name}-${t.startsOn}`}>
          <span className="font-medium text-slate-900">{t.name}</span>: {day(t.startsOn)} to {day(t.endsOn)}
        </li>
      ))}
    </ul>
  );
}

export default async function CalendarPage({ searchParams }: { searchParams: Promise<{ saved?: string }> }) {
  const ctx = await requireAdminPage();
  const { years } = await listAcademicYears(ctx);
  const saved = SAVED[(await searchParams).saved ?? ''];
  const today = dateInZone(ctx.school.timeZone);
  const current = academicYearOn(years, today);
  const term = termOn(current, today);
  return (
    <div className="max-w-3xl space-y-5">
      <AdminPageHeader
        title="Calendar"
        intro="Academic years, their terms and closure days. Attendance figures and reports read “this academic year” and “this term” from here."
      >
        <Link href="/admin/calendar/new" className={buttonLink}>
          Add an academic year
        </Link>
      </AdminPageHeader>
      {saved ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900">
          {saved}
        </p>
      ) : null}
      <section
        aria-labelledby="today-heading"
        className={`rounded-2xl border p-4 ${current.isDefault ? 'border-amber-200 bg-amber-50 text-amber-950' : 'border-slate-200 bg-white'}`}
      >
        <h2 id="today-heading" className="font-semibold">
          Today, {day(today)}
        </h2>
        <p className="mt-1">
          This academic year is {current.name} ({day(current.startsOn)} to {day(current.endsOn)})
          {term ? `, ${term.name} term` : ''}.
        </p>
        {current.isDefault ? (
          <p className="mt-1 text-sm">
            {years.length === 0 ? 'No calendar is entered, so' : 'No year entered covers today, so'} the England default
            applies: 1 September to 31 August, with Autumn to 31 December, Spring to 31 March and Summer to 31 August.
          </p>
        ) : null}
      </section>
      {years.length === 0 ? (
        <p className="rounded-2xl border border-dashed border-slate-300 bg-white p-5 text-slate-600">
          No academic years yet.
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white shadow-sm">
          {[...years].reverse().map((y) => (
            <li key={y.id} className="p-4">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <Link
                  href={`/admin/calendar/${y.id}`}
                  className="font-semibold text-brand-800 underline-offset-2 hover:underline"
                >
                  {y.name}
                </Link>
                <span className="text-sm text-slate-700">
                  {day(y.startsOn)} to {day(y.endsOn)}
                  {y.closures.length > 0
                    ? ` · ${y.closures.length === 1 ? '1 closure' : `${y.closures.length} closures`}`
                    : ''}
                </span>
              </div>
              <TermList terms={y.terms} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
