import { getAcademicYear } from '@/lib/admin';
import { yearFormValues } from '@/lib/calendar';
import { orNotFound, requireAdminPage } from '../../admin-page';
import { AdminPageHeader } from '../../_components/page-header';
import { RemoveYear } from '../remove-year';
import { YearForm } from '../year-form';

export const metadata = { title: 'Academic year' };

export default async function YearPage({ params }: { params: Promise<{ yearId: string }> }) {
  const ctx = await requireAdminPage();
  const year = await orNotFound(getAcademicYear(ctx, (await params).yearId));
  return (
    <div className="max-w-3xl space-y-5">
      <AdminPageHeader title={year.name} back={{ href: '/admin/calendar', label: 'Calendar' }} />
      <section className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
        <YearForm initial={yearFormValues(year, year)} submitLabel="Save the year" />
      </section>
      <section className="rounded-2xl border border-rose-200 bg-white p-5 shadow-sm">
        <RemoveYear yearId={year.id} name={year.name} />
      </section>
    </div>
  );
}
