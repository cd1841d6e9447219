import Link from 'next/link';
import { PageShell } from '@/app/_components/page-shell';
import { isResetTokenUsable, RESET_LINK_INVALID } from '@/lib/auth';
import { getSchool } from '@/lib/http';
import { ResetForm } from './reset-form';

export const metadata = { title: 'Choose a new password' };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const school = await getSchool();
  const token = (await searchParams).token ?? '';
  const usable = await isResetTokenUsable(school, token);
  return (
    <PageShell subtitle={school.name}>
      <section className="mx-auto max-w-md rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="text-2xl font-semibold tracking-tight">Choose a new password</h1>
        {usable ? (
          <div className="mt-6">
            <ResetForm token={token} />
          </div>
        ) : (
          <p className="mt-3 text-slate-700">
            {RESET_LINK_INVALID}{' '}
            <Link href="/forgot-password" className="text-brand-700 underline underline-offset-2">
              Send a new link
            </Link>
          </p>
        )}
      </section>
    </PageShell>
  );
}
