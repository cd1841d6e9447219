import { PageShell } from '@/app/_components/page-shell';
import { isOperatorLinkUsable, OPERATOR_LINK_INVALID } from '@/lib/platform';
import { OperatorPasswordForm } from '../forms';

export const metadata = { title: 'Haven console: set your password' };

export default async function OperatorPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const token = (await searchParams).token ?? '';
  const usable = await isOperatorLinkUsable(token);
  return (
    <PageShell subtitle="Platform console">
      <section className="mx-auto max-w-md rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="text-2xl font-semibold tracking-tight">Set your password</h1>
        {usable ? (
          <div className="mt-6">
            <OperatorPasswordForm token={token} />
          </div>
        ) : (
          <p className="mt-3 text-slate-700">{OPERATOR_LINK_INVALID}</p>
        )}
      </section>
    </PageShell>
  );
}
