import { redirect } from 'next/navigation';
import { FormMessage } from '@/app/_components/form-controls';
import { PageShell } from '@/app/_components/page-shell';
import { consoleStage } from '@/lib/http';
import { ConsoleSignInForm } from '../forms';

export const metadata = { title: 'Haven console: sign in' };

/** For the people who run this Haven deployment; school staff sign in on their school's page. */
export default async function ConsoleSignInPage({ searchParams }: { searchParams: Promise<{ password?: string }> }) {
  const { stage } = await consoleStage();
  if (stage !== 'signed-out') redirect(stage === 'ready' ? '/console' : '/console/key');
  const passwordSet = (await searchParams).password === 'set';
  return (
    <PageShell subtitle="Platform console">
      <section className="mx-auto max-w-md rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="text-2xl font-semibold tracking-tight">Sign in to the console</h1>
        <p className="mt-1 text-slate-600">For the people who run this Haven deployment.</p>
        {passwordSet ? (
          <div className="mt-4">
            <FormMessage tone="success" message="Your password is set. Sign in with it now." />
          </div>
        ) : null}
        <div className="mt-6">
          <ConsoleSignInForm />
        </div>
      </section>
    </PageShell>
  );
}
