import { listAcademicYears } from '@/lib/admin';
import { defaultAcademicYear, yearFormValues } from '@/lib/calendar';
import { dateInZone } from '@/lib/time';
import { requireAdminPage } from '../../admin-page';
import { AdminPageHeader } from '../../_components/page-header';
import { YearForm } from '../year-form';

export const metadata = { title: 'Add an academic year' };

export default async function NewYearPage() {
  const ctx = await requireAdminPage();
  const { years } = await listAcademicYears(ctx);
  // Suggest the year after the last one entered, or the current England year.
  const last = years.at(-1);
  const suggested = defaultAcademicYear(last ? last.endsOn : dateInZone(ctx.school.timeZone));
  const next =
    last && suggested.startsOn <= last.endsOn
      ? defaultAcademicYear(`${Number(last.endsOn.slice(0, 4)) + 1}-01-01`)
      : suggested;
  return (
    <div className="max-w-3xl space-y-5">
      <AdminPageHeader title="Add an academic year" back={{ href: '/admin/calendar', label: 'Calendar' }} />
      <section className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
        <YearForm
          initial={yearFormValues(null, { name: next.name, startsOn: next.startsOn, endsOn: next.endsOn })}
          submitLabel="Add the year"
        />
      </section>
    </div>
  );
}
