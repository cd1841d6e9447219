import Link from 'next/link';
import { requireOperator } from '@/lib/http';
import { schoolTimeZones } from '@/lib/time';
import { CreateSchoolForm } from './create-school-form';

export const metadata = { title: 'Haven console: create a school' };

export default async function NewSchoolPage() {
  await requireOperator();
  return (
    <section className="mx-auto max-w-2xl rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <p className="text-sm">
        <Link href="/console" className="text-brand-700 underline underline-offset-2">
          Schools
        </Link>
      </p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight">Create a school</h1>
      <p className="mt-1 text-slate-600">
        The school gets Haven’s default user groups and categories. Its first administrator is emailed a link to set
        their password.
      </p>
      <div className="mt-6">
        <CreateSchoolForm zones={[...schoolTimeZones()]} />
      </div>
    </section>
  );
}
