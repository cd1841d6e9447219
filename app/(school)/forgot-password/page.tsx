import Link from 'next/link';
import { PageShell } from '@/app/_components/page-shell';
import { getSchool } from '@/lib/http';
import { ForgotForm } from './forgot-form';

export const metadata = { title: 'Set your password' };

export default async function ForgotPasswordPage() {
  const school = await getSchool();
  return (
    <PageShell subtitle={school.name}>
      <section className="mx-auto max-w-md rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="text-2xl font-semibold tracking-tight">Set your password</h1>
        <p className="mt-2 text-slate-600">
          Forgotten your password, or using Haven for the first time? We will email you a link to set one. It works
          once, until midnight tonight.
        </p>
        <div className="mt-6">
          <ForgotForm />
        </div>
        <p className="mt-6 text-sm">
          <Link href="/login" className="text-brand-700 underline underline-offset-2">
            Back to sign in
          </Link>
        </p>
      </section>
    </PageShell>
  );
}
