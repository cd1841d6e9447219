import Link from 'next/link';
import { redirect } from 'next/navigation';
import { PageShell } from '@/app/_components/page-shell';
import { resolveRootSession } from '@/lib/auth';
import { readSessionToken } from '@/lib/http';
import { RootLoginForm } from './root-login-form';

export const metadata = { title: 'Sign in to your schools' };

/** For staff who work in several schools: one sign-in, then choose the school. */
export default async function RootLoginPage() {
  const token = await readSessionToken('root');
  if (token && (await resolveRootSession(token))) redirect('/');
  return (
    <PageShell>
      <section className="mx-auto max-w-md rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="text-2xl font-semibold tracking-tight">Sign in to your schools</h1>
        <p className="mt-1 text-slate-600">
          For staff who work in several schools. You then choose which school to open.
        </p>
        <div className="mt-6">
          <RootLoginForm />
        </div>
        <p className="mt-6 text-sm text-slate-600">
          Work in one school?{' '}
          <Link href="/" className="text-brand-700 underline underline-offset-2">
            Find your school
          </Link>{' '}
          and sign in there.
        </p>
      </section>
    </PageShell>
  );
}
